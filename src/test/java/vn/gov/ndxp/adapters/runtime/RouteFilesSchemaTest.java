package vn.gov.ndxp.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route file (adapters/*&#47;*.camel.yaml, routes/*.camel.yaml) and every Kamelet
 * (routes/*.kamelet.yaml) is valid against the YAML DSL schema of the Camel on the classpath
 * (camelYamlDsl.json of camel-yaml-dsl, JSON Schema draft-04), so Camel's own tooling (Karavan,
 * Kaoto, the IDE plugins) accepts the adapter folders. A Kamelet's template is checked as the route
 * template it becomes, and its spec.definition as the JSON Schema of its parameters.
 */
class RouteFilesSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String SCHEMA = "/schema/camelYamlDsl.json";
    private static JsonSchema camelYamlDsl;
    private static JsonSchema draft04;

    @BeforeAll
    static void schema() throws IOException {
        try (InputStream in = YamlRoutesBuilderLoader.class.getResourceAsStream(SCHEMA)) {
            assertThat(in).as(SCHEMA + " in camel-yaml-dsl").isNotNull();
            JsonNode schema = YAML.readTree(in);
            assertThat(schema.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-04/schema#");
            camelYamlDsl = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        }
        draft04 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                .getSchema(SchemaLocation.of("http://json-schema.org/draft-04/schema#"));
    }

    static List<Path> routeFiles() throws IOException {
        List<Path> files = new ArrayList<>(files(Path.of("routes"), ".camel.yaml"));
        try (Stream<Path> adapters = Files.list(Path.of("adapters"))) {
            for (Path a : adapters.filter(Files::isDirectory).sorted().toList()) {
                files.addAll(files(a, ".camel.yaml"));
            }
        }
        return files;
    }

    static List<Path> kamelets() throws IOException {
        return files(Path.of("routes"), ".kamelet.yaml");
    }

    @Test
    void everyAdapterAndTheSharedRoutesHaveRouteFilesAndKamelets() throws IOException {
        assertThat(routeFiles()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(kamelets()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void routeFileIsValidAgainstTheYamlDslSchema(Path file) throws IOException {
        assertValid(file, YAML.readTree(file.toFile()));
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void kameletIsValidAgainstTheYamlDslSchema(Path file) throws IOException {
        JsonNode k = YAML.readTree(file.toFile());
        String name = file.getFileName().toString().replace(".kamelet.yaml", "");
        assertThat(k.path("apiVersion").asText()).isEqualTo("camel.apache.org/v1");
        assertThat(k.path("kind").asText()).isEqualTo("Kamelet");
        assertThat(k.path("metadata").path("name").asText()).as("metadata.name is the file name").isEqualTo(name);
        assertThat(k.path("metadata").path("labels").path("camel.apache.org/kamelet.type").asText())
                .isIn("source", "sink", "action");

        // the template becomes a route template whose id is the Kamelet's name
        ObjectNode template = ((ObjectNode) k.path("spec").path("template").deepCopy()).put("id", name);
        ArrayNode asRoutes = YAML.createArrayNode();
        asRoutes.addObject().set("routeTemplate", template);
        assertValid(file, asRoutes);

        JsonNode definition = k.path("spec").path("definition");
        assertThat(draft04.validate(definition)).as(file + " spec.definition is a JSON Schema").isEmpty();
        assertThat(definition.path("title").asText()).as(file + " spec.definition.title").isNotBlank();
        assertThat(definition.path("type").asText()).isEqualTo("object");
        JsonNode properties = definition.path("properties");
        assertThat(properties.size()).as(file + " has parameters").isPositive();
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            String p = it.next();
            JsonNode prop = properties.get(p);
            assertThat(prop.path("type").asText()).as(file + " " + p + ".type").isNotBlank();
            assertThat(prop.path("description").asText()).as(file + " " + p + ".description").isNotBlank();
            if (p.toLowerCase().contains("password") || p.toLowerCase().contains("secret")) {
                assertThat(prop.path("format").asText()).as(file + " " + p + " is a secret").isEqualTo("password");
            }
        }
        for (JsonNode r : definition.path("required")) {
            assertThat(properties.has(r.asText())).as(file + " required " + r + " is a property").isTrue();
            assertThat(properties.get(r.asText()).has("default")).as(file + " required " + r + " has no default").isFalse();
        }
    }

    @Test
    void theSchemaCatchesWhatTheRuntimeWouldAcceptSilently() throws IOException {
        // a placeholder where the schema wants a boolean, a number where it wants a string
        JsonNode bad = YAML.readTree("""
                - route:
                    id: x-y
                    autoStartup: "{{x.settings.on}}"
                    from:
                      uri: direct:x
                      steps: []
                - routeConfiguration:
                    onException:
                      - onException:
                          exception: [java.lang.Exception]
                          redeliveryPolicy:
                            redeliveryDelay: 500
                """);
        Set<ValidationMessage> errors = camelYamlDsl.validate(bad);
        assertThat(errors).extracting(ValidationMessage::getInstanceLocation).map(Object::toString)
                .contains("$[0].route.autoStartup", "$[1].routeConfiguration.onException[0].onException.redeliveryPolicy.redeliveryDelay");
    }

    private static void assertValid(Path file, JsonNode routes) {
        Set<ValidationMessage> errors = camelYamlDsl.validate(routes);
        assertThat(errors).as(file + " against " + SCHEMA).isEmpty();
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
