package vn.gov.ndxp.adapters.mapping;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.w3c.dom.Element;

/** Test resources under src/test/resources/mapping and a JSON reader that keeps decimals exact. */
final class Fixtures {

    static final Path DIR = Path.of("src/test/resources/mapping");
    static final String CS = "http://hotich.moj.gov.vn/ws/civil-status/v1";

    /** How the REST side should read JSON: 1500000.50 stays 1500000.50, not a double. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Fixtures() {
    }

    static Mapping mapping(String name) {
        return Mapping.load(DIR.resolve(name + ".mapping.yaml"));
    }

    static String text(String file) {
        try {
            return Files.readString(DIR.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Element xml(String xmlText) {
        return SecureXml.parse(xmlText).getDocumentElement();
    }

    static Element xmlFile(String file) {
        return xml(text(file));
    }

    static JsonNode json(String jsonText) {
        try {
            return JSON.readTree(jsonText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
