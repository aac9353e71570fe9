package vn.gov.ndxp.adapters.runtime;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import vn.gov.ndxp.adapters.adapter.AdapterControl;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.capture.AdapterDatasources;
import vn.gov.ndxp.adapters.platform.PlatformClient;

/**
 * /actuator/health/adapters/<id>: per adapter, the state of its service routes, whether each legacy
 * backend accepts a connection, whether a platform token can be had, and maintenance mode.
 * A stopped route or maintenance is OUT_OF_SERVICE (an operator's decision); a failing backend or
 * platform is DOWN.
 */
public class AdapterHealth implements CompositeHealthContributor {

    private final AdapterRegistry registry;
    private final CamelContext camel;
    private final AdapterControl control;
    private final PlatformClient platform;
    private final AdapterDatasources datasources;

    public AdapterHealth(AdapterRegistry registry, CamelContext camel, AdapterControl control, PlatformClient platform,
                         AdapterDatasources datasources) {
        this.registry = registry;
        this.camel = camel;
        this.control = control;
        this.platform = platform;
        this.datasources = datasources;
    }

    /** The enabled adapters as they are now: a reload adds, replaces or removes one. */
    private Map<String, HealthContributor> adapters() {
        Map<String, HealthContributor> out = new LinkedHashMap<>();
        for (AdapterDescriptor a : registry.enabled()) {
            out.put(a.id(), (HealthIndicator) () -> check(a, camel, control, platform, datasources));
        }
        return out;
    }

    private static Health check(AdapterDescriptor a, CamelContext camel, AdapterControl control, PlatformClient platform,
                                AdapterDatasources datasources) {
        Health.Builder h = Health.up();
        Status status = Status.UP;
        Map<String, String> routes = new LinkedHashMap<>();
        for (AdapterDescriptor.Service s : a.services()) {
            ServiceStatus rs = camel.getRouteController().getRouteStatus(s.route());
            routes.put(s.route(), rs == null ? "missing" : rs.name());
            if (rs == null || !rs.isStarted()) {
                status = Status.OUT_OF_SERVICE;
            }
        }
        if (a.services().isEmpty()) {
            // a push-only adapter (file drop): its source routes; out of service when none runs
            camel.getRoutes().stream().filter(r -> a.id().equals(r.getGroup()))
                    .forEach(r -> routes.put(r.getRouteId(), camel.getRouteController().getRouteStatus(r.getRouteId()).name()));
            if (routes.values().stream().noneMatch("Started"::equals)) {
                status = Status.OUT_OF_SERVICE;
            }
        }
        h.withDetail("routes", routes);
        if (control.inMaintenance(a.id())) {
            status = Status.OUT_OF_SERVICE;
            h.withDetail("maintenance", true);
        }
        Map<String, String> backends = new LinkedHashMap<>();
        for (AdapterDescriptor.Backend b : a.backends().values()) {
            String reachable = reachable(b);
            backends.put(b.name(), reachable);
            if (!"reachable".equals(reachable)) {
                status = Status.DOWN;
            }
        }
        if (a.datasource() != null) {
            String db = datasources.check(a.id());
            backends.put("database", db);
            if (!"reachable".equals(db)) {
                status = Status.DOWN;
            }
        }
        if (!backends.isEmpty()) {
            h.withDetail("backends", backends);
        }
        if (a.platformClient() != null) {
            try {
                platform.checkToken(a.platformClient().key(), a.platformClient().secret(), a.subsystem());
                h.withDetail("platformToken", "obtainable");
            } catch (RuntimeException e) {
                h.withDetail("platformToken", e.getMessage());
                status = Status.DOWN;
            }
        }
        return h.status(status).build();
    }

    private static String reachable(AdapterDescriptor.Backend b) {
        try {
            URI uri = URI.create(b.url());
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), port), (int) Math.min(2000, b.connectTimeout().toMillis()));
            }
            return "reachable";
        } catch (Exception e) {
            return "unreachable: " + e.getClass().getSimpleName();
        }
    }

    @Override
    public HealthContributor getContributor(String name) {
        return adapters().get(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return adapters().entrySet().stream().map(e -> NamedContributor.of(e.getKey(), e.getValue())).iterator();
    }
}
