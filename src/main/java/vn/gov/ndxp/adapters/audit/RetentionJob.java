package vn.gov.ndxp.adapters.audit;

import java.sql.Timestamp;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/** Purges transaction records (set-aside ones too) and dead letters older than ndxp.audit.retention. */
public class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final JdbcTemplate jdbc;
    private final AuditProperties props;

    public RetentionJob(JdbcTemplate jdbc, AuditProperties props) {
        this.jdbc = jdbc;
        this.props = props;
    }

    /** Runs every ndxp.audit.purge-interval (AuditConfiguration). */
    public void purge() {
        purge(Instant.now().minus(props.getRetention()));
    }

    /** @return records and dead letters removed */
    public int[] purge(Instant before) {
        Timestamp cutoff = Timestamp.from(before);
        int records = jdbc.update("DELETE FROM ndxp_transaction WHERE response_out < ?", cutoff);
        // a dead letter nobody has dealt with yet (NEW, REPLAYING) is never purged: nothing is lost
        int letters = jdbc.update("DELETE FROM ndxp_dead_letter WHERE updated_at < ? AND status IN ('REPLAYED', 'DISCARDED')", cutoff);
        jdbc.update("DELETE FROM ndxp_transaction_rejected WHERE received_at < ?", cutoff);
        if (records + letters > 0) {
            LOG.info("Retention: purged {} transaction record(s) and {} dead letter(s) older than {}", records, letters, before);
        }
        return new int[] {records, letters};
    }
}
