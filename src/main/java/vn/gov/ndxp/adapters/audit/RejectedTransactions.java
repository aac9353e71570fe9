package vn.gov.ndxp.adapters.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The records the database refused, set aside by the transaction log, newest first (operators).
 * Bodies (kept only with payload capture) stay in the table and out of the listing, as for the
 * transaction lookup.
 */
public class RejectedTransactions {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public RejectedTransactions(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** At most limit records with an id below before (null: from the newest). */
    public List<Map<String, Object>> list(Long before, int limit) {
        return jdbc.queryForList("SELECT id, received_at, transaction_id, adapter, sql_state, reason, record"
                + " FROM ndxp_transaction_rejected WHERE id < ? ORDER BY id DESC LIMIT ?", before == null ? Long.MAX_VALUE : before, limit)
                .stream().map(this::withoutBodies).toList();
    }

    public long count() {
        return jdbc.queryForObject("SELECT count(*) FROM ndxp_transaction_rejected", Long.class);
    }

    private Map<String, Object> withoutBodies(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>(row);
        try {
            JsonNode record = json.readTree((String) row.get("record"));
            if (record instanceof ObjectNode o && (o.remove("requestBody") != null | o.remove("responseBody") != null)) {
                out.put("record", json.writeValueAsString(o));
            }
        } catch (Exception e) {
            // not JSON (a torn spill line): shown as it was kept
        }
        return out;
    }
}
