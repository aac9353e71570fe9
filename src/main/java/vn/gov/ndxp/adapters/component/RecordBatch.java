package vn.gov.ndxp.adapters.component;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import vn.gov.ndxp.adapters.adapter.Failures;
import vn.gov.ndxp.adapters.audit.DeadLetterStore;
import vn.gov.ndxp.adapters.exchange.Exchanges;

/**
 * A batch of records for camel-kafka, for any adapter that reads records in batches (bean
 * {@code recordBatch}; see adapters/business-registry for its use):
 * <ul>
 * <li>as the aggregation strategy of a split that maps each row to a record: the body becomes the
 * list of the mapped records, in row order, each with its own headers (key, transaction id); rows
 * that went to dead letters are left out. camel-kafka sends such a list as one batch
 * ({@code batchWithIndividualHeaders=true}) and completes once Kafka acknowledged every record.</li>
 * <li>{@link #refused}, when that send failed: if Kafka refused some records for good (too large,
 * say), those go to dead letters one by one with the reason and the batch is done; if the failure
 * is transient (Kafka unavailable), it is thrown again so that the whole batch is retried and, failing
 * that, left at its source.</li>
 * </ul>
 */
public class RecordBatch implements AggregationStrategy {

    private final DeadLetterStore deadLetters;

    public RecordBatch(DeadLetterStore deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        throw new UnsupportedOperationException("recordBatch aggregates the parts of a split");
    }

    @Override
    public Exchange aggregate(Exchange batch, Exchange record, Exchange input) {
        if (batch == null) {
            // a copy of the split's input (not the first record's exchange: its state must not reach the batch)
            batch = input.copy();
            batch.getMessage().setBody(new ArrayList<Message>());
        }
        if (record.getException() != null) {
            // not a bad record (those are dead-lettered, handled) but a failure to handle it: the batch fails
            batch.setException(record.getException());
        } else if (!record.getProperty(Exchanges.DEAD_LETTERED, false, Boolean.class)) {
            records(batch).add(record.getMessage());
        }
        return batch;
    }

    /** In a doCatch around the Kafka send of the batch: dead-letters the records Kafka refused for good. */
    public void refused(Exchange batch) throws Exception {
        Exception failure = batch.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        List<Message> refused = new ArrayList<>();
        for (Message m : records(batch)) {
            // camel-kafka sets each record's outcome on the exchange of its message
            Exception e = m.getExchange().getException();
            if (e != null) {
                if (Failures.isTransient(Failures.classify(e, null, 0))) {
                    throw failure;
                }
                refused.add(m);
            }
        }
        if (refused.isEmpty()) {
            throw failure;    // not a refusal of records: the send itself failed
        }
        for (Message m : refused) {
            Exchange record = m.getExchange();
            record.setProperty(Exchange.EXCEPTION_CAUGHT, record.getException());
            record.setException(null);
            deadLetters.store(record);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Message> records(Exchange batch) {
        return batch.getMessage().getBody(List.class);
    }
}
