package vn.gov.ndxp.adapters.capture;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;

/**
 * Change capture over existing columns (a timestamp and a key) for legacy databases that cannot get
 * an outbox table or trigger. Each poll reads the rows past the watermark (timestamp, key) up to
 * now - lag, and rescans the window behind the watermark for rows committed late with an older
 * timestamp; what was already emitted (key + timestamp) is remembered for the rescan window, so only
 * the late rows are added. The watermark moves only after the rows were handed on (commit). One
 * instance at a time holds a flow (a lease in the runtime's database); the others skip their poll.
 * Rows committed more than the rescan window after their timestamp are not seen: set the window
 * longer than the longest transaction of the legacy system (docs/operations.md).
 */
public class WatermarkCapture {

    public static final String PENDING = "ndxp.watermark.pending";
    private static final Logger LOG = LoggerFactory.getLogger(WatermarkCapture.class);
    private static final String OWNER = ManagementFactory.getRuntimeMXBean().getName();

    private final JdbcTemplate runtime;
    private final AdapterDatasources datasources;

    public WatermarkCapture(JdbcTemplate runtime, AdapterDatasources datasources) {
        this.runtime = runtime;
        this.datasources = datasources;
    }

    /** The rows to emit in this poll, or null when another instance holds the flow. */
    public Poll poll(AdapterDescriptor adapter, String flow, Path queryFile, String tsColumn, String keyColumn,
                     Duration lag, Duration rescan, int batch) throws Exception {
        Instant now = Instant.now();
        runtime.update("INSERT INTO ndxp_capture_state (adapter, flow, last_ts, last_key, started_at) VALUES (?, ?, ?, '', ?)"
                + " ON CONFLICT DO NOTHING", adapter.id(), flow, Timestamp.from(now.minus(lag)), Timestamp.from(now.minus(lag)));
        List<Map<String, Object>> state = runtime.queryForList("UPDATE ndxp_capture_state SET owner = ?, lease_until = ?"
                        + " WHERE adapter = ? AND flow = ? AND (owner IS NULL OR owner = ? OR lease_until < ?)"
                        + " RETURNING last_ts, last_key, started_at", OWNER, Timestamp.from(now.plusSeconds(60)), adapter.id(), flow,
                OWNER, Timestamp.from(now));
        if (state.isEmpty()) {
            return null;
        }
        Instant lastTs = ((Timestamp) state.get(0).get("last_ts")).toInstant();
        String lastKey = (String) state.get(0).get("last_key");
        Instant startedAt = ((Timestamp) state.get(0).get("started_at")).toInstant();
        Instant from = lastTs.minus(rescan).isBefore(startedAt) ? startedAt : lastTs.minus(rescan);
        NamedParameterJdbcTemplate legacy = new NamedParameterJdbcTemplate(datasources.get(adapter.id()));
        String sql = Files.readString(queryFile);
        Set<String> seen = new HashSet<>(runtime.queryForList("SELECT record_key || '|' || to_char(version AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US') FROM ndxp_capture_seen WHERE adapter = ? AND flow = ? AND version >= ?",
                String.class, adapter.id(), flow, Timestamp.from(from)));
        // late rows: everything behind the watermark in the rescan window that was not sent yet, page by page
        List<Map<String, Object>> emit = new ArrayList<>();
        Instant pageTs = from.minusNanos(1000);
        String pageKey = "";
        int read = 0;
        while (emit.size() < batch) {
            List<Map<String, Object>> page = page(legacy, sql, pageTs, pageKey, lastTs, batch);
            read += page.size();
            for (Map<String, Object> row : page) {
                Instant ts = ((Timestamp) value(row, tsColumn)).toInstant();
                String key = String.valueOf(value(row, keyColumn));
                boolean beyond = ts.isAfter(lastTs) || (ts.equals(lastTs) && key.compareTo(lastKey) > 0);
                if (!beyond && !seen.contains(key + "|" + isoMicros(ts))) {
                    emit.add(row);
                }
            }
            if (page.size() < batch) {
                break;
            }
            Map<String, Object> last = page.get(page.size() - 1);
            pageTs = ((Timestamp) value(last, tsColumn)).toInstant();
            pageKey = String.valueOf(value(last, keyColumn));
        }
        // new rows: past the watermark (timestamp, then key), up to now - lag
        Instant maxTs = lastTs;
        String maxKey = lastKey;
        for (Map<String, Object> row : page(legacy, sql, lastTs, lastKey, now.minus(lag), batch)) {
            read++;
            emit.add(row);
            maxTs = ((Timestamp) value(row, tsColumn)).toInstant();
            maxKey = String.valueOf(value(row, keyColumn));
        }
        List<Map<String, Object>> rows = emit;
        LOG.debug("Watermark {}/{}: window [{}, {}], {} row(s) read, {} to send, watermark {} {}", adapter.id(), flow, from,
                now.minus(lag), read, rows.size(), maxTs, maxKey);
        return new Poll(adapter.id(), flow, emit, maxTs, maxKey, tsColumn, keyColumn, from);
    }

    /** Rows strictly after (afterTs, afterKey), up to until, oldest first: the adapter's query file. */
    private static List<Map<String, Object>> page(NamedParameterJdbcTemplate legacy, String sql, Instant afterTs, String afterKey,
                                                  Instant until, int limit) {
        return legacy.queryForList(sql, new MapSqlParameterSource().addValue("afterTs", Timestamp.from(afterTs))
                .addValue("afterKey", afterKey).addValue("until", Timestamp.from(until)).addValue("limit", limit));
    }

    /** After the rows were handed on: move the watermark, remember them for the rescan window, renew nothing. */
    public void commit(Poll p) {
        List<Object[]> seen = new ArrayList<>();
        for (Map<String, Object> row : p.rows()) {
            seen.add(new Object[] {p.adapter(), p.flow(), String.valueOf(value(row, p.keyColumn())), value(row, p.tsColumn()),
                    Timestamp.from(Instant.now())});
        }
        if (!seen.isEmpty()) {
            runtime.batchUpdate("INSERT INTO ndxp_capture_seen (adapter, flow, record_key, version, seen_at) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING", seen);
        }
        runtime.update("UPDATE ndxp_capture_state SET last_ts = ?, last_key = ? WHERE adapter = ? AND flow = ? AND owner = ?",
                Timestamp.from(p.lastTs()), p.lastKey(), p.adapter(), p.flow(), OWNER);
        runtime.update("DELETE FROM ndxp_capture_seen WHERE adapter = ? AND flow = ? AND version < ?",
                p.adapter(), p.flow(), Timestamp.from(p.from()));
    }

    private static Object value(Map<String, Object> row, String column) {
        for (var e : row.entrySet()) {
            if (e.getKey().equalsIgnoreCase(column)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("the capture query returns no column " + column);
    }

    private static String isoMicros(Instant i) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC).format(i);
    }

    /** One poll's result: the rows to hand on and where the watermark goes once they are. */
    public record Poll(String adapter, String flow, List<Map<String, Object>> rows, Instant lastTs, String lastKey,
                       String tsColumn, String keyColumn, Instant from) {
    }
}
