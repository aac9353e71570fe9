package vn.gov.ndxp.adapters.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
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
import vn.gov.ndxp.adapters.mapping.MappingException;

/** The batch of records for Kafka: which records it holds, which rows it sets aside, and what happens when Kafka refuses some. */
class RecordBatchTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final List<Exchange> deadLettered = new ArrayList<>();
    private final RecordBatch batch = new RecordBatch(new DeadLetterStore(null, null, null, null) {
        @Override
        public void store(Exchange exchange) {
            deadLettered.add(exchange);
        }
    });

    private final Exchange poll = poll();

    private Exchange poll() {
        Exchange e = new DefaultExchange(camel);
        e.setProperty(Exchanges.TRANSACTION_ID, "poll");
        e.setProperty(Exchanges.ADAPTER, "business-registry");
        e.getMessage().setHeader("CamelSqlRowCount", 3);
        return e;
    }

    /** Rows a, b (a bad row: its step fails for a data reason), c as a batch, each record keyed by its body. */
    private Exchange aggregated() throws Exception {
        Exchange result = poll();
        result.getMessage().setBody(batch.fromRows(result, List.of("a", "b", "c"), r -> {
            String row = r.getMessage().getBody(String.class);
            if (row.equals("b")) {
                throw new MappingException("province_code", "required");
            }
            r.getMessage().setHeader("kafka.KEY", row);
        }));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<Message> records(Exchange batch) {
        return batch.getMessage().getBody(List.class);
    }

    private static Exchange record(Exchange batch, String key) {
        return records(batch).stream().filter(m -> key.equals(m.getHeader("kafka.KEY"))).findFirst().orElseThrow().getExchange();
    }

    @Test
    void holdsTheRecordsNotDeadLetteredInOrderEachOnItsOwnExchangeWithOnlyItsOwnHeaders() throws Exception {
        Exchange result = aggregated();
        assertThat(records(result)).extracting(Message::getBody).containsExactly("a", "c");
        assertThat(records(result)).extracting(Message::getExchange).doesNotHaveDuplicates().doesNotContain(poll, result);
        assertThat(records(result).get(1).getHeaders()).containsOnlyKeys("kafka.KEY");
        assertThat(records(result).get(0).getExchange().getFromRouteId()).isEqualTo(result.getFromRouteId());
    }

    @Test
    void aBadRowGoesToDeadLettersAloneAsATransactionOfItsOwnOnceTheBatchIsSent() throws Exception {
        Exchange result = aggregated();
        assertThat(deadLettered).as("not before Kafka has the batch: a failed batch is claimed and mapped again").isEmpty();
        assertThat(batch.setAside(result)).isEqualTo(1);
        assertThat(batch.setAside(result)).as("once").isZero();
        assertThat(deadLettered).singleElement().satisfies(b -> {
            assertThat(b.getMessage().getBody()).isEqualTo("b");
            assertThat(b.getProperty(Exchange.EXCEPTION_CAUGHT)).isInstanceOf(MappingException.class);
            assertThat(b.getProperty(Exchanges.TRANSACTION_ID, String.class)).isNotBlank().isNotEqualTo("poll");
            assertThat(b.getProperty(Exchanges.ADAPTER)).isEqualTo("business-registry");
        });
    }

    @Test
    void aStepAppliedToEachRecordSetsAsideOnlyTheRecordsItFails() throws Exception {
        Exchange result = aggregated();
        batch.each(result, r -> {
            if ("c".equals(r.getMessage().getBody())) {
                throw new MappingException("taxCode", "the idempotency key needs this field");
            }
            r.setProperty(Exchanges.TRANSACTION_ID, "key-" + r.getMessage().getBody());
        });
        assertThat(records(result)).extracting(Message::getBody).containsExactly("a");
        assertThat(records(result).get(0).getExchange().getProperty(Exchanges.TRANSACTION_ID)).isEqualTo("key-a");
        batch.setAside(result);
        assertThat(deadLettered).extracting(e -> e.getMessage().getBody()).containsExactly("b", "c");
    }

    @Test
    void aRetriedBatchSetsItsBadRowsAsideOnce() throws Exception {
        Exchange result = poll();
        for (int attempt = 0; attempt < 2; attempt++) {
            batch.fromRows(result, List.of("b"), r -> {
                throw new MappingException("province_code", "required");
            });
        }
        assertThat(batch.setAside(result)).isEqualTo(1);
        assertThat(deadLettered).hasSize(1);
    }

    @Test
    void aTransientFailureOrARowThatCannotBeSetAsideFailsTheBatch() throws Exception {
        assertThatThrownBy(() -> batch.fromRows(poll, List.of("a"), r -> {
            throw new ConnectException("refused");
        })).isInstanceOf(ConnectException.class);
        RecordBatch noStore = new RecordBatch(new DeadLetterStore(null, null, null, null) {
            @Override
            public void store(Exchange exchange) {
                throw new IllegalStateException("dead letter store down");
            }
        });
        Exchange result = poll();
        noStore.fromRows(result, List.of("b"), r -> {
            throw new MappingException("province_code", "required");
        });
        assertThatThrownBy(() -> noStore.setAside(result)).hasMessage("dead letter store down");
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void recordsKafkaRefusedForGoodGoToDeadLettersAndTheBatchIsDone() throws Exception {
        Exchange result = aggregated();
        Exchange c = record(result, "c");
        RecordTooLargeException tooLarge = new RecordTooLargeException("too large");
        c.setException(tooLarge);    // as camel-kafka sets each record's outcome
        result.setProperty(Exchange.EXCEPTION_CAUGHT, tooLarge);
        deadLettered.clear();
        batch.refused(result);
        assertThat(deadLettered).containsExactly(c);
        assertThat(c.getProperty(Exchange.EXCEPTION_CAUGHT)).isSameAs(tooLarge);
        assertThat(c.getException()).isNull();
    }

    @Test
    void kafkaUnavailableFailsTheWholeBatchAndDeadLettersNothing() throws Exception {
        Exchange result = aggregated();
        Exchange a = record(result, "a");
        Exchange c = record(result, "c");
        deadLettered.clear();
        a.setException(new RecordTooLargeException("too large"));
        TimeoutException timeout = new TimeoutException("Expiring 1 record(s)");
        c.setException(timeout);
        result.setProperty(Exchange.EXCEPTION_CAUGHT, timeout);
        assertThatThrownBy(() -> batch.refused(result)).isSameAs(timeout);
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void aFailureOfTheSendItselfFailsTheBatch() throws Exception {
        Exchange result = aggregated();
        deadLettered.clear();
        IllegalStateException closed = new IllegalStateException("producer closed");
        result.setProperty(Exchange.EXCEPTION_CAUGHT, closed);
        assertThatThrownBy(() -> batch.refused(result)).isSameAs(closed);
        assertThat(deadLettered).isEmpty();
    }
}
