package vn.gov.ndxp.adapters.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** A JSON body a step wrote is read by the next step without a second parse, and only while it is that body. */
class BodiesTest {

    private final ObjectMapper json = new ObjectMapper();
    private final Exchange exchange = new DefaultExchange(new DefaultCamelContext());

    @Test
    void theTreeWrittenIsTheTreeRead() throws Exception {
        JsonNode tree = json.readTree("{\"taxCode\":\"0101234567\",\"name\":\"Công ty Á\"}");
        Bodies.setJson(exchange.getMessage(), json, tree);

        assertThat(exchange.getMessage().getBody()).isInstanceOf(byte[].class);
        assertThat(json.readTree(exchange.getMessage().getBody(byte[].class))).isEqualTo(tree);
        assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(Bodies.json(exchange, json)).isSameAs(tree);
    }

    @Test
    void anotherBodyIsParsedEvenWithTheSameText() throws Exception {
        JsonNode tree = json.readTree("{\"taxCode\":\"0101234567\"}");
        Bodies.setJson(exchange.getMessage(), json, tree);

        // a later step put other bytes (here the same text) or a string: the kept tree no longer stands for it
        exchange.getMessage().setBody("{\"taxCode\":\"0101234567\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(Bodies.json(exchange, json)).isEqualTo(tree).isNotSameAs(tree);
        exchange.getMessage().setBody("{\"taxCode\":\"0109999999\"}");
        assertThat(Bodies.json(exchange, json).path("taxCode").asText()).isEqualTo("0109999999");
    }
}
