package vn.gov.ndxp.adapters.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.gov.ndxp.adapters.exchange.NdxpException;

/**
 * One batch of records to the platform's batch service: POST {@code {records: [{key, record}]}}, through
 * the outage retries; the platform answers per record ({@code {results: [{key, status, field, reason}]}}).
 * A batch the platform refuses as a whole (400, 422) has each of its records rejected with the reason;
 * any other refusal (credentials, routing) is not the batch's fault and is thrown: the file waits.
 */
final class BatchDelivery {

    /** The POST of one batch body; the platform's answer body (null: none). */
    @FunctionalInterface
    interface Platform {
        JsonNode post(ObjectNode body);
    }

    private final ObjectMapper json;
    private final OutageRetry retry;
    private final Platform platform;

    BatchDelivery(ObjectMapper json, OutageRetry retry, Platform platform) {
        this.json = json;
        this.retry = retry;
        this.platform = platform;
    }

    /** The platform's result of each record by its key (absent: no answer for it, counted as accepted). */
    Map<String, JsonNode> deliver(List<String> keys, List<ObjectNode> records) {
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray("records");
        for (int i = 0; i < keys.size(); i++) {
            items.addObject().put("key", keys.get(i)).set("record", records.get(i));
        }
        Map<String, JsonNode> results = new HashMap<>();
        JsonNode answer;
        try {
            answer = retry.call("platform", () -> platform.post(body));
        } catch (NdxpException e) {
            if (e.status() != 400 && e.status() != 422) {
                throw e;
            }
            for (String key : keys) {
                results.put(key, json.createObjectNode().put("status", "rejected").put("reason", e.detail()));
            }
            return results;
        }
        if (answer != null) {
            answer.path("results").forEach(r -> results.put(r.path("key").asText(), r));
        }
        return results;
    }
}
