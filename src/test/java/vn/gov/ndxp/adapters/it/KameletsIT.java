package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Kamelets of routes/ in the running runtime: each is loaded and in use, and a failure inside a
 * Kamelet is the calling step's failure, typed by the calling route's configuration (here ndxp-async:
 * a failure for good is a dead letter of the calling route, a transient one is retried and left at
 * the source). What the shipped Kamelets do is tested where they are used: ndxp-kafka-batch-action in
 * BusinessRegistryIT, the intake sources in FileDropIT.
 */
class KameletsIT extends SandboxTestSupport {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void testRoute() throws Exception {
        if (camel.getRoute("one-stop-office-test-kamelet") == null) {
            var resources = PluginHelper.getResourceLoader(camel);
            PluginHelper.getRoutesLoader(camel).loadRoutes(resources.resolveResource("classpath:kamelets/test-failing-action.kamelet.yaml"));
            PluginHelper.getRoutesLoader(camel).loadRoutes(resources.resolveResource("classpath:routes/test-kamelet.camel.yaml"));
        }
    }

    @Test
    void everyKameletOfRoutesIsLoadedAndUsedByARunningRoute() throws Exception {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("routes"))) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".kamelet.yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            JsonNode k = YAML.readTree(f.toFile());
            String name = k.path("metadata").path("name").asText();
            RouteTemplateDefinition template = model.getRouteTemplateDefinition(name);
            assertThat(template).as(f + " is loaded as a route template").isNotNull();
            String type = k.path("metadata").path("labels").path("camel.apache.org/kamelet.type").asText();
            if (type.equals("action")) {
                // called with to: kamelet:<name>: Camel creates its route <name>-<n>
                assertThat(camel.getRoutes()).as(f + " is called by a running route")
                        .anySatisfy(r -> {
                            assertThat(r.getRouteId()).startsWith(name + "-");
                            assertThat(camel.getRouteController().getRouteStatus(r.getRouteId()).isStarted()).isTrue();
                        });
            } else {
                // a flow's start, instantiated with templatedRoute as an adapter's route
                String scheme = template.getRoute().getInput().getUri().replaceFirst(":.*", "");
                assertThat(model.getRouteDefinitions()).as(f + " is an adapter's route")
                        .anySatisfy(d -> {
                            assertThat(d.isCreatedFromTemplate()).isTrue();
                            Route r = camel.getRoute(d.getRouteId());
                            assertThat(r.getEndpoint().getEndpointUri()).startsWith(scheme + ":");
                            assertThat(adapters.get(r.getGroup())).as("grouped under its adapter").isNotNull();
                            assertThat(d.getRouteConfigurationId()).isEqualTo("ndxp-file");
                        });
            }
        }
        // the routes built from the intake Kamelets are the adapter's, with the ids it gave them
        RouteDefinition folder = model.getRouteDefinition("social-insurance-intake");
        assertThat(folder.isCreatedFromTemplate()).isTrue();
        assertThat(camel.getRoute("social-insurance-intake").getGroup()).isEqualTo("social-insurance");
    }

    @Test
    void aFailureForGoodInsideAKameletIsADeadLetterOfTheCallingRoute() {
        String tx = UUID.randomUUID().toString();
        Exchange result = camel.createProducerTemplate().send("direct:one-stop-office-test-kamelet", ex -> {
            ex.getMessage().setBody("{\"record\":\"Hồ sơ một cửa số 7\"}");
            ex.getMessage().setHeader("X-NDXP-Transaction-Id", tx);
        });
        assertThat(result.getException()).as("handled by ndxp-async: the flow goes on").isNull();
        assertThat(result.getProperty("TestAfterKamelet")).as("the steps after the failed Kamelet do not run").isNull();
        Map<String, Object> dead = jdbc.queryForMap(
                "SELECT adapter, route_id, reason, error_category, convert_from(payload, 'UTF8') AS payload"
                        + " FROM ndxp_dead_letter WHERE transaction_id = ?", tx);
        assertThat(dead.get("adapter")).isEqualTo("one-stop-office");
        assertThat(dead.get("route_id")).as("the calling route, not the Kamelet's").isEqualTo("one-stop-office-test-kamelet");
        assertThat(dead.get("error_category")).isEqualTo("client.conflict");
        assertThat((String) dead.get("reason")).contains("Hồ sơ bị từ chối trong Kamelet");
        assertThat(dead.get("payload")).as("the record as it arrived").isEqualTo("{\"record\":\"Hồ sơ một cửa số 7\"}");
    }

    @Test
    void aTransientFailureInsideAKameletIsRetriedByTheCallingRouteThenLeftAtTheSource() {
        String tx = UUID.randomUUID().toString();
        Exchange result = camel.createProducerTemplate().send("direct:one-stop-office-test-kamelet", ex -> {
            ex.getMessage().setBody("{\"record\":\"Hồ sơ một cửa số 8\"}");
            ex.getMessage().setHeader("X-NDXP-Transaction-Id", tx);
            ex.getMessage().setHeader("TestFailure", "transient");
        });
        assertThat(result.getException()).as("not acknowledged: the source keeps the record").isNotNull();
        assertThat(result.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class))
                .as("ndxp-async's redeliveries").isEqualTo(3);
        assertThat(result.getProperty("TestAfterKamelet")).isNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ndxp_dead_letter WHERE transaction_id = ?", Integer.class, tx))
                .as("a transient failure is not a dead letter").isZero();
    }
}
