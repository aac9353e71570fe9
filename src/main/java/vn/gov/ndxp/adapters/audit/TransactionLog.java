package vn.gov.ndxp.adapters.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import vn.gov.ndxp.adapters.audit.TransactionRecord.Instants;

/**
 * Writes transaction records in batches from one thread, off the exchange's path: each batch extends
 * the hash chain under a lock on its head (so several instances share one chain), then is published
 * to Kafka; a batch Kafka did not take whole keeps its row in ndxp_transaction_unpublished and is
 * published again later (at least once: Kafka's key is the transaction id).
 *
 * <p>Nothing blocks it and nothing is lost silently:
 * <ul>
 * <li>A batch the database refuses for a data reason (SQLState class 22, 23, 54, or a value Java cannot
 * bind) is written again record by record; each refused record is set aside with its reason in
 * ndxp_transaction_rejected and the rest flows on. Any other failure (connection, timeout, deadlock,
 * serialization, a missing table) is an outage: the batch is retried with exponential backoff.</li>
 * <li>The queue is bounded: when it is full, append() writes the record to the local spill file
 * instead of waiting (counted); the writer replays spill files when it has caught up with the queue.</li>
 * <li>stop() waits at most ndxp.audit.shutdown-timeout for the queue, then spills what is left
 * (queue and unwritten batch); appends after shutdown began go to the spill file too. The next start
 * writes the spill files first (a record already in the table, e.g. committed just as shutdown cut
 * in, is not written twice).</li>
 * </ul>
 */
public class TransactionLog implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionLog.class);
    static final String GENESIS = "0".repeat(64);
    private static final String INSERT = "INSERT INTO ndxp_transaction (seq, transaction_id, adapter, direction, client, service,"
            + " route_id, request_in, request_out, response_in, response_out, status, http_status, error_category,"
            + " request_bytes, response_bytes, user_id, request_body, response_body, purpose, prev_hash, hash)"
            // the instants as the ISO-8601 text the chain hashed: formatted once, read by the database
            + " VALUES (?,?,?,?,?,?,?,CAST(? AS timestamptz),CAST(? AS timestamptz),CAST(? AS timestamptz),"
            + "CAST(? AS timestamptz),?,?,?,?,?,?,?,?,?,?,?)";
    /** The column types of INSERT: nulls need no round trip to ask the database for their type. */
    private static final int[] INSERT_TYPES = {Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
            Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
            Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.INTEGER, Types.VARCHAR,
            Types.BIGINT, Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.CHAR, Types.CHAR};
    private static final String NEXT_SEQS = "SELECT nextval(pg_get_serial_sequence('ndxp_transaction', 'seq'))"
            + " FROM generate_series(1, ?)";
    private static final String PUBLISHED = "DELETE FROM ndxp_transaction_unpublished WHERE first_seq = ?";
    private static final String SET_ASIDE = "INSERT INTO ndxp_transaction_rejected (received_at, transaction_id, adapter,"
            + " sql_state, reason, record) VALUES (?,?,?,?,?,?)";
    /** How long stop() waits for the writer thread after telling it to halt (a JDBC call may not return). */
    private static final Duration HALT_WAIT = Duration.ofSeconds(2);
    private static final HexFormat HEX = HexFormat.of();
    private static final long SPILL_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Why a write failed: the records' fault (set them aside) or the database's (retry). */
    enum Failure { DATA, TRANSIENT }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, String> kafka;
    private final ObjectMapper json;
    private final AuditProperties props;
    private final BlockingQueue<TransactionRecord> queue;
    private final TransactionSpill spill;
    /** Guards the switch to shutdown against appends that are just putting a record in the queue. */
    private final ReentrantReadWriteLock stopLock = new ReentrantReadWriteLock();
    /** Records appended (queue or spill) and from earlier runs' spill files; handled: written or set aside. */
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    /** The monitor flush() waits on while handled catches up with accepted. */
    private final Object progress = new Object();
    private final AtomicLong setAside = new AtomicLong();
    private final AtomicLong spilledQueueFull = new AtomicLong();
    private final AtomicLong spilledShutdown = new AtomicLong();
    private final AtomicLong spilledSetAsideFailed = new AtomicLong();
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile boolean halt;
    /** The queue batch being written (what is left of it); null when none. */
    private volatile List<TransactionRecord> inFlight;
    /** When the writer looks at the spill folder next (System.nanoTime). */
    private long nextSpillCheck;
    /** The spill file the writer is replaying (claimed), if any. */
    private TransactionSpill.Replay replaying;
    private Thread writer;

    public TransactionLog(JdbcTemplate jdbc, TransactionTemplate tx, KafkaTemplate<String, String> kafka,
                          ObjectMapper json, AuditProperties props) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kafka = kafka;
        this.json = json;
        this.props = props;
        this.queue = new LinkedBlockingQueue<>(props.getQueueCapacity());
        this.spill = new TransactionSpill(Path.of(props.getSpillDir()), props.getSpillSyncInterval());
        this.accepted.set(spill.pending());
    }

    /** Never waits for the database: a full queue or a shutdown sends the record to the spill file. */
    public void append(TransactionRecord record) {
        accepted.incrementAndGet();
        stopLock.readLock().lock();
        try {
            if (!stopping && queue.offer(record)) {
                return;
            }
        } finally {
            stopLock.readLock().unlock();
        }
        if (toSpill(record, null, !running)) {
            (stopping ? spilledShutdown : spilledQueueFull).incrementAndGet();
        }
    }

    /**
     * Waits until everything appended so far is written or set aside (tests), woken by the writer as it
     * goes. What an exchange appends on completion after this call starts is not waited for.
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (handled.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
        return true;
    }

    /** Counts records written or set aside and wakes those waiting in flush(). */
    private void advance(long records) {
        handled.addAndGet(records);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void run() {
        List<TransactionRecord> batch = new ArrayList<>();
        while (!halt) {
            try {
                boolean replayed = !stopping && System.nanoTime() - nextSpillCheck >= 0 && replayBatch();
                if (batch.isEmpty()) {
                    // between two replayed batches the queue gets its turn, without waiting
                    TransactionRecord first = replayed ? queue.poll() : queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (!stopping && spill.appending()) {
                            // caught up: what overflowed meanwhile can be replayed now
                            spill.rotate();
                            nextSpillCheck = System.nanoTime();
                        }
                        continue;
                    }
                    batch.add(first);
                    if (!replayed && !stopping && queue.size() < props.getBatchSize() - 1 && !props.getLinger().isZero()) {
                        // in flight while it gathers: an interrupt puts it back into the batch
                        inFlight = List.of(first);
                        Thread.sleep(props.getLinger().toMillis());
                    }
                    queue.drainTo(batch, props.getBatchSize() - 1);
                }
                inFlight = List.copyOf(batch);
                if (writeBatch(batch, true)) {
                    inFlight = null;
                }
                batch.clear();
            } catch (InterruptedException e) {
                // stop() halts the writer by interrupting its wait; otherwise what is left is written next
                batch.clear();
                List<TransactionRecord> left = inFlight;
                if (left != null) {
                    batch.addAll(left);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("Transaction log writer: {}", e.toString());
                closeReplay();
                nextSpillCheck = System.nanoTime() + props.getRetryMax().toNanos();
            }
        }
        closeReplay();
    }

    /**
     * Writes a batch, retrying an outage with backoff; a data error sends it record by record.
     * @return false when halted before all of it was written or set aside (the rest stays in inFlight)
     */
    private boolean writeBatch(List<TransactionRecord> batch, boolean fromQueue) throws InterruptedException {
        long backoff = props.getRetryInitial().toMillis();
        while (!halt) {
            try {
                commit(batch);
                return true;
            } catch (RuntimeException e) {
                if (classify(e) == Failure.DATA) {
                    return batch.size() == 1 ? setAside(batch.get(0), e) : writeOneByOne(batch, fromQueue);
                }
                // the records stay in memory and are retried: the database may be restarting
                LOG.error("Cannot write {} transaction record(s), retrying in {} ms: {}", batch.size(), backoff,
                        safe(String.valueOf(e.getMessage()), 300));
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, props.getRetryMax().toMillis());
            }
        }
        return false;
    }

    private boolean writeOneByOne(List<TransactionRecord> batch, boolean fromQueue) throws InterruptedException {
        for (int i = 0; i < batch.size(); i++) {
            if (!writeBatch(List.of(batch.get(i)), fromQueue)) {
                return false;
            }
            if (fromQueue) {
                inFlight = List.copyOf(batch.subList(i + 1, batch.size()));
            }
        }
        return true;
    }

    private void commit(List<TransactionRecord> batch) {
        List<Instants> instants = batch.stream().map(Instants::of).toList();
        long first = write(batch, instants);
        advance(batch.size());
        try {
            if (publish(batch, instants)) {
                jdbc.update(PUBLISHED, first);
            }
        } catch (RuntimeException e) {
            // written: republish() sends it later
            LOG.warn("Transaction record(s) written but not marked published: {}", e.getMessage());
        }
    }

    /** Keeps a refused record with its reason; if even that fails, in the spill file with its reason. */
    private boolean setAside(TransactionRecord r, RuntimeException cause) {
        SQLException sql = sqlException(cause);
        String state = sql == null ? null : sql.getSQLState();
        String message = sql != null ? sql.getMessage() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        // the first line: PostgreSQL's further lines locate the parameter, sometimes quoting its value
        String reason = safe((state == null ? "" : "SQLState " + state + ": ") + String.valueOf(message).lines().findFirst().orElse(""), 1000);
        String txId = safe(r.transactionId(), 64);
        LOG.warn("Transaction record {} of {} set aside, the database refused it: {}", txId, safe(r.adapter(), 64), reason);
        try {
            insertSetAside(r, state, reason);
            advance(1);
            return true;
        } catch (RuntimeException e) {
            LOG.error("Transaction record {} could not be set aside ({}); kept in the spill file", txId, safe(e.getMessage(), 300));
            if (toSpill(r, reason, true)) {
                spilledSetAsideFailed.incrementAndGet();
            }
            return true;
        }
    }

    private void insertSetAside(TransactionRecord r, String state, String reason) {
        String record;
        try {
            record = TransactionSpill.JSON.writeValueAsString(r);
        } catch (IOException e) {
            record = "{}";
        }
        jdbc.update(SET_ASIDE, Timestamp.from(Instant.now()), safe(r.transactionId(), 64), safe(r.adapter(), 64),
                state == null ? null : safe(state, 5), reason, record);
        setAside.incrementAndGet();
    }

    private boolean toSpill(TransactionRecord r, String reason, boolean sync) {
        try {
            spill.append(r, reason, sync);
            return true;
        } catch (IOException | RuntimeException e) {
            // the disk refuses too: the one place a record can be lost, so it is said loudly
            LOG.error("TRANSACTION RECORD LOST: {} of {} could not be written to the spill folder {}: {}",
                    safe(r.transactionId(), 64), safe(r.adapter(), 64), props.getSpillDir(), e.toString());
            advance(1);
            return false;
        }
    }

    /**
     * Writes the next batch of the oldest spill file nobody else is replaying (the file stays claimed
     * until it is done).
     * @return whether it did something (false: no spill to replay now, or the database is not there)
     */
    private boolean replayBatch() throws IOException, InterruptedException {
        if (replaying == null) {
            for (Path file : spill.files()) {
                replaying = spill.claim(file);
                if (replaying != null) {
                    break;
                }
            }
            if (replaying == null) {
                spill.refresh();
                nextSpillCheck = System.nanoTime() + SPILL_RECHECK_NANOS;
                return false;
            }
        }
        List<String> lines = replaying.next(props.getBatchSize());
        if (lines.isEmpty()) {
            replaying.finish();
            LOG.info("Spill file {} written to the transaction log", replaying.file().getFileName());
            replaying = null;
            return true;
        }
        if (!replayLines(lines)) {
            // read again from where it was, later
            closeReplay();
            return false;
        }
        replaying.commit(lines.size());
        return true;
    }

    private void closeReplay() {
        if (replaying != null) {
            try {
                replaying.close();
            } catch (IOException e) {
                LOG.warn("Cannot close spill file {}: {}", replaying.file().getFileName(), e.toString());
            }
            replaying = null;
        }
    }

    private boolean replayLines(List<String> lines) throws InterruptedException {
        List<TransactionRecord> toWrite = new ArrayList<>();
        try {
            for (String line : lines) {
                TransactionSpill.Line l;
                try {
                    l = TransactionSpill.parse(line);
                } catch (IOException e) {
                    // a line torn by a crash: kept as it is
                    jdbc.update(SET_ASIDE, Timestamp.from(Instant.now()), null, null, null,
                            "unreadable spill line: " + safe(e.getMessage(), 900), safe(line, 1_000_000));
                    setAside.incrementAndGet();
                    advance(1);
                    continue;
                }
                if (l.reason() != null) {
                    insertSetAside(l.record(), null, l.reason());
                    advance(1);
                } else if (alreadyWritten(l.record())) {
                    advance(1);
                } else {
                    toWrite.add(l.record());
                }
            }
        } catch (RuntimeException e) {
            // the database is not there: this file waits; the queue goes on meanwhile
            LOG.warn("Cannot replay the transaction spill yet: {}", safe(String.valueOf(e.getMessage()), 300));
            nextSpillCheck = System.nanoTime() + props.getRetryMax().toNanos();
            return false;
        }
        return toWrite.isEmpty() || writeBatch(toWrite, false);
    }

    /** A spilled record may have been committed just as shutdown cut in: it is not written twice. */
    private boolean alreadyWritten(TransactionRecord r) {
        try {
            return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM ndxp_transaction WHERE transaction_id = ?"
                    + " AND request_in = ? AND response_out = ?)", Boolean.class, r.transactionId(), ts(r.requestIn()), ts(r.responseOut())));
        } catch (RuntimeException e) {
            if (classify(e) == Failure.DATA) {
                return false; // a value the database cannot even compare cannot be in the table
            }
            throw e;
        }
    }

    static Failure classify(Throwable e) {
        SQLException sql = sqlException(e);
        if (sql != null && sql.getSQLState() != null) {
            String cls = sql.getSQLState().length() >= 2 ? sql.getSQLState().substring(0, 2) : "";
            return cls.equals("22") || cls.equals("23") || cls.equals("54") ? Failure.DATA : Failure.TRANSIENT;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof CannotGetJdbcConnectionException || t instanceof TransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof SQLException
                    || t instanceof SocketException || t instanceof SocketTimeoutException || t instanceof InterruptedException) {
                return Failure.TRANSIENT;
            }
        }
        // not from the database (e.g. an instant Java cannot bind): the record's own fault
        return Failure.DATA;
    }

    private static SQLException sqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                // a batch's exception quotes the statement with all its values; the database's reason comes next
                return s.getNextException() != null ? s.getNextException() : s;
            }
        }
        return null;
    }

    /** Printable ASCII only (other characters as backslash-u escapes), cut at max: fit for a column and a log line. */
    static String safe(String s, int max) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.length() > max ? b.substring(0, max) : b.toString();
    }

    /** @return the batch's first seq, the key of its row in ndxp_transaction_unpublished */
    private long write(List<TransactionRecord> batch, List<Instants> instants) {
        return tx.execute(status -> {
            String prev = jdbc.queryForObject("SELECT last_hash FROM ndxp_transaction_chain WHERE id = 1 FOR UPDATE", String.class);
            // the batch's seqs under the chain's lock, so they follow the chain; then one batched insert
            // (one round trip) instead of an INSERT ... RETURNING per record
            List<Long> seqs = new ArrayList<>(jdbc.queryForList(NEXT_SEQS, Long.class, batch.size()));
            Collections.sort(seqs);
            List<Object[]> rows = new ArrayList<>(batch.size());
            MessageDigest sha = sha256();
            for (int i = 0; i < batch.size(); i++) {
                TransactionRecord r = batch.get(i);
                Instants t = instants.get(i);
                String hash = hash(sha, prev, r.canonical(t));
                rows.add(new Object[] {seqs.get(i), r.transactionId(), r.adapter(), r.direction(), r.client(), r.service(),
                        r.routeId(), t.requestIn(), t.requestOut(), t.responseIn(), t.responseOut(), r.status(),
                        r.httpStatus(), r.errorCategory(), r.requestBytes(), r.responseBytes(), r.userId(), r.requestBody(),
                        r.responseBody(), r.purpose(), prev, hash});
                prev = hash;
            }
            jdbc.batchUpdate(INSERT, rows, INSERT_TYPES);
            long last = seqs.get(seqs.size() - 1);
            jdbc.update("UPDATE ndxp_transaction_chain SET last_hash = ?, last_seq = ? WHERE id = 1", prev, last);
            jdbc.update("INSERT INTO ndxp_transaction_unpublished (first_seq, last_seq, written_at) VALUES (?, ?, now())", seqs.get(0), last);
            return seqs.get(0);
        });
    }

    /**
     * Publishes to Kafka.
     * @return whether Kafka confirmed every record (what it did not stays for {@link #republish()})
     */
    private boolean publish(List<TransactionRecord> batch, List<Instants> instants) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            TransactionRecord r = batch.get(i);
            try {
                sent.add(kafka.send(props.getTopic(), r.transactionId(), toJson(r, instants.get(i))));
            } catch (RuntimeException e) {
                // Kafka unreachable: each further send would wait max.block.ms too; republish() catches up
                LOG.warn("Kafka refused transaction record {}: {}", safe(r.transactionId(), 64), e.getMessage());
                break;
            }
        }
        // one wait for the whole batch: Kafka down must not hold the writer 10 s per record
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int late = batch.size() - sent.size();
        for (CompletableFuture<?> f : sent) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                late++;
            }
        }
        if (late > 0) {
            LOG.warn("{} transaction record(s) not yet published to {}; published again later", late, props.getTopic());
        }
        return late == 0;
    }

    /**
     * Runs every ndxp.audit.republish-interval (AuditConfiguration): publishes again the batches written
     * at least one interval ago that Kafka did not take whole, oldest first.
     */
    public void republish() {
        if (!running) {
            return;
        }
        List<Map<String, Object>> ranges = jdbc.queryForList("SELECT first_seq, last_seq FROM ndxp_transaction_unpublished"
                + " WHERE written_at < now() - make_interval(secs => ?) ORDER BY first_seq LIMIT 100",
                props.getRepublishInterval().toMillis() / 1000.0);
        int records = 0;
        for (Map<String, Object> range : ranges) {
            long first = ((Number) range.get("first_seq")).longValue();
            List<TransactionRecord> batch = jdbc.queryForList("SELECT * FROM ndxp_transaction WHERE seq BETWEEN ? AND ? ORDER BY seq",
                    first, ((Number) range.get("last_seq")).longValue()).stream().map(TransactionLog::fromRow).toList();
            if (!publish(batch, batch.stream().map(Instants::of).toList())) {
                break;
            }
            jdbc.update(PUBLISHED, first);
            records += batch.size();
        }
        if (records > 0) {
            LOG.info("Published {} transaction record(s) that Kafka had not taken before", records);
        }
    }

    static TransactionRecord fromRow(Map<String, Object> r) {
        return new TransactionRecord((String) r.get("transaction_id"), (String) r.get("adapter"), (String) r.get("direction"),
                (String) r.get("client"), (String) r.get("service"), (String) r.get("route_id"), instant(r.get("request_in")),
                instant(r.get("request_out")), instant(r.get("response_in")), instant(r.get("response_out")),
                (String) r.get("status"), (Integer) r.get("http_status"), (String) r.get("error_category"),
                (Long) r.get("request_bytes"), (Long) r.get("response_bytes"), (String) r.get("user_id"), null, null, (String) r.get("purpose"));
    }

    /** The record as published: its fields in a fixed order, those without a value left out. */
    String toJson(TransactionRecord r, Instants t) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            field(g, "transactionId", r.transactionId());
            field(g, "adapter", r.adapter());
            field(g, "direction", r.direction());
            field(g, "client", r.client());
            field(g, "service", r.service());
            field(g, "purpose", r.purpose());
            field(g, "requestIn", t.requestIn());
            field(g, "requestOut", t.requestOut());
            field(g, "responseIn", t.responseIn());
            field(g, "responseOut", t.responseOut());
            field(g, "status", r.status());
            field(g, "httpStatus", r.httpStatus());
            field(g, "errorCategory", r.errorCategory());
            field(g, "requestBytes", r.requestBytes());
            field(g, "responseBytes", r.responseBytes());
            field(g, "userId", r.userId());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void field(JsonGenerator g, String name, Number value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value.longValue());
        }
    }

    static String hash(String prev, TransactionRecord r) {
        return hash(sha256(), prev, r.canonical());
    }

    private static String hash(MessageDigest sha, String prev, String canonical) {
        sha.update(prev.getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) '|');
        sha.update(canonical.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
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
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return null;
    }

    /** Age of the oldest record not yet in the database (queue, batch being written, spill files). */
    public Duration lag() {
        Instant oldest = spill.oldest();
        List<TransactionRecord> batch = inFlight;
        for (TransactionRecord r : new TransactionRecord[] {queue.peek(), batch == null || batch.isEmpty() ? null : batch.get(0)}) {
            Instant t = r == null ? null : r.responseOut() != null ? r.responseOut() : r.requestIn();
            if (t != null && (oldest == null || t.isBefore(oldest))) {
                oldest = t;
            }
        }
        return oldest == null ? Duration.ZERO : Duration.between(oldest, Instant.now()).abs();
    }

    public int queued() {
        List<TransactionRecord> batch = inFlight;
        return queue.size() + (batch == null ? 0 : batch.size());
    }

    /** Records in spill files, waiting to be written. */
    public long spillPending() {
        return spill.pending();
    }

    public long setAsideCount() {
        return setAside.get();
    }

    /** Records sent to the spill file since start, by cause: queue-full, shutdown, set-aside-failed. */
    public Map<String, Long> spilledCounts() {
        return Map.of("queue-full", spilledQueueFull.get(), "shutdown", spilledShutdown.get(),
                "set-aside-failed", spilledSetAsideFailed.get());
    }

    /** The writer thread runs (false before start, after stop, or if it died). */
    public boolean writing() {
        Thread w = writer;
        return running && w != null && w.isAlive();
    }

    @Override
    public void start() {
        halt = false;
        stopping = false;
        running = true;
        spill.open();
        nextSpillCheck = System.nanoTime();
        writer = new Thread(this::run, "ndxp-transaction-log");
        // a JDBC call that never returns must not keep the process alive after stop()
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Writes what the queue holds for at most ndxp.audit.shutdown-timeout, then halts the writer and
     * spills the rest: ends within shutdown-timeout + 2 s whatever the database does.
     */
    @Override
    public void stop() {
        stopLock.writeLock().lock();
        try {
            stopping = true;
        } finally {
            stopLock.writeLock().unlock();
        }
        long deadline = System.nanoTime() + props.getShutdownTimeout().toNanos();
        try {
            while ((!queue.isEmpty() || inFlight != null) && writer.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            halt = true;
            writer.interrupt();
            writer.join(HALT_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<TransactionRecord> rest = new ArrayList<>();
        List<TransactionRecord> batch = inFlight;
        if (batch != null) {
            rest.addAll(batch);
        }
        queue.drainTo(rest);
        for (TransactionRecord r : rest) {
            if (toSpill(r, null, false)) {
                spilledShutdown.incrementAndGet();
            }
        }
        try {
            spill.close();
        } catch (IOException e) {
            LOG.error("Cannot close the transaction spill file: {}", e.toString());
        }
        if (!rest.isEmpty()) {
            LOG.warn("{} transaction record(s) not yet written at shutdown are kept in {}; they are written at the next start",
                    rest.size(), props.getSpillDir());
        }
        running = false;
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
