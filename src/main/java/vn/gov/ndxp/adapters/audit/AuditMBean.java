package vn.gov.ndxp.adapters.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;

/** The operators' tools as JMX operations, visible in Hawtio under ndxp > Audit. */
@ManagedResource(objectName = "ndxp:type=Audit", description = "Transaction log and dead letters")
public class AuditMBean {

    private final ChainVerifier verifier;
    private final DeadLetterStore deadLetters;
    private final ObjectMapper json;

    public AuditMBean(ChainVerifier verifier, DeadLetterStore deadLetters, ObjectMapper json) {
        this.verifier = verifier;
        this.deadLetters = deadLetters;
        this.json = json;
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
