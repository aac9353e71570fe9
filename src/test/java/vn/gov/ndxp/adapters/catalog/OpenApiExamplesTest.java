package vn.gov.ndxp.adapters.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterExamples;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/** examples/&lt;service code&gt;.json of an adapter folder: read when present, refused naming the file and field. */
class OpenApiExamplesTest {

    @TempDir
    Path dir;

    private final OpenApiGenerator generator = new OpenApiGenerator(null, null, new NdxpProperties(), new ObjectMapper());
    private final AdapterDescriptor.Service parcels = new AdapterDescriptor.Service("parcels", "Parcel", "land-registry-parcel",
            "GET", "/ndxp/v1/land-registry/parcels/{id}", null, null, null, List.of(), List.of(), true);

    private AdapterDescriptor adapter() {
        return new AdapterDescriptor("land-registry", "Land registry", "rest-to-soap", "000.00.00.G18",
                "VN:GOV:000.00.00.G18:land-registry", "Parcels", true, dir, Map.of(), null, null, List.of(parcels), Map.of(), null, Map.of());
    }

    private Path write(String json) throws IOException {
        Path f = dir.resolve("examples/parcels.json");
        Files.createDirectories(f.getParent());
        Files.writeString(f, json);
        return f;
    }

    @Test
    void noFileNoExamples() {
        assertThat(generator.examples(adapter(), parcels)).isEmpty();
    }

    @Test
    void namedExamplesAreRead() throws IOException {
        write("""
                {"found": {"summary": "a parcel", "parameters": {"id": "00028-12-345"}, "response": {"id": "00028-12-345"}},
                 "unknown": {"parameters": {"id": "0"}, "status": 404, "response": {"category": "backend.not-found"}}}
                """);
        var examples = generator.examples(adapter(), parcels);
        assertThat(examples).containsOnlyKeys("found", "unknown");
        assertThat(examples.get("unknown").get("status").asInt()).isEqualTo(404);
    }

    @Test
    void everyBadExampleIsNamed() throws IOException {
        assertInvalid("{\"found\": ", "not JSON");
        assertInvalid("[1]", "must be an object of named examples");
        assertInvalid("{\"found\": 1}", "found: must be an object");
        assertInvalid("{\"found\": {\"answer\": {}}}", "found.answer: unknown field");
        assertInvalid("{\"found\": {\"status\": 99}}", "found.status: must be an HTTP status");
        assertInvalid("{\"found\": {\"status\": \"ok\"}}", "found.status: must be an HTTP status");
        assertInvalid("{\"found\": {\"parameters\": [\"00028\"]}}", "found.parameters: must be an object");
    }

    private void assertInvalid(String json, String message) throws IOException {
        Path f = write(json);
        assertThatThrownBy(() -> generator.examples(adapter(), parcels))
                .isInstanceOf(AdapterExamples.InvalidExamplesException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining(message);
    }
}
