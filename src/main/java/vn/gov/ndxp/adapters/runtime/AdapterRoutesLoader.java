package vn.gov.ndxp.adapters.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.adapter.InvalidDescriptorException;
import vn.gov.ndxp.adapters.backend.BackendResilience;
import vn.gov.ndxp.adapters.backend.SoapBackends;
import vn.gov.ndxp.adapters.capture.AdapterDatasources;

/**
 * Loads the Kamelets (*.kamelet.yaml) and shared route configurations (*.camel.yaml) of routes/, then
 * every enabled adapter's *.camel.yaml, checking the conventions Hawtio and the catalogue rely on:
 * route ids "<adapter-id>-<flow>", route group = adapter id, and a route for every declared service.
 * Before that, the adapters' SOAP backends become CXF endpoint beans (cxf:bean:<adapter>-<backend>).
 * <p>
 * A Kamelet called in a route (to: kamelet:...) runs without an error handler of its own, so its
 * failure is the calling step's failure and the route configuration of the calling route types it,
 * retries it or dead-letters it. A Kamelet that starts a flow is instantiated with templatedRoute under
 * the adapter's route id; such a route gets the adapter's group. adapter.yaml autoStartup switches
 * routes on or off: a route that is off is loaded but not started (an operator may start it).
 */
public class AdapterRoutesLoader implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterRoutesLoader.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /**
     * The top-level items an adapter's *.camel.yaml may hold: what the shipped adapters use. Others
     * (beans:, routeConfiguration:, ...) would act on the whole Camel context, beans: even while the
     * file is only being parsed.
     */
    static final Set<String> ADAPTER_ITEMS = Set.of("route", "templatedRoute");

    private final AdapterRegistry registry;
    private final Path sharedRoutes;
    private final BackendResilience resilience;
    private final SoapBackends soapBackends;
    private final AdapterDatasources datasources;

    public AdapterRoutesLoader(AdapterRegistry registry, Path sharedRoutes, BackendResilience resilience,
                               SoapBackends soapBackends, AdapterDatasources datasources) {
        this.registry = registry;
        this.resilience = resilience;
        this.soapBackends = soapBackends;
        this.datasources = datasources;
        this.sharedRoutes = sharedRoutes.toAbsolutePath().normalize();
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        resilience.bindTo(context);
        soapBackends.bindTo(context);
        datasources.bindTo(context);
        KameletComponent kamelets = context.getComponent("kamelet", KameletComponent.class);
        kamelets.setNoErrorHandler(true);
        kamelets.setLocation("file:" + sharedRoutes);
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        load(context, files(sharedRoutes, ".kamelet.yaml"));
        load(context, files(sharedRoutes, ".camel.yaml"));
        for (AdapterDescriptor adapter : registry.enabled()) {
            Set<String> before = routeIds(model);
            List<Path> files = files(adapter.folder(), ".camel.yaml");
            files.forEach(AdapterRoutesLoader::checkItems);
            load(context, files);
            List<RouteDefinition> added = model.getRouteDefinitions().stream()
                    .filter(r -> !before.contains(r.getRouteId())).toList();
            added.forEach(r -> adopt(adapter, r));
            Map<String, String> groups = new LinkedHashMap<>();
            added.forEach(r -> groups.put(r.getRouteId(), r.getGroup()));
            check(adapter, groups);
            LOG.info("Adapter {}: loaded {} route(s) from {}", adapter.id(), added.size(),
                    files.stream().map(f -> f.getFileName().toString()).toList());
        }
    }

    /** What adapter.yaml says about a route of the adapter: the group of a Kamelet-started one, autoStartup. */
    static void adopt(AdapterDescriptor adapter, RouteDefinition r) {
        if (r.isCreatedFromTemplate() && r.getGroup() == null) {
            r.setGroup(adapter.id());
        }
        Boolean on = adapter.autoStartup().get(r.getRouteId());
        if (on != null) {
            r.setAutoStartup(on.toString());
        }
    }

    /**
     * The conventions of an adapter's routes (route id -> group): ids "&lt;adapter-id&gt;-&lt;flow&gt;",
     * group = adapter id, and a route for every autoStartup entry and declared service.
     */
    static void check(AdapterDescriptor adapter, Map<String, String> routes) {
        for (Map.Entry<String, String> r : routes.entrySet()) {
            String id = r.getKey();
            if (id == null || !id.startsWith(adapter.id() + "-")) {
                throw new IllegalStateException("Adapter " + adapter.id() + ": every route in " + adapter.folder()
                        + " needs an explicit id '" + adapter.id() + "-<flow>' (found '" + id + "')");
            }
            if (!adapter.id().equals(r.getValue())) {
                throw new IllegalStateException("Adapter " + adapter.id() + ": route '" + id
                        + "' must declare group: " + adapter.id() + " (Hawtio groups routes per adapter)");
            }
        }
        for (String id : adapter.autoStartup().keySet()) {
            if (!routes.containsKey(id)) {
                throw new InvalidDescriptorException(adapter.folder().resolve("adapter.yaml"),
                        "autoStartup." + id, "no route with this id in the adapter's *.camel.yaml");
            }
        }
        for (int i = 0; i < adapter.services().size(); i++) {
            AdapterDescriptor.Service s = adapter.services().get(i);
            if (!routes.containsKey(s.route())) {
                throw new InvalidDescriptorException(adapter.folder().resolve("adapter.yaml"),
                        "services[" + i + "].route", "no route with id '" + s.route() + "' in the adapter's *.camel.yaml");
            }
        }
    }

    /** Refuses an adapter route file with a top-level item other than {@link #ADAPTER_ITEMS}, naming file and key. */
    static void checkItems(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Invalid route file " + file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isArray()) {
            throw new IllegalStateException("Invalid route file " + file + ": must be a list of " + ADAPTER_ITEMS + " items");
        }
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            List<String> keys = new ArrayList<>();
            item.fieldNames().forEachRemaining(keys::add);
            if (!item.isObject() || keys.size() != 1 || !ADAPTER_ITEMS.contains(keys.get(0))) {
                throw new IllegalStateException("Invalid route file " + file + ": item [" + i + "] '" + String.join(", ", keys)
                        + "': an adapter's route file holds only " + ADAPTER_ITEMS.stream().sorted().toList()
                        + " items (no beans; shared configuration is in routes/)");
            }
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    private static void load(CamelContext context, List<Path> files) {
        if (files.isEmpty()) {
            return;
        }
        List<Resource> resources = new ArrayList<>();
        for (Path f : files) {
            resources.add(PluginHelper.getResourceLoader(context).resolveResource("file:" + f));
        }
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(resources.toArray(Resource[]::new));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot load routes " + files + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> routeIds(Model model) {
        Set<String> ids = new HashSet<>();
        model.getRouteDefinitions().forEach(r -> ids.add(r.getRouteId()));
        return ids;
    }

    static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + dir, e);
        }
    }
}
