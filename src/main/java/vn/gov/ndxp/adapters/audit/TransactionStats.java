package vn.gov.ndxp.adapters.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.gov.ndxp.adapters.exchange.NdxpException;

/**
 * The figures the ministry publishes, computed in the database over [from, to): total, successful,
 * failed by category, per day, per adapter, per client unit, p50/p95 duration and the estimated
 * savings. Days are calendar days in ndxp.audit.time-zone. percentile_cont and split_part are
 * PostgreSQL (and most SQL databases) functions; see docs/operations.md.
 */
public class TransactionStats {

    private static final Instant MIN = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T00:00:00Z");

    private final JdbcTemplate jdbc;
    private final AuditProperties props;
    private final ObjectMapper json;

    public TransactionStats(JdbcTemplate jdbc, AuditProperties props, ObjectMapper json) {
        this.jdbc = jdbc;
        this.props = props;
        this.json = json;
    }

    public ObjectNode stats(Instant from, Instant to) {
        Timestamp f = Timestamp.from(from);
        Timestamp t = Timestamp.from(to);
        // an operator's action (an adapter reloaded, a file released) is in the log, but is no exchange
        String where = " FROM ndxp_transaction WHERE request_in >= ? AND request_in < ? AND direction <> '" + TransactionRecord.OPERATOR + "'";
        ObjectNode out = json.createObjectNode();
        out.put("from", from.toString());
        out.put("to", to.toString());
        Map<String, Object> totals = jdbc.queryForMap("SELECT count(*) AS total,"
                + " count(*) FILTER (WHERE status = 'success') AS successful,"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM response_out - request_in) * 1000) AS p50,"
                + " percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM response_out - request_in) * 1000) AS p95"
                + where, f, t);
        long total = ((Number) totals.get("total")).longValue();
        long successful = ((Number) totals.get("successful")).longValue();
        out.put("total", total);
        out.put("successful", successful);
        out.put("failed", total - successful);
        ObjectNode byCategory = out.putObject("failedByCategory");
        jdbc.query("SELECT error_category, count(*) AS n" + where + " AND status <> 'success' GROUP BY error_category ORDER BY 1",
                rs -> {
                    byCategory.put(rs.getString(1), rs.getLong(2));
                }, f, t);
        ObjectNode duration = out.putObject("durationMs");
        duration.put("p50", round(totals.get("p50")));
        duration.put("p95", round(totals.get("p95")));
        out.put("savingsPerTransactionVnd", props.getSavingsPerTransactionVnd());
        out.put("estimatedSavingsVnd", successful * props.getSavingsPerTransactionVnd());
        out.put("timeZone", props.getTimeZone());

        ArrayNode perDay = out.putArray("perDay");
        jdbc.query("SELECT to_char(request_in AT TIME ZONE ?, 'YYYY-MM-DD') AS day, adapter, count(*) AS total,"
                + " count(*) FILTER (WHERE status = 'success') AS successful" + where + " GROUP BY 1, 2 ORDER BY 1, 2",
                rs -> {
                    perDay.addObject().put("day", rs.getString(1)).put("adapter", rs.getString(2))
                            .put("total", rs.getLong(3)).put("successful", rs.getLong(4));
                }, props.getTimeZone(), f, t);
        ArrayNode perAdapter = out.putArray("perAdapter");
        jdbc.query("SELECT adapter, count(*), count(*) FILTER (WHERE status = 'success')" + where + " GROUP BY 1 ORDER BY 1",
                rs -> {
                    perAdapter.addObject().put("adapter", rs.getString(1)).put("total", rs.getLong(2)).put("successful", rs.getLong(3));
                }, f, t);
        // a client subsystem id is VN:<class>:<unit code>:<subsystem>
        ArrayNode perUnit = out.putArray("perClientUnit");
        jdbc.query("SELECT coalesce(nullif(split_part(client, ':', 3), ''), 'unknown') AS unit, count(*),"
                + " count(*) FILTER (WHERE status = 'success')" + where + " GROUP BY 1 ORDER BY 1",
                rs -> {
                    perUnit.addObject().put("unit", rs.getString(1)).put("total", rs.getLong(2)).put("successful", rs.getLong(3));
                }, f, t);
        // the purposes of use callers gave (exchanges without one are left out)
        ArrayNode perPurpose = out.putArray("perPurpose");
        jdbc.query("SELECT adapter, purpose, count(*), count(*) FILTER (WHERE status = 'success')" + where
                + " AND purpose IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
                rs -> {
                    perPurpose.addObject().put("adapter", rs.getString(1)).put("purpose", rs.getString(2))
                            .put("total", rs.getLong(3)).put("successful", rs.getLong(4));
                }, f, t);
        // calls refused because the client's quota was used up, per client
        ArrayNode quota = out.putArray("quotaExceededPerClient");
        jdbc.query("SELECT adapter, client, count(*)" + where + " AND error_category = '" + NdxpException.CLIENT_QUOTA_EXCEEDED
                + "' GROUP BY 1, 2 ORDER BY 1, 2",
                rs -> {
                    quota.addObject().put("adapter", rs.getString(1)).put("client", rs.getString(2)).put("refused", rs.getLong(3));
                }, f, t);
        return out;
    }

    /** from/to as dates (whole days in the configured zone) or instants; anything else is the caller's error. */
    public Instant parse(String name, String value, boolean end, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            if (value.length() == 10) {
                LocalDate d = LocalDate.parse(value);
                return (end ? d.plusDays(1) : d).atStartOfDay(ZoneId.of(props.getTimeZone())).toInstant();
            }
            Instant i = Instant.parse(value);
            // beyond what the database's timestamps hold
            if (i.isBefore(MIN) || i.isAfter(MAX)) {
                throw NdxpException.badRequest(name, "must be between " + MIN + " and " + MAX);
            }
            return i;
        } catch (DateTimeException e) {
            throw NdxpException.badRequest(name, "must be a date (yyyy-MM-dd) or an instant (ISO-8601, e.g. 2025-01-31T17:00:00Z)");
        }
    }

    private static double round(Object v) {
        return v == null ? 0 : Math.round(((Number) v).doubleValue() * 10) / 10.0;
    }

    public List<Map<String, Object>> byTransaction(String transactionId) {
        return jdbc.queryForList("SELECT seq, transaction_id, adapter, direction, client, service, route_id, request_in,"
                + " request_out, response_in, response_out, status, http_status, error_category, request_bytes,"
                + " response_bytes, user_id, purpose, hash FROM ndxp_transaction WHERE transaction_id = ? ORDER BY seq", transactionId);
    }
}
