package vn.gov.ndxp.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.gov.ndxp.adapters.exchange.NdxpException;

class BatchDeliveryTest {

    final ObjectMapper json = new ObjectMapper();
    final OutageRetry retry = new OutageRetry(2, Duration.ofMillis(1));
    final List<ObjectNode> posted = new ArrayList<>();

    ObjectNode record(String id) {
        return json.createObjectNode().put("citizenId", id);
    }

    JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theBatchGoesAsKeyedRecordsAndTheAnswerComesBackByKey() {
        BatchDelivery delivery = new BatchDelivery(json, retry, body -> {
            posted.add(body);
            return parse("{\"results\":[{\"key\":\"ab:1\",\"status\":\"accepted\"},"
                    + "{\"key\":\"ab:2\",\"status\":\"rejected\",\"field\":\"citizenId\",\"reason\":\"unknown\"}]}");
        });
        Map<String, JsonNode> results = delivery.deliver(List.of("ab:1", "ab:2"), List.of(record("001"), record("002")));
        assertThat(posted).singleElement().hasToString(
                "{\"records\":[{\"key\":\"ab:1\",\"record\":{\"citizenId\":\"001\"}},{\"key\":\"ab:2\",\"record\":{\"citizenId\":\"002\"}}]}");
        assertThat(results).containsOnlyKeys("ab:1", "ab:2");
        assertThat(results.get("ab:2").path("reason").asText()).isEqualTo("unknown");
    }

    @Test
    void anAnswerWithoutABodyHasNoResults() {
        BatchDelivery delivery = new BatchDelivery(json, retry, body -> null);
        assertThat(delivery.deliver(List.of("ab:1"), List.of(record("001")))).isEmpty();
    }

    @Test
    void aBatchRefusedAsAWholeRejectsEachOfItsRecordsWithTheReason() {
        BatchDelivery delivery = new BatchDelivery(json, retry, body -> {
            posted.add(body);
            throw new NdxpException(NdxpException.PLATFORM_REJECTED, 422, "Rejected", "the batch is larger than 1000 records");
        });
        Map<String, JsonNode> results = delivery.deliver(List.of("ab:1", "ab:2"), List.of(record("001"), record("002")));
        assertThat(posted).hasSize(1);
        assertThat(results).containsOnlyKeys("ab:1", "ab:2");
        assertThat(results.values()).allSatisfy(r -> assertThat(r).hasToString(
                "{\"status\":\"rejected\",\"reason\":\"the batch is larger than 1000 records\"}"));
    }

    @Test
    void aRefusalThatIsNotTheBatchsFaultIsThrown() {
        NdxpException denied = new NdxpException(NdxpException.PLATFORM_REJECTED, 401, "Unauthorized", "bad credentials");
        BatchDelivery delivery = new BatchDelivery(json, retry, body -> {
            throw denied;
        });
        assertThatThrownBy(() -> delivery.deliver(List.of("ab:1"), List.of(record("001")))).isSameAs(denied);
    }

    @Test
    void aPlatformOutageIsRetriedThenThrown() {
        BatchDelivery delivery = new BatchDelivery(json, retry, body -> {
            posted.add(body);
            throw OutageRetryTest.platformDown();
        });
        assertThatThrownBy(() -> delivery.deliver(List.of("ab:1"), List.of(record("001"))))
                .isInstanceOfSatisfying(NdxpException.class, e -> assertThat(e.category()).isEqualTo(NdxpException.PLATFORM_UNAVAILABLE));
        assertThat(posted).hasSize(3);
    }
}
