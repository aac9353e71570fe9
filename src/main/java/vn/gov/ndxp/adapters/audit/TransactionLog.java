package vn.gov.ndxp.adapters.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes transaction records in batches from one thread, off the exchange's path: each batch extends
 * the hash chain under a lock on its head (so several instances share one chain), then is published
 * to Kafka. Callers never drop a record: a full queue makes them wait. A normal shutdown drains the
 * queue before the database goes away; records Kafka did not take are published again later.
 */
public class TransactionLog implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionLog.class);
    static final String GENESIS = "0".repeat(64);
    private static final String INSERT = "INSERT INTO ndxp_transaction (transaction_id, adapter, direction, client, service,"
            + " route_id, request_in, request_out, response_in, response_out, status, http_status, error_category,"
            + " request_bytes, response_bytes, user_id, request_body, response_body, prev_hash, hash)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING seq";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, String> kafka;
    private final ObjectMapper json;
    private final AuditProperties props;
    private final BlockingQueue<TransactionRecord> queue;
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean running;
    private Thread writer;

    public TransactionLog(JdbcTemplate jdbc, TransactionTemplate tx, KafkaTemplate<String, String> kafka,
                          ObjectMapper json, AuditProperties props) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kafka = kafka;
        this.json = json;
        this.props = props;
        this.queue = new LinkedBlockingQueue<>(props.getQueueCapacity());
    }

    public void append(TransactionRecord record) {
        if (!running && writer != null) {
            // after shutdown began (late exchanges of stopping routes): write it now, once
            try {
                write(List.of(record));
            } catch (RuntimeException e) {
                LOG.error("Transaction record {} could not be written during shutdown: {}", record.transactionId(), e.getMessage());
            }
            return;
        }
        try {
            queue.put(record);
            appended.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("Interrupted while recording transaction {}", record.transactionId());
        }
    }

    /** Waits until everything appended so far is in the database (tests, shutdown). */
    public boolean flush(Duration timeout) throws InterruptedException {
        // an exchange is recorded just after its answer has left: let those in flight arrive first
        Thread.sleep(300);
        long target = appended.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (written.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void run() {
        List<TransactionRecord> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                TransactionRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, props.getBatchSize() - 1);
                writeUntilDone(batch);
                written.addAndGet(batch.size());
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (!running) {
                    break;
                }
            }
        }
    }

    private void writeUntilDone(List<TransactionRecord> batch) throws InterruptedException {
        long backoff = 200;
        while (true) {
            try {
                List<Long> seqs = write(batch);
                publish(batch, seqs);
                return;
            } catch (RuntimeException e) {
                // the records stay in memory and are retried: the database may be restarting
                LOG.error("Cannot write {} transaction record(s), retrying in {} ms: {}", batch.size(), backoff, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private List<Long> write(List<TransactionRecord> batch) {
        return tx.execute(status -> {
            String prev = jdbc.queryForObject("SELECT last_hash FROM ndxp_transaction_chain WHERE id = 1 FOR UPDATE", String.class);
            List<Long> seqs = new ArrayList<>(batch.size());
            for (TransactionRecord r : batch) {
                String hash = hash(prev, r);
                Long seq = jdbc.queryForObject(INSERT, Long.class, r.transactionId(), r.adapter(), r.direction(), r.client(),
                        r.service(), r.routeId(), ts(r.requestIn()), ts(r.requestOut()), ts(r.responseIn()), ts(r.responseOut()),
                        r.status(), r.httpStatus(), r.errorCategory(), r.requestBytes(), r.responseBytes(), r.userId(),
                        r.requestBody(), r.responseBody(), prev, hash);
                seqs.add(seq);
                prev = hash;
            }
            jdbc.update("UPDATE ndxp_transaction_chain SET last_hash = ?, last_seq = ? WHERE id = 1", prev, seqs.get(seqs.size() - 1));
            return seqs;
        });
    }

    /** Publishes to Kafka; what it does not confirm stays unpublished for {@link #republish()}. */
    private void publish(List<TransactionRecord> batch, List<Long> seqs) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (TransactionRecord r : batch) {
            try {
                sent.add(kafka.send(props.getTopic(), r.transactionId(), toJson(r)));
            } catch (RuntimeException e) {
                LOG.warn("Kafka refused transaction record {}: {}", r.transactionId(), e.getMessage());
                sent.add(CompletableFuture.failedFuture(e));
            }
        }
        List<Object[]> done = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(10, TimeUnit.SECONDS);
                done.add(new Object[] {seqs.get(i)});
            } catch (Exception e) {
                LOG.warn("Transaction record {} not yet published to {}: {}", batch.get(i).transactionId(), props.getTopic(), e.getMessage());
            }
        }
        if (!done.isEmpty()) {
            jdbc.batchUpdate("UPDATE ndxp_transaction SET published = TRUE WHERE seq = ?", done);
        }
    }

    @Scheduled(fixedDelayString = "${ndxp.audit.republish-interval:30s}")
    public void republish() {
        if (!running) {
            return;
        }
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM ndxp_transaction WHERE NOT published"
                + " AND response_out < ? ORDER BY seq LIMIT 1000", ts(Instant.now().minusSeconds(30)));
        if (rows.isEmpty()) {
            return;
        }
        List<TransactionRecord> records = rows.stream().map(TransactionLog::fromRow).toList();
        publish(records, rows.stream().map(r -> ((Number) r.get("seq")).longValue()).toList());
        LOG.info("Published {} transaction record(s) that Kafka had not taken before", records.size());
    }

    static TransactionRecord fromRow(Map<String, Object> r) {
        return new TransactionRecord((String) r.get("transaction_id"), (String) r.get("adapter"), (String) r.get("direction"),
                (String) r.get("client"), (String) r.get("service"), (String) r.get("route_id"), instant(r.get("request_in")),
                instant(r.get("request_out")), instant(r.get("response_in")), instant(r.get("response_out")),
                (String) r.get("status"), (Integer) r.get("http_status"), (String) r.get("error_category"),
                (Long) r.get("request_bytes"), (Long) r.get("response_bytes"), (String) r.get("user_id"), null, null);
    }

    private String toJson(TransactionRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transactionId", r.transactionId());
        m.put("adapter", r.adapter());
        m.put("direction", r.direction());
        m.put("client", r.client());
        m.put("service", r.service());
        m.put("requestIn", r.requestIn());
        m.put("requestOut", r.requestOut());
        m.put("responseIn", r.responseIn());
        m.put("responseOut", r.responseOut());
        m.put("status", r.status());
        m.put("httpStatus", r.httpStatus());
        m.put("errorCategory", r.errorCategory());
        m.put("requestBytes", r.requestBytes());
        m.put("responseBytes", r.responseBytes());
        m.put("userId", r.userId());
        try {
            return json.writeValueAsString(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(String prev, TransactionRecord r) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prev.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '|');
            sha.update(r.canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Timestamps are kept at the database's precision, so the chain can be recomputed from rows. */
    public static Instant micros(Instant i) {
        return i == null ? null : i.truncatedTo(ChronoUnit.MICROS);
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(Object o) {
        if (o instanceof Timestamp t) {
            return t.toInstant();
        }
        if (o instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return null;
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::run, "ndxp-transaction-log");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            LOG.error("{} transaction record(s) could not be written before shutdown", queue.size());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server and Camel (higher phases stop first), before the database closes. */
    @Override
    public int getPhase() {
        return 0;
    }
}
