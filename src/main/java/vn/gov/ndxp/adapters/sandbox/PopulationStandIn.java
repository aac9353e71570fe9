package vn.gov.ndxp.adapters.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/** Stand-in for the national population service that the platform routes LookupCitizen calls to. */
@RestController
@Profile("sandbox")
public class PopulationStandIn {

    private final Map<String, JsonNode> citizens = new LinkedHashMap<>();
    private final NdxpProperties.Headers headers;

    public PopulationStandIn(ObjectMapper json, NdxpProperties ndxp) throws IOException {
        this.headers = ndxp.getHeaders();
        try (InputStream in = new ClassPathResource("sandbox/population.json").getInputStream()) {
            json.readTree(in).forEach(c -> citizens.put(c.get("citizenId").asText(), c));
        }
    }

    @GetMapping(value = "/sandbox/population/citizens/{citizenId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> citizen(@PathVariable String citizenId) {
        JsonNode c = citizens.get(citizenId);
        if (c == null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", "urn:ndxp:error:backend.not-found");
            p.put("title", "Not Found");
            p.put("status", 404);
            p.put("detail", "No citizen with this id in the population register");
            return ResponseEntity.status(404).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header(headers.getError(), "backend.not-found").body(p);
        }
        return ResponseEntity.ok(c);
    }
}
