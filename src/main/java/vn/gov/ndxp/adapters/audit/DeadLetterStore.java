package vn.gov.ndxp.adapters.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.adapter.Failures;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * Dead letters of asynchronous flows, in the runtime's database: the record as it arrived, its
 * headers, the reason and the attempts. A replay sends it again into the start of its own route with
 * the same transaction id; a claim on the row makes sure one replay at a time, and a replayed record
 * that got through is marked so and can never be replayed again.
 */
public class DeadLetterStore {

    public static final String NEW = "NEW";
    public static final String REPLAYING = "REPLAYING";
    public static final String REPLAYED = "REPLAYED";
    public static final String DISCARDED = "DISCARDED";
    /** The answer of replay() for a dead letter whose route starts at a polling source. */
    public static final String NOT_REPLAYABLE = "NOT_REPLAYABLE";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);

    private final JdbcTemplate jdbc;
    private final AdapterRegistry registry;
    private final NdxpProperties ndxp;
    private final ObjectMapper json;
    private ProducerTemplate producer;
    private TransactionRecorder recorder;

    public DeadLetterStore(JdbcTemplate jdbc, AdapterRegistry registry, NdxpProperties ndxp, ObjectMapper json) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.ndxp = ndxp;
        this.json = json;
    }

    public void setProducer(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** Where the records of a batch set aside here get their transaction records (none: not recorded). */
    public void setRecorder(TransactionRecorder recorder) {
        this.recorder = recorder;
    }

    /** Called by the ndxp-async route configuration with the original message of a failed exchange. */
    public void store(Exchange exchange) throws Exception {
        if (exchange.getMessage().getBody() instanceof List<?> batch && !batch.isEmpty()
                && batch.stream().allMatch(o -> o instanceof Exchange || o instanceof Message)) {
            // a batch (a batching Kafka consumer's) that failed as a whole for a data reason: each of its
            // records is set aside alone, with the batch's reason, and the flow goes on
            Object caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT);
            for (Object o : batch) {
                Exchange item = o instanceof Message m ? m.getExchange() : (Exchange) o;
                if (item == null || item == exchange) {
                    continue;
                }
                item.setProperty(Exchange.EXCEPTION_CAUGHT, caught);
                if (item.getProperty(Exchanges.TRANSACTION_ID) == null) {
                    item.setProperty(Exchanges.TRANSACTION_ID, item.getMessage().getHeader(ndxp.getHeaders().getTransactionId(), String.class));
                }
                storeItem(item);
            }
            // its records are set aside one by one: the batch itself is no transaction of its own
            exchange.removeProperty(Exchanges.TRANSACTION_ID);
            return;
        }
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        var adapter = registry.byRoute(exchange.getFromRouteId());
        NdxpException e = Failures.classify(t, adapter, ndxp.getInbound().getRetryAfterSeconds());
        exchange.setProperty(Exchanges.ERROR_CATEGORY, e.category());
        exchange.setProperty(Exchanges.STATUS, e.status());
        exchange.setProperty(Exchanges.DEAD_LETTERED, true);
        String reason = e.category() + ": " + e.detail() + (e.field() == null ? "" : " (field " + e.field() + ")");
        Timestamp now = Timestamp.from(Instant.now());
        Long replayOf = exchange.getProperty(Exchanges.REPLAY_OF, Long.class);
        if (replayOf != null) {
            jdbc.update("UPDATE ndxp_dead_letter SET status = ?, reason = ?, error_category = ?, attempts = attempts + 1,"
                    + " updated_at = ? WHERE id = ?", NEW, reason, e.category(), now, replayOf);
            LOG.warn("[{}] replay of dead letter {} failed again: {}", exchange.getProperty(Exchanges.TRANSACTION_ID), replayOf, reason);
            return;
        }
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        if (payload == null && exchange.getMessage().getBody() != null) {
            // a record as read (a database row: a map of columns) has no bytes of its own: kept as JSON
            payload = json.writeValueAsBytes(exchange.getMessage().getBody());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getMessage().getHeaders().forEach((k, v) -> {
            if (v instanceof CharSequence || v instanceof Number || v instanceof Boolean) {
                headers.put(k, v.toString());
            }
        });
        headers.put(ndxp.getHeaders().getTransactionId(), exchange.getProperty(Exchanges.TRANSACTION_ID, String.class));
        jdbc.update("INSERT INTO ndxp_dead_letter (adapter, route_id, endpoint_uri, transaction_id, payload, headers, reason,"
                        + " error_category, attempts, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,1,?,?,?)",
                adapter == null ? "unknown" : adapter.id(), exchange.getFromRouteId(), exchange.getFromEndpoint().getEndpointUri(),
                exchange.getProperty(Exchanges.TRANSACTION_ID, String.class), payload, json.writeValueAsString(headers),
                reason, e.category(), NEW, now, now);
        LOG.warn("[{}] {} sent to the dead letters of {}: {}", exchange.getProperty(Exchanges.TRANSACTION_ID),
                exchange.getFromRouteId(), adapter == null ? "unknown" : adapter.id(), reason);
    }

    /** A record of a batch set aside alone (its reason in EXCEPTION_CAUGHT), with its own transaction record. */
    public void storeItem(Exchange item) throws Exception {
        store(item);
        if (recorder != null) {
            recorder.recordItem(item);
        }
    }

    public List<Map<String, Object>> list(String adapter, String status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, adapter, route_id, transaction_id, reason, error_category, attempts,"
                + " status, created_at, updated_at FROM ndxp_dead_letter WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (adapter != null) {
            sql.append(" AND adapter = ?");
            args.add(adapter);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        sql.append(" ORDER BY id LIMIT ?");
        args.add(limit);
        return jdbc.queryForList(sql.toString(), args.toArray());
    }

    public Map<String, Object> get(long id) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM ndxp_dead_letter WHERE id = ?", id);
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = new LinkedHashMap<>(rows.get(0));
        byte[] payload = (byte[]) row.remove("payload");
        row.put("payload", payload == null ? null : new String(payload, StandardCharsets.UTF_8));
        return row;
    }

    /** @return the outcome: REPLAYED, or NEW again (failed, with the new reason), or null if not replayable */
    public String replay(long id) throws Exception {
        List<String> uri = jdbc.queryForList("SELECT endpoint_uri FROM ndxp_dead_letter WHERE id = ? AND status = ?", String.class, id, NEW);
        if (!uri.isEmpty() && !replayable(uri.get(0))) {
            return NOT_REPLAYABLE;
        }
        if (jdbc.update("UPDATE ndxp_dead_letter SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                REPLAYING, Timestamp.from(Instant.now()), id, NEW) != 1) {
            return null;
        }
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM ndxp_dead_letter WHERE id = ?", id);
        Map<String, Object> headers = json.readValue((String) row.get("headers"), new TypeReference<Map<String, Object>>() { });
        Exchange result = producer.send((String) row.get("endpoint_uri"), ex -> {
            ex.getMessage().setBody(row.get("payload"));
            ex.getMessage().setHeaders(headers);
            ex.setProperty(Exchanges.REPLAY_OF, id);
        });
        if (result.isFailed() || Boolean.TRUE.equals(result.getProperty(Exchanges.DEAD_LETTERED, Boolean.class))) {
            // store() has put it back to NEW with the reason; a failure outside the route does it here
            jdbc.update("UPDATE ndxp_dead_letter SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                    NEW, Timestamp.from(Instant.now()), id, REPLAYING);
            return NEW;
        }
        jdbc.update("UPDATE ndxp_dead_letter SET status = ?, updated_at = ? WHERE id = ?", REPLAYED, Timestamp.from(Instant.now()), id);
        LOG.info("Dead letter {} ({}) replayed", id, row.get("transaction_id"));
        return REPLAYED;
    }

    /**
     * A dead letter goes back to the start of its route, which must accept a message. A polling source
     * (a SQL query that claims rows, a folder, a timer) would run its query or poll instead: a captured
     * row is sent again by fixing it at the source (the change is captured anew), then discarding.
     */
    static boolean replayable(String endpointUri) {
        String scheme = endpointUri == null ? "" : endpointUri.substring(0, Math.max(0, endpointUri.indexOf(':')));
        return !List.of("sql", "file", "sftp", "ftp", "timer", "scheduler", "quartz").contains(scheme);
    }

    public boolean discard(long id) {
        return jdbc.update("UPDATE ndxp_dead_letter SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                DISCARDED, Timestamp.from(Instant.now()), id, NEW) == 1;
    }
}
