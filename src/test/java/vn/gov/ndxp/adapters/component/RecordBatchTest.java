package vn.gov.ndxp.adapters.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import vn.gov.ndxp.adapters.audit.DeadLetterStore;
import vn.gov.ndxp.adapters.exchange.Exchanges;

/** The batch of records for Kafka: which records it holds, and what happens when Kafka refuses some. */
class RecordBatchTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final List<Exchange> deadLettered = new ArrayList<>();
    private final RecordBatch batch = new RecordBatch(new DeadLetterStore(null, null, null, null) {
        @Override
        public void store(Exchange exchange) {
            deadLettered.add(exchange);
        }
    });

    private Exchange record(String body) {
        Exchange e = new DefaultExchange(camel);
        e.getMessage().setBody(body);
        e.getMessage().setHeader("kafka.KEY", body);
        return e;
    }

    /** The split of rows a, b (dead-lettered), c aggregated: the records of a and c, in order, with their headers. */
    private Exchange aggregated(Exchange a, Exchange b, Exchange c) {
        Exchange input = new DefaultExchange(camel);
        input.getMessage().setBody(List.of("row a", "row b", "row c"));
        b.setProperty(Exchanges.DEAD_LETTERED, true);
        Exchange result = null;
        for (Exchange part : List.of(a, b, c)) {
            result = batch.aggregate(result, part, input);
        }
        return result;
    }

    @Test
    @SuppressWarnings("unchecked")
    void holdsTheRecordsNotDeadLetteredInOrderWithTheirOwnHeaders() {
        Exchange a = record("a");
        Exchange c = record("c");
        Exchange result = aggregated(a, record("b"), c);
        List<Object> records = result.getMessage().getBody(List.class);
        assertThat(records).containsExactly(a.getMessage(), c.getMessage());
        assertThat(((Message) records.get(1)).getHeader("kafka.KEY")).isEqualTo("c");
        assertThat(result).isNotSameAs(a);
        assertThat(result.getException()).isNull();
    }

    @Test
    void aRowThatCouldNotBeHandledFailsTheBatch() {
        Exchange b = record("b");
        b.setException(new IllegalStateException("dead letter store down"));
        Exchange input = new DefaultExchange(camel);
        Exchange result = batch.aggregate(batch.aggregate(null, record("a"), input), b, input);
        assertThat(result.getException()).hasMessage("dead letter store down");
    }

    @Test
    void recordsKafkaRefusedForGoodGoToDeadLettersAndTheBatchIsDone() throws Exception {
        Exchange a = record("a");
        Exchange c = record("c");
        Exchange result = aggregated(a, record("b"), c);
        RecordTooLargeException tooLarge = new RecordTooLargeException("too large");
        c.setException(tooLarge);    // as camel-kafka sets each record's outcome
        result.setProperty(Exchange.EXCEPTION_CAUGHT, tooLarge);
        batch.refused(result);
        assertThat(deadLettered).containsExactly(c);
        assertThat(c.getProperty(Exchange.EXCEPTION_CAUGHT)).isSameAs(tooLarge);
        assertThat(c.getException()).isNull();
    }

    @Test
    void kafkaUnavailableFailsTheWholeBatchAndDeadLettersNothing() {
        Exchange a = record("a");
        Exchange c = record("c");
        Exchange result = aggregated(a, record("b"), c);
        a.setException(new RecordTooLargeException("too large"));
        TimeoutException timeout = new TimeoutException("Expiring 1 record(s)");
        c.setException(timeout);
        result.setProperty(Exchange.EXCEPTION_CAUGHT, timeout);
        assertThatThrownBy(() -> batch.refused(result)).isSameAs(timeout);
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void aFailureOfTheSendItselfFailsTheBatch() {
        Exchange result = aggregated(record("a"), record("b"), record("c"));
        IllegalStateException closed = new IllegalStateException("producer closed");
        result.setProperty(Exchange.EXCEPTION_CAUGHT, closed);
        assertThatThrownBy(() -> batch.refused(result)).isSameAs(closed);
        assertThat(deadLettered).isEmpty();
    }
}
