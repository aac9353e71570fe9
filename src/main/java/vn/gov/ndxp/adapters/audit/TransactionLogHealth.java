package vn.gov.ndxp.adapters.audit;

import java.time.Duration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health component transactionLog: DOWN when the oldest record not yet in the database is older than
 * ndxp.audit.max-lag, or the writer is not running. Not part of readiness: a lagging log keeps its
 * records (queue, spill file) and must alert operators, not take the runtime out of traffic.
 */
public class TransactionLogHealth implements HealthIndicator {

    private final TransactionLog log;
    private final AuditProperties props;

    public TransactionLogHealth(TransactionLog log, AuditProperties props) {
        this.log = log;
        this.props = props;
    }

    @Override
    public Health health() {
        Duration lag = log.lag();
        boolean behind = lag.compareTo(props.getMaxLag()) > 0;
        Health.Builder h = behind || !log.writing() ? Health.down() : Health.up();
        h.withDetail("queued", log.queued())
                .withDetail("spilled", log.spillPending())
                .withDetail("setAside", log.setAsideCount())
                .withDetail("lagSeconds", lag.toMillis() / 1000.0)
                .withDetail("maxLagSeconds", props.getMaxLag().toMillis() / 1000.0);
        if (!log.writing()) {
            h.withDetail("writer", "not running");
        }
        return h.build();
    }
}
