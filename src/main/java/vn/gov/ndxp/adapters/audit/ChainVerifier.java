package vn.gov.ndxp.adapters.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Recomputes the hash chain of the transaction log and reports the first record whose stored hash
 * or link does not match: an edited, deleted or inserted row breaks the chain from there on.
 * After a retention purge the chain is checked from the oldest remaining record's link.
 */
public class ChainVerifier {

    private final JdbcTemplate jdbc;

    public ChainVerifier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Object> verify() {
        Map<String, Object> result = new LinkedHashMap<>();
        String[] expectedPrev = {null};
        long[] count = {0};
        Map<String, Object> broken = new LinkedHashMap<>();
        jdbc.query("SELECT * FROM ndxp_transaction ORDER BY seq", rs -> {
            if (!broken.isEmpty()) {
                return;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
            }
            TransactionRecord r = TransactionLog.fromRow(row);
            String prev = (String) row.get("prev_hash");
            String hash = (String) row.get("hash");
            String reason = null;
            if (expectedPrev[0] != null && !expectedPrev[0].equals(prev)) {
                reason = "link to the previous record does not match (a record was removed, inserted or re-chained)";
            } else if (!TransactionLog.hash(prev, r).equals(hash)) {
                reason = "content does not match its hash (the record was edited)";
            }
            if (reason != null) {
                broken.put("seq", row.get("seq"));
                broken.put("transactionId", r.transactionId());
                broken.put("reason", reason);
                return;
            }
            expectedPrev[0] = hash;
            count[0]++;
        });
        result.put("valid", broken.isEmpty());
        result.put("verified", count[0]);
        if (!broken.isEmpty()) {
            result.put("firstBroken", broken);
        }
        return result;
    }
}
