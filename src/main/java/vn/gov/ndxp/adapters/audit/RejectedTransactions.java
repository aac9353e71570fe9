package vn.gov.ndxp.adapters.audit;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** The records the database refused, set aside by the transaction log, newest first (operators). */
public class RejectedTransactions {

    private final JdbcTemplate jdbc;

    public RejectedTransactions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** At most limit records with an id below before (null: from the newest). */
    public List<Map<String, Object>> list(Long before, int limit) {
        return jdbc.queryForList("SELECT id, received_at, transaction_id, adapter, sql_state, reason, record"
                + " FROM ndxp_transaction_rejected WHERE id < ? ORDER BY id DESC LIMIT ?", before == null ? Long.MAX_VALUE : before, limit);
    }

    public long count() {
        return jdbc.queryForObject("SELECT count(*) FROM ndxp_transaction_rejected", Long.class);
    }
}
