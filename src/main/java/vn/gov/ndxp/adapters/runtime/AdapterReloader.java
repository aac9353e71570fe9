package vn.gov.ndxp.adapters.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.adapter.AdapterReloads;
import vn.gov.ndxp.adapters.adapter.AdaptersProperties;
import vn.gov.ndxp.adapters.audit.TransactionLog;
import vn.gov.ndxp.adapters.audit.TransactionRecord;
import vn.gov.ndxp.adapters.backend.BackendResilience;
import vn.gov.ndxp.adapters.backend.SoapBackends;
import vn.gov.ndxp.adapters.capture.AdapterDatasources;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.files.FileIntake;
import vn.gov.ndxp.adapters.files.FileLayout;

/**
 * Takes an adapter folder in again without a restart, its routes as one unit. The whole new version
 * is read first (adapter.yaml, every mapping and record layout, every *.camel.yaml parsed into route
 * definitions and checked against the descriptor) while the old one serves; a fault refuses the
 * reload naming file and field. Then the old routes stop (in-flight exchanges finish, within
 * ndxp.adapters.drain-timeout) and are removed with the endpoints only they used, the descriptor,
 * its SOAP endpoint beans, breakers and pool are replaced, and the new routes are added. Should Camel
 * refuse them when it builds them (an unknown endpoint), they are removed and the old version is put
 * back. A folder that is gone removes the adapter. Every reload, refused or not, is a transaction
 * record of direction "operator".
 */
public class AdapterReloader implements AdapterReloads {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterReloader.class);

    private final CamelContext camel;
    private final AdapterRegistry registry;
    private final AdapterMappings mappings;
    private final SoapBackends soapBackends;
    private final BackendResilience resilience;
    private final AdapterDatasources datasources;
    private final FileIntake intake;
    private final TransactionLog log;
    private final AdaptersProperties props;
    private final ObjectProvider<CamelRequestHandlerMapping> httpMappings;
    /** Per adapter id, the files (path, size, time) of the version last taken in or refused. */
    private final Map<String, String> taken = new ConcurrentHashMap<>();
    /** The adapter whose routes are being added: Camel builds Kamelet-started ones during the add. */
    private volatile AdapterDescriptor adding;
    /** The routes of the version replaced that an operator had stopped: they are added stopped. */
    private volatile Set<String> keepStopped = Set.of();

    public AdapterReloader(CamelContext camel, AdapterRegistry registry, AdapterMappings mappings, SoapBackends soapBackends,
                           BackendResilience resilience, AdapterDatasources datasources, FileIntake intake, TransactionLog log,
                           AdaptersProperties props, ObjectProvider<CamelRequestHandlerMapping> httpMappings) {
        this.httpMappings = httpMappings;
        this.camel = camel;
        this.registry = registry;
        this.mappings = mappings;
        this.soapBackends = soapBackends;
        this.resilience = resilience;
        this.datasources = datasources;
        this.intake = intake;
        this.log = log;
        this.props = props;
        registry.folders().forEach((id, folder) -> taken.put(id, fingerprint(folder)));
        model().addModelLifecycleStrategy(new ModelLifecycleStrategy() {
            @Override
            public void onAddRouteDefinition(RouteDefinition r) {
                AdapterDescriptor a = adding;
                if (a != null && r.getRouteId() != null && r.getRouteId().startsWith(a.id() + "-")) {
                    AdapterRoutesLoader.adopt(a, r);
                    keepState(r);
                }
            }

            @Override
            public void onRemoveRouteDefinition(RouteDefinition r) {
            }

            @Override
            public void onAddRouteTemplateDefinition(RouteTemplateDefinition t) {
            }

            @Override
            public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition t) {
            }
        });
    }

    @Override
    public synchronized Map<String, Object> reload(String id, String by) {
        if (!AdapterRegistry.isId(id)) {
            // before any work: the id names a folder and goes into logs and the transaction record
            throw NdxpException.badRequest("id", "adapterId must be an adapter id: lower-case letters, digits and '-',"
                    + " 2 to 63 characters, a letter first");
        }
        Instant in = Instant.now();
        String version = null;
        try {
            Path folder = folders().get(id);
            if (folder == null) {
                taken.remove(id);
            } else {
                taken.put(id, fingerprint(folder));
                version = version(folder);
            }
            Map<String, Object> done = apply(id);
            record(id, by, in, version, TransactionRecord.SUCCESS, 200, null);
            return done;
        } catch (NdxpException e) {
            record(id, by, in, version, TransactionRecord.FAILURE, e.status(), e.category());
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Adapter {}: reload failed", id, e);
            record(id, by, in, version, TransactionRecord.FAILURE, 500, NdxpException.ADAPTER_INTERNAL);
            throw new NdxpException(NdxpException.ADAPTER_INTERNAL, 500, "Adapter reload failed",
                    "reload of adapter " + id + " failed: " + message(e), null, null, e);
        }
    }

    /**
     * The adapter ids whose folder changed since it was last taken in or refused, with the folder's
     * state now (null: gone), for the folder watch.
     */
    public Map<String, String> changed() {
        Map<String, String> now = new LinkedHashMap<>();
        folders().forEach((id, folder) -> now.put(id, fingerprint(folder)));
        Map<String, String> out = new LinkedHashMap<>();
        now.forEach((id, fp) -> {
            if (!fp.equals(taken.get(id))) {
                out.put(id, fp);
            }
        });
        taken.keySet().stream().filter(id -> !now.containsKey(id)).forEach(id -> out.put(id, null));
        return out;
    }

    /** A reload unless the folder is as last taken in (another trigger got there first): null then. */
    public synchronized Map<String, Object> reloadIfChanged(String id, String by) {
        return changed().containsKey(id) ? reload(id, by) : null;
    }

    private Map<String, Path> folders() {
        try {
            return registry.folders();
        } catch (RuntimeException e) {
            throw refused(e.getMessage());
        }
    }

    /**
     * What the reload takes in, for its transaction record (route_id, in the hash chain): "reload:" and
     * the first 40 hex digits of a SHA-256 over the folder's files sorted by relative path, each as
     * path '\0' size '\0' content; null when the folder cannot be read.
     */
    static String version(Path folder) {
        try (Stream<Path> files = Files.walk(folder, 4)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> sorted = files.filter(Files::isRegularFile).sorted(Comparator.comparing(f -> relative(folder, f))).toList();
            for (Path f : sorted) {
                byte[] content = Files.readAllBytes(f);
                sha.update((relative(folder, f) + '\0' + content.length + '\0').getBytes(StandardCharsets.UTF_8));
                sha.update(content);
            }
            return "reload:" + HexFormat.of().formatHex(sha.digest()).substring(0, 40);
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    private static String relative(Path folder, Path f) {
        return folder.relativize(f).toString().replace('\\', '/');
    }

    private static String fingerprint(Path folder) {
        try (Stream<Path> files = Files.walk(folder, 4)) {
            StringBuilder out = new StringBuilder();
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                out.append(folder.relativize(f)).append(':').append(a.size()).append(':')
                        .append(a.lastModifiedTime().to(TimeUnit.NANOSECONDS)).append('\n');
            }
            return out.toString();
        } catch (IOException e) {
            // being deleted or written: changed, looked at again on the next round
            return "unreadable " + e;
        }
    }

    private Map<String, Object> apply(String id) {
        AdapterDescriptor old = registry.get(id);
        Path folder = folders().get(id);
        if (folder == null) {
            if (old == null) {
                throw new NdxpException(NdxpException.CLIENT_NOT_FOUND, 404, "Not Found",
                        "No adapter folder " + id + " and no adapter of this id");
            }
            List<String> removed = removeRoutes(old);
            unbind(old);
            registry.remove(id);
            dropStaleHttpMappings();
            LOG.warn("Adapter {}: removed ({} route(s) stopped)", id, removed.size());
            return outcome(id, "removed", removed);
        }
        Candidate next = read(folder);
        List<RouteDefinition> previous = old == null ? List.of() : definitions(old);
        // an operator's stopped or suspended routes stay so (same route ids): saved before they go
        Map<String, ServiceStatus> states = new LinkedHashMap<>();
        previous.forEach(r -> {
            ServiceStatus st = camel.getRouteController().getRouteStatus(r.getRouteId());
            // stopped as adapter.yaml's autoStartup had it is the descriptor's state, not an operator's
            boolean configuredOff = Boolean.FALSE.equals(old.autoStartup().get(r.getRouteId()));
            if (st != null && (st.isStopped() && !configuredOff || st.isSuspended())) {
                states.put(r.getRouteId(), st);
            }
        });
        keepStopped = states.entrySet().stream().filter(st -> st.getValue().isStopped()).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
        List<String> removed = old == null ? List.of() : removeRoutes(old);
        if (old != null) {
            unbind(old);
        }
        try {
            bind(next.adapter);
            if (next.adapter.enabled()) {
                addRoutes(next);
                for (Map.Entry<String, ServiceStatus> st : states.entrySet()) {
                    if (st.getValue().isSuspended() && camel.getRoute(st.getKey()) != null) {
                        camel.getRouteController().suspendRoute(st.getKey());
                    }
                }
            }
        } catch (Exception e) {
            // Camel refused the new routes when it built them: back to the version that served
            removeRoutes(next.adapter);
            unbind(next.adapter);
            if (old != null) {
                try {
                    bind(old);
                    previous.forEach(this::keepState);
                    model().addRouteDefinitions(previous);
                } catch (Exception restore) {
                    LOG.error("Adapter {}: the previous version could not be restored", id, restore);
                    restore.addSuppressed(e);
                    throw new NdxpException(NdxpException.ADAPTER_INTERNAL, 500, "Adapter reload failed",
                            "reload failed; adapter " + id + " is down: " + next.describe(e) + "; restoring the previous"
                                    + " version: " + message(restore), null, null, restore);
                }
            } else {
                registry.remove(id);
            }
            dropStaleHttpMappings();
            throw refused(next.describe(e));
        } finally {
            keepStopped = Set.of();
        }
        dropStaleHttpMappings();
        List<String> routes = definitions(next.adapter).stream().map(RouteDefinition::getRouteId).toList();
        LOG.warn("Adapter {}: {} from {} ({} route(s) stopped, {} loaded)", id, old == null ? "added" : "reloaded",
                folder, removed.size(), routes.size());
        return outcome(id, old == null ? "added" : "reloaded", routes);
    }

    /** Every file layout of the folder, read afresh with its record layout (FileLayout names file and field). */
    private static void checkFileLayouts(Path folder) {
        for (Path dir : List.of(folder, folder.resolve("mappings"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".file.yaml")).sorted().toList()) {
                    String name = f.getFileName().toString();
                    FileLayout.load(folder, name.substring(0, name.length() - ".file.yaml".length()), AdapterMappings::readLayout);
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** The new version, read and checked while the old one serves. */
    private Candidate read(Path folder) {
        AdapterDescriptor adapter;
        try {
            adapter = registry.read(folder);
            mappings.check(folder);
            mappings.checkFields(adapter);
            checkFileLayouts(folder);
            // what bind() derives from the folder: a fault there would come after the old routes went
            AdapterDatasources.outboxes(folder);
        } catch (RuntimeException e) {
            throw refused(e.getMessage());
        }
        Candidate c = new Candidate(adapter);
        for (Path f : AdapterRoutesLoader.files(folder, ".camel.yaml")) {
            try {
                AdapterRoutesLoader.checkItems(f);
            } catch (RuntimeException e) {
                throw refused(e.getMessage());
            }
            try {
                Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(camel)
                        .findRoutesBuilders(PluginHelper.getResourceLoader(camel).resolveResource("file:" + f));
                for (RoutesBuilder b : builders) {
                    if (!(b instanceof RouteBuilder rb)) {
                        throw new IllegalStateException("not a route file");
                    }
                    // parses the YAML into definitions; nothing is added to Camel yet
                    rb.configureRoutes(camel);
                    for (RouteDefinition r : rb.getRouteCollection().getRoutes()) {
                        c.routes.put(r.getRouteId(), r.getGroup());
                        c.files.put(r.getRouteId(), f);
                    }
                    for (TemplatedRouteDefinition t : rb.getTemplatedRouteCollection().getTemplatedRoutes()) {
                        c.routes.put(t.getRouteId(), adapter.id());
                        c.files.put(t.getRouteId(), f);
                    }
                    c.builders.add(rb);
                }
            } catch (Exception e) {
                throw refused("Invalid route file " + f + ": " + message(e));
            }
        }
        try {
            AdapterRoutesLoader.check(adapter, c.routes);
        } catch (RuntimeException e) {
            throw refused(e.getMessage());
        }
        return c;
    }

    private void addRoutes(Candidate next) throws Exception {
        for (RouteBuilder b : next.builders) {
            b.getRouteCollection().getRoutes().forEach(r -> {
                AdapterRoutesLoader.adopt(next.adapter, r);
                keepState(r);
            });
        }
        adding = next.adapter;
        try {
            for (RouteBuilder b : next.builders) {
                camel.addRoutes(b);
                camel.addTemplatedRoutes(b);
            }
        } finally {
            adding = null;
        }
    }

    /** A route an operator had stopped is added without starting. */
    private void keepState(RouteDefinition r) {
        if (keepStopped.contains(r.getRouteId())) {
            r.setAutoStartup("false");
        }
    }

    /** Stops the adapter's routes (in-flight exchanges finish, within the drain timeout) and removes them. */
    private List<String> removeRoutes(AdapterDescriptor adapter) {
        List<RouteDefinition> defs = definitions(adapter);
        long deadline = System.nanoTime() + props.getDrainTimeout().toNanos();
        for (RouteDefinition r : defs) {
            try {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
                camel.getRouteController().stopRoute(r.getRouteId(), left, TimeUnit.SECONDS);
                // removes the route, its definition and the endpoints no other route uses
                model().removeRouteDefinition(r);
            } catch (Exception e) {
                throw new IllegalStateException("Adapter " + adapter.id() + ": cannot stop route " + r.getRouteId(), e);
            }
        }
        return defs.stream().map(RouteDefinition::getRouteId).toList();
    }

    /**
     * Camel's Spring Boot platform-http keeps a removed consumer's request mapping (its unregister
     * does nothing; a new consumer on the same path replaces it): a path no route serves any more
     * would reach the stopped consumer. Its mappings go, so the path is unknown (404).
     */
    private void dropStaleHttpMappings() {
        CamelRequestHandlerMapping http = httpMappings.getIfAvailable();
        if (http == null) {
            return;
        }
        Set<Object> live = new HashSet<>();
        // by endpoint: a route's consumer wraps the one the mapping holds
        camel.getRoutes().forEach(r -> live.add(r.getEndpoint()));
        http.getHandlerMethods().forEach((info, handler) -> {
            if (handler.getBean() instanceof Consumer c && !live.contains(c.getEndpoint())) {
                http.unregisterMapping(info);
            }
        });
    }

    private void bind(AdapterDescriptor a) {
        registry.put(a);
        mappings.forget(a.folder());
        if (a.enabled()) {
            resilience.register(a);
            soapBackends.bind(camel, a);
            datasources.open(camel, a);
            if ("file".equals(a.kind())) {
                intake.progress(a.id());
            }
        }
    }

    private void unbind(AdapterDescriptor a) {
        soapBackends.unbind(camel, a);
        resilience.unregister(a);
        datasources.close(camel, a.id());
        mappings.forget(a.folder());
    }

    /** The adapter's route definitions in Camel's model, by route id (Kamelet-started ones included). */
    private List<RouteDefinition> definitions(AdapterDescriptor adapter) {
        return new ArrayList<>(model().getRouteDefinitions().stream().filter(r -> {
            String id = r.getRouteId();
            AdapterDescriptor owner = registry.byRoute(id);
            // the longest adapter-id prefix owns a route ("a-b-flow" is adapter a-b's, not a's)
            return id != null && id.startsWith(adapter.id() + "-") && (owner == null || owner.id().equals(adapter.id()));
        }).toList());
    }

    private void record(String id, String by, Instant in, String version, String status, int httpStatus, String category) {
        Instant now = TransactionLog.micros(Instant.now());
        log.append(new TransactionRecord(UUID.randomUUID().toString(), id, TransactionRecord.OPERATOR, by, "adapter.reload", version,
                TransactionLog.micros(in), null, null, now, status, httpStatus, category, null, null, null, null, null, null));
    }

    private Model model() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class);
    }

    private static NdxpException refused(String detail) {
        return new NdxpException(NdxpException.ADAPTER_INVALID, 422, "Adapter change refused",
                detail + " (the version in service is kept)");
    }

    private static Map<String, Object> outcome(String id, String outcome, List<String> routes) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("adapter", id);
        out.put("outcome", outcome);
        out.put("routes", routes);
        return out;
    }

    /** Camel's messages nest: the innermost names the YAML line and key. */
    private static String message(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !out.toString().contains(c.getMessage())) {
                out.append(out.isEmpty() ? "" : ": ").append(c.getMessage());
            }
        }
        return out.toString();
    }

    /** A new version of an adapter: its descriptor and its route files parsed. */
    private static final class Candidate {
        final AdapterDescriptor adapter;
        final Map<String, String> routes = new LinkedHashMap<>();
        final Map<String, Path> files = new LinkedHashMap<>();
        final List<RouteBuilder> builders = new ArrayList<>();

        Candidate(AdapterDescriptor adapter) {
            this.adapter = adapter;
        }

        /** Camel's refusal, named by the route file of the route it names. */
        String describe(Exception e) {
            String m = message(e);
            for (Map.Entry<String, Path> f : files.entrySet()) {
                if (m.contains(f.getKey())) {
                    return "Invalid route file " + f.getValue() + ": route '" + f.getKey() + "': " + m;
                }
            }
            return "Routes of " + adapter.folder() + " refused: " + m;
        }
    }
}
