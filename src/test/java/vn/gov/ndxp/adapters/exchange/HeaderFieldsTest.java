package vn.gov.ndxp.adapters.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

class HeaderFieldsTest {

    static final JsonNode SCHEMA = schema("{\"type\":\"object\",\"properties\":{\"taxCode\":{\"type\":\"string\"},"
            + "\"year\":{\"type\":\"integer\"},\"capital\":{\"type\":\"number\"},\"active\":{\"type\":\"boolean\"},"
            + "\"founded\":{\"type\":\"string\",\"format\":\"date\"}}}");

    static JsonNode schema(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    final Message message = new DefaultMessage(new DefaultCamelContext());

    @Test
    void theSchemasFieldsAreReadFromTheirHeadersAndTyped() {
        message.setHeader("taxCode", "0101234567");
        message.setHeader("year", "2026");
        message.setHeader("capital", "1.50");
        message.setHeader("active", "true");
        message.setHeader("founded", "2020-01-31");
        message.setHeader("Authorization", "Bearer not-a-field");
        assertThat(HeaderFields.toJson(message, SCHEMA)).hasToString(
                "{\"taxCode\":\"0101234567\",\"year\":2026,\"capital\":1.50,\"active\":true,\"founded\":\"2020-01-31\"}");
    }

    @Test
    void anAbsentHeaderIsAnAbsentField() {
        message.setHeader("year", "2026");
        assertThat(HeaderFields.toJson(message, SCHEMA)).hasToString("{\"year\":2026}");
    }

    @Test
    void aValueNotOfItsTypeIsTheCallersErrorNamingTheField() {
        message.setHeader("year", "twenty");
        assertThatThrownBy(() -> HeaderFields.toJson(message, SCHEMA)).isInstanceOfSatisfying(NdxpException.class, e -> {
            assertThat(e.category()).isEqualTo(NdxpException.CLIENT_BAD_REQUEST);
            assertThat(e.field()).isEqualTo("year");
            assertThat(e.detail()).isEqualTo("expected a number");
        });
        message.setHeader("year", "2026");
        message.setHeader("active", "yes");
        assertThatThrownBy(() -> HeaderFields.toJson(message, SCHEMA)).isInstanceOfSatisfying(NdxpException.class, e -> {
            assertThat(e.field()).isEqualTo("active");
            assertThat(e.detail()).isEqualTo("expected true or false");
        });
    }
}
