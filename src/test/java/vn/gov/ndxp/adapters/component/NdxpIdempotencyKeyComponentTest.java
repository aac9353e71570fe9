package vn.gov.ndxp.adapters.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.mapping.MappingException;

/** ndxp-idempotency-key: the same record gets the same id; a wrong URI is refused at startup naming route and URI. */
class NdxpIdempotencyKeyComponentTest {

    private final Steps steps = new Steps();

    NdxpIdempotencyKeyComponentTest() throws Exception {
    }

    @AfterEach
    void close() {
        steps.close();
    }

    @Test
    void theKeyIsDerivedFromTheAdapterAndTheFields() throws Exception {
        NdxpIdempotencyKeyEndpoint e = steps.start("ndxp-idempotency-key:business-registry?fields=taxCode,changeId",
                NdxpIdempotencyKeyEndpoint.class);
        assertThat(e.getAdapter()).isEqualTo("business-registry");
        assertThat(e.getFields()).isEqualTo("taxCode,changeId");

        String expected = UUID.nameUUIDFromBytes("business-registry|0101234567|42".getBytes(StandardCharsets.UTF_8)).toString();
        Exchange sent = steps.template().request("direct:in",
                x -> x.getMessage().setBody("{\"taxCode\":\"0101234567\",\"changeId\":42,\"name\":\"A\"}"));
        assertThat(sent.getProperty(Exchanges.TRANSACTION_ID)).isEqualTo(expected);
        assertThat(sent.getMessage().getHeader(NdxpIdempotencyKeyConstants.TRANSACTION_ID)).isEqualTo(expected);
        assertThat(sent.getMessage().getHeader(NdxpIdempotencyKeyConstants.KAFKA_KEY)).isEqualTo("0101234567");
        // another field of the record does not change the key
        Exchange again = steps.template().request("direct:in",
                x -> x.getMessage().setBody("{\"taxCode\":\"0101234567\",\"changeId\":42,\"name\":\"B\"}"));
        assertThat(again.getProperty(Exchanges.TRANSACTION_ID)).isEqualTo(expected);
        assertThatThrownBy(() -> steps.template().requestBody("direct:in", "{\"taxCode\":\"0101234567\"}"))
                .cause().isInstanceOf(MappingException.class)
                .satisfies(x -> assertThat(((MappingException) x).field()).isEqualTo("changeId"));
    }

    @Test
    void eachRecordOfABatchGetsItsOwnKey() throws Exception {
        steps.start("ndxp-idempotency-key:business-registry?fields=taxCode,changeId", NdxpIdempotencyKeyEndpoint.class);
        Exchange poll = new DefaultExchange(steps.context);
        List<Message> records = new ArrayList<>();
        for (String body : List.of("{\"taxCode\":\"0101234567\",\"changeId\":42}", "{\"taxCode\":\"0301234567\",\"changeId\":43}")) {
            Exchange record = new DefaultExchange(poll);
            record.getMessage().setBody(body);
            records.add(record.getMessage());
        }
        Exchange sent = steps.template().request("direct:in", x -> x.getMessage().setBody(records));
        assertThat(sent.getException()).isNull();
        assertThat(records).extracting(m -> m.getHeader(NdxpIdempotencyKeyConstants.KAFKA_KEY)).containsExactly("0101234567", "0301234567");
        assertThat(records).extracting(m -> m.getExchange().getProperty(Exchanges.TRANSACTION_ID)).containsExactly(
                UUID.nameUUIDFromBytes("business-registry|0101234567|42".getBytes(StandardCharsets.UTF_8)).toString(),
                UUID.nameUUIDFromBytes("business-registry|0301234567|43".getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(sent.getProperty(Exchanges.TRANSACTION_ID)).as("the batch itself is no record").isNull();
    }

    @Test
    void fieldsAreRequired() throws Exception {
        steps.assertRefused("ndxp-idempotency-key:business-registry",
                "the 'fields' option (the record's key and version fields) is required");
    }

    @Test
    void unknownOption() throws Exception {
        steps.assertRefused("ndxp-idempotency-key:business-registry?fields=taxCode&field=changeId",
                "There are 1 parameters that couldn't be set on the endpoint", "field=changeId");
    }

    @Test
    void theAdapterIsThePathAndNoMore() throws Exception {
        steps.assertRefused("ndxp-idempotency-key:idempotency-key/business-registry?fields=taxCode",
                "expected ndxp-idempotency-key:<adapter>?fields=<key field>,<version field>");
    }

    @Test
    void unknownAdapter() throws Exception {
        steps.assertRefused("ndxp-idempotency-key:land-registry?fields=parcelId", "no adapter 'land-registry'");
    }
}
