package vn.gov.ndxp.adapters.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.camel.Endpoint;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.adapter.AdaptersProperties;
import vn.gov.ndxp.adapters.adapter.BackendDefaultsProperties;
import vn.gov.ndxp.adapters.audit.DeadLetterStore;
import vn.gov.ndxp.adapters.capture.AdapterDatasources;
import vn.gov.ndxp.adapters.capture.WatermarkCapture;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;
import vn.gov.ndxp.adapters.files.FileIntake;
import vn.gov.ndxp.adapters.files.FileNameRule;
import vn.gov.ndxp.adapters.files.FilesProperties;
import vn.gov.ndxp.adapters.files.MemoryFileIntakeStore;
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;
import vn.gov.ndxp.adapters.platform.PlatformClient;
import vn.gov.ndxp.adapters.platform.PlatformEndpoints;

/**
 * A Camel context with the ndxp-* components registered under their schemes, as the runtime's Spring
 * registry has them, over the project's adapter folders. One route "step" from direct:in to the step
 * under test: a URI Camel refuses fails its start, as at the runtime's startup.
 */
final class Steps implements AutoCloseable {

    static final String ROUTE = "test-step";

    final DefaultCamelContext context = new DefaultCamelContext();
    final ObjectMapper json = new ObjectMapper();
    private final Path work;
    private final NdxpProperties props;
    private HttpServer platformStandIn;
    /** What the platform stand-in received (after {@link #platformStandIn()}): method, path, purpose header, body. */
    final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

    Steps() throws IOException {
        this(null);
    }

    /** deadLetters: the runtime database the dead letters go to (null: none, a step that stores one fails). */
    Steps(DataSource deadLetters) throws IOException {
        work = Files.createTempDirectory("ndxp-steps");
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "ndxp.backend-defaults.connect-timeout", "2s",
                "ndxp.backend-defaults.read-timeout", "10s",
                "ndxp.backend-defaults.failure-rate-threshold", "50",
                "ndxp.backend-defaults.minimum-calls", "5",
                "ndxp.backend-defaults.wait-in-open", "10s",
                "ndxp.sandbox.legacy-soap.port", "9",
                "ndxp.files.dir", work.toString(),
                "ndxp.sandbox.client.key", "one-stop-office-key",
                "ndxp.sandbox.client.secret", "one-stop-office-secret",
                "SOCIAL_INSURANCE_CLIENT_KEY", "social-insurance-key")));
        env.getPropertySources().addFirst(new MapPropertySource("clients", Map.of(
                "SOCIAL_INSURANCE_CLIENT_SECRET", "social-insurance-secret",
                "BUSINESS_REGISTRY_CLIENT_KEY", "business-registry-key",
                "BUSINESS_REGISTRY_CLIENT_SECRET", "business-registry-secret")));
        AdapterRegistry registry = registry(Path.of("adapters"), env);
        XmlJsonMapper mapper = new XmlJsonMapper();
        AdapterMappings mappings = new AdapterMappings(mapper);
        props = new NdxpProperties();
        PlatformClient platform = new PlatformClient(props, new PlatformEndpoints(props, env), json);
        // no adapter folders: no legacy database pools (capture is not run here, only configured)
        Path none = Files.createDirectory(work.resolve("no-adapters"));
        WatermarkCapture watermarks = new WatermarkCapture(new JdbcTemplate(), new AdapterDatasources(registry(none, env)));
        FileIntake intake = new FileIntake(new MemoryFileIntakeStore(),
                platform, json, new SimpleMeterRegistry(), null, Duration.ofSeconds(1), 0, Duration.ofMillis(10), Duration.ofSeconds(1),
                FileNameRule.of(new FilesProperties().getName()), work.resolve("work"),
                context.getExecutorServiceManager().newCachedThreadPool(this, "ndxp-file-sender"), (a, f, sha, via) -> "not-recorded");
        context.getRegistry().bind("ndxp-mapping", new NdxpMappingComponent(registry, mappings, mapper, json));
        DeadLetterStore letters = new DeadLetterStore(deadLetters == null ? new JdbcTemplate() : new JdbcTemplate(deadLetters), registry, props, json);
        RecordBatch batches = new RecordBatch(letters);
        context.getRegistry().bind("ndxp-record", new NdxpRecordComponent(registry, mappings, json, batches));
        context.getRegistry().bind("ndxp-idempotency-key", new NdxpIdempotencyKeyComponent(registry, json, batches));
        context.getRegistry().bind("ndxp-platform", new NdxpPlatformComponent(registry, platform, json, letters, null));
        context.getRegistry().bind("ndxp-capture", new NdxpCaptureComponent(registry, watermarks));
        context.getRegistry().bind("ndxp-fail", new NdxpFailComponent());
        context.getRegistry().bind("ndxp-file-intake", new NdxpFileIntakeComponent(registry, mappings, intake));
    }

    /** Starts the route to {@code uri} and gives its endpoint. */
    <T extends Endpoint> T start(String uri, Class<T> type) throws Exception {
        route(uri);
        context.start();
        return context.getEndpoint(uri, type);
    }

    /** The route to {@code uri} does not start, and its failure names the route, the URI and the reasons. */
    void assertRefused(String uri, String... reasons) throws Exception {
        route(uri);
        assertThatThrownBy(context::start).satisfies(e -> {
            FailedToCreateRouteException route = routeFailure(e);
            assertThat(route.getRouteId()).isEqualTo(ROUTE);
            assertThat(route.getMessage()).contains("Failed to create route: " + ROUTE + " at: >>> to[" + uri + "] <<<")
                    .contains("Failed to resolve endpoint: ").contains(reasons);
        });
    }

    private static FailedToCreateRouteException routeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FailedToCreateRouteException f) {
                return f;
            }
        }
        throw new AssertionError("not a route creation failure", e);
    }

    ProducerTemplate template() {
        return context.createProducerTemplate();
    }

    private void route(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").routeId(ROUTE).to(uri);
            }
        });
    }

    /**
     * The platform the steps call: an HTTP server on a free port of the loopback that issues any token,
     * answers 200 (an empty list of results for a batch) and keeps what it received.
     */
    void platformStandIn() throws IOException {
        platformStandIn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        platformStandIn.createContext("/", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = x.getRequestURI().getRawPath();
            byte[] answer;
            if (path.equals(props.getPlatform().getTokenPath())) {
                answer = "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":300}".getBytes(StandardCharsets.UTF_8);
            } else {
                Map<String, String> r = new HashMap<>();
                r.put("method", x.getRequestMethod());
                r.put("path", path);
                r.put("body", body);
                received.add(r);
                answer = (path.endsWith("/batch") ? "{\"results\":[]}" : "{}").getBytes(StandardCharsets.UTF_8);
            }
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(200, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        platformStandIn.start();
        props.getPlatform().setUrl("http://127.0.0.1:" + platformStandIn.getAddress().getPort());
    }

    @Override
    public void close() {
        context.stop();
        if (platformStandIn != null) {
            platformStandIn.stop(0);
        }
    }

    private static AdapterRegistry registry(Path dir, ConfigurableEnvironment env) {
        AdaptersProperties adapters = Binder.get(env).bindOrCreate("ndxp.adapters", AdaptersProperties.class);
        adapters.setDir(dir.toString());
        return new AdapterRegistry(adapters, Binder.get(env).bindOrCreate("ndxp.backend-defaults", BackendDefaultsProperties.class), env);
    }
}
