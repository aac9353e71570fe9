package vn.gov.ndxp.adapters.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;

/** The operators' tools as JMX operations, visible in Hawtio under ndxp > Audit. */
@ManagedResource(objectName = "ndxp:type=Audit", description = "Transaction log and dead letters")
public class AuditMBean {

    private final ChainVerifier verifier;
    private final DeadLetterStore deadLetters;
    private final TransactionLog log;
    private final RejectedTransactions rejected;
    private final ObjectMapper json;

    public AuditMBean(ChainVerifier verifier, DeadLetterStore deadLetters, TransactionLog log, RejectedTransactions rejected,
                      ObjectMapper json) {
        this.verifier = verifier;
        this.deadLetters = deadLetters;
        this.log = log;
        this.rejected = rejected;
        this.json = json;
    }

    @ManagedAttribute(description = "Seconds the oldest transaction record not yet in the database has waited")
    public double getTransactionLogLagSeconds() {
        return log.lag().toMillis() / 1000.0;
    }

    @ManagedAttribute(description = "Transaction records waiting in memory")
    public int getTransactionLogQueued() {
        return log.queued();
    }

    @ManagedAttribute(description = "Transaction records waiting in the local spill files")
    public long getTransactionLogSpilled() {
        return log.spillPending();
    }

    @ManagedAttribute(description = "Transaction records the database refused, set aside (all instances)")
    public long getRejectedTransactions() {
        return rejected.count();
    }

    @ManagedOperation(description = "The newest set-aside transaction records (refused by the database) with their reasons")
    @ManagedOperationParameter(name = "limit", description = "how many, 1..1000")
    public String listRejectedTransactions(int limit) throws Exception {
        return json.writeValueAsString(rejected.list(null, Math.max(1, Math.min(limit, 1000))));
    }

    @ManagedOperation(description = "Recompute the hash chain; reports the first record whose chain breaks")
    public String verifyTransactionLog() throws Exception {
        return json.writeValueAsString(verifier.verify());
    }

    @ManagedOperation(description = "Dead letters of an adapter (empty: all adapters) with status NEW")
    @ManagedOperationParameter(name = "adapter", description = "adapter id, or empty for all")
    public String listDeadLetters(String adapter) throws Exception {
        return json.writeValueAsString(deadLetters.list(adapter == null || adapter.isBlank() ? null : adapter, DeadLetterStore.NEW, 1000));
    }

    @ManagedOperation(description = "Replay a dead letter through its route")
    @ManagedOperationParameter(name = "id", description = "dead letter id")
    public String replayDeadLetter(long id) throws Exception {
        String outcome = deadLetters.replay(id);
        return outcome == null ? "not replayable" : outcome;
    }

    @ManagedOperation(description = "Discard a dead letter")
    @ManagedOperationParameter(name = "id", description = "dead letter id")
    public boolean discardDeadLetter(long id) {
        return deadLetters.discard(id);
    }
}
