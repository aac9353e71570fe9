package vn.gov.ndxp.adapters.component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * (ndxp-idempotency-key): a record a step fails for a data reason leaves the batch and is set aside with
 * the reason; a transient failure fails the batch.</li>
 * <li>{@link #setAside} (ndxp-kafka-batch-action, once Kafka has taken the batch) puts the set-aside
 * records in dead letters, each with its own transaction record. Not before: a batch that fails is taken
 * again from its source, and would set the same rows aside again. A failure to store them fails the
 * batch, so nothing is lost; a route that never calls it has them stored when its exchange completes.</li>
 * <li>{@link #refused}, when the send failed: if Kafka refused some records for good (too large, say),
 * those go to dead letters one by one with the reason and the batch is done; if the failure is
 * transient (Kafka unavailable), it is thrown again so that the whole batch is retried and, failing
 * that, left at its source.</li>
 * </ul>
 */
public class RecordBatch {

    private static final Logger LOG = LoggerFactory.getLogger(RecordBatch.class);
    /** The records of the batch set aside, not yet in dead letters (a property of the batch's exchange). */
    static final String SET_ASIDE = "ndxp.setAside";
    /** What a set-aside record takes from its batch: whose transaction it is. */
    private static final List<String> INHERITED = List.of(Exchanges.ADAPTER, Exchanges.CLIENT, Exchanges.SERVICE, Exchanges.PURPOSE);

    private final DeadLetterStore deadLetters;
    /** For a route that never calls {@link #setAside}: its set-aside records are not dropped. */
    private final SynchronizationAdapter storeOnCompletion = new SynchronizationAdapter() {
        @Override
        public void onComplete(Exchange exchange) {
            try {
                if (setAside(exchange) > 0) {
                    LOG.warn("{}: records set aside were stored when the exchange completed; call recordBatch.setAside"
                            + " (ndxp-kafka-batch-action does) once the batch is sent", exchange.getFromRouteId());
                }
            } catch (Exception e) {
                LOG.error("{}: records set aside could not be stored in dead letters", exchange.getFromRouteId(), e);
            }
        }
    };

    public RecordBatch(DeadLetterStore deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** The rows as a batch: each row the body of its own record, then mapped by the step. */
    List<Message> fromRows(Exchange input, List<?> rows, Processor map) throws Exception {
        // built anew on a retry of the step: the rows it set aside the first time are not kept twice
        if (input.getProperty(SET_ASIDE) == null) {
            input.getExchangeExtension().addOnCompletion(storeOnCompletion);
        }
        input.setProperty(SET_ASIDE, new LinkedHashSet<Exchange>());
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
            record.setProperty(Exchange.EXCEPTION_CAUGHT, e);
            asideOf(batch).add(record);
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<Exchange> asideOf(Exchange batch) {
        Set<Exchange> aside = batch.getProperty(SET_ASIDE, Set.class);
        if (aside == null) {
            aside = new LinkedHashSet<>();
            batch.setProperty(SET_ASIDE, aside);
        }
        return aside;
    }

    /**
     * Puts the records of the batch that were set aside in dead letters, each as a transaction of its own.
     * @return how many
     */
    public int setAside(Exchange batch) throws Exception {
        @SuppressWarnings("unchecked")
        Set<Exchange> aside = batch.getProperty(SET_ASIDE, Set.class);
        if (aside == null || aside.isEmpty()) {
            return 0;
        }
        int stored = 0;
        for (var it = aside.iterator(); it.hasNext(); stored++) {
            storeAlone(batch, it.next());
            it.remove();
        }
        return stored;
    }

    /** One record to dead letters, with its own transaction id and record, as a transaction of its batch's adapter. */
    private void storeAlone(Exchange batch, Exchange record) throws Exception {
        if (record.getProperty(Exchanges.TRANSACTION_ID) == null) {
            record.setProperty(Exchanges.TRANSACTION_ID, UUID.randomUUID().toString());
        }
        for (String p : INHERITED) {
            if (record.getProperty(p) == null && batch.getProperty(p) != null) {
                record.setProperty(p, batch.getProperty(p));
            }
        }
        deadLetters.storeItem(record);
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
            storeAlone(batch, record);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Message> records(Exchange batch) {
        return batch.getMessage().getBody(List.class);
    }
}
