package vn.gov.ndxp.adapters.component;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultExchange;
import vn.gov.ndxp.adapters.adapter.Failures;
import vn.gov.ndxp.adapters.audit.DeadLetterStore;
import vn.gov.ndxp.adapters.exchange.Exchanges;

/**
 * A batch of records for camel-kafka, for any adapter that reads records in batches (bean
 * {@code recordBatch}; see adapters/business-registry for its use): the body is the list of the records'
 * messages, in row order, each on an exchange of its own (camel-kafka sends such a list as one batch,
 * {@code batchWithIndividualHeaders=true}, and sets each record's outcome on its exchange).
 * <ul>
 * <li>{@link #fromRows} builds it (ndxp-record batch=true) and {@link #each} applies a step to each record
 * (ndxp-idempotency-key): a record a step fails for a data reason goes to dead letters alone with the
 * reason, with its own transaction record, and leaves the batch; a failure to set it aside fails the
 * batch, as does a transient failure.</li>
 * <li>{@link #refused}, when the send failed: if Kafka refused some records for good (too large, say),
 * those go to dead letters one by one with the reason and the batch is done; if the failure is
 * transient (Kafka unavailable), it is thrown again so that the whole batch is retried and, failing
 * that, left at its source.</li>
 * </ul>
 */
public class RecordBatch {

    private final DeadLetterStore deadLetters;

    public RecordBatch(DeadLetterStore deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** The rows as a batch: each row the body of its own record, then mapped by the step. */
    List<Message> fromRows(Exchange input, List<?> rows, Processor map) throws Exception {
        List<Message> records = new ArrayList<>(rows.size());
        for (Object row : rows) {
            // a fresh exchange of the same route: none of the poll's headers reach Kafka
            Exchange record = new DefaultExchange(input);
            record.getMessage().setBody(row);
            if (apply(input, record, map)) {
                records.add(record.getMessage());
            }
        }
        return records;
    }

    /** Applies the step to each record of the batch in the body. */
    void each(Exchange batch, Processor step) throws Exception {
        List<Message> kept = new ArrayList<>(records(batch).size());
        for (Message m : records(batch)) {
            if (apply(batch, m.getExchange(), step)) {
                kept.add(m);
            }
        }
        batch.getMessage().setBody(kept);
    }

    private boolean apply(Exchange batch, Exchange record, Processor step) throws Exception {
        try {
            step.process(record);
            return true;
        } catch (Exception e) {
            if (Failures.isTransient(Failures.classify(e, null, 0))) {
                throw e;
            }
            // set aside as a transaction of its own: the batch's adapter, client and service, its own id
            if (record.getProperty(Exchanges.TRANSACTION_ID) == null) {
                record.setProperty(Exchanges.TRANSACTION_ID, UUID.randomUUID().toString());
            }
            batch.getProperties().forEach(record.getProperties()::putIfAbsent);
            record.setProperty(Exchange.EXCEPTION_CAUGHT, e);
            deadLetters.storeItem(record);
            return false;
        }
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
