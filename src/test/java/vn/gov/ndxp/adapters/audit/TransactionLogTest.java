package vn.gov.ndxp.adapters.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Status;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import vn.gov.ndxp.adapters.testing.RuntimeDatabases;
import vn.gov.ndxp.adapters.testing.RuntimeDatabases.Outage;

/**
 * The transaction log against a real PostgreSQL (embedded), one fresh database per test: records the
 * database refuses are set aside and the rest flows on, an outage is waited out, a full queue and a
 * shutdown go to the spill file, the next start writes it, health follows the lag. The database
 * "outage" is a switch on this test's own data source; Kafka is its client library's MockProducer.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a hang guard: appending or stopping must never block
class TransactionLogTest {

    private static RuntimeDatabases databases;

    @TempDir
    Path spillDir;
    private Outage db;
    private JdbcTemplate jdbc;
    private final List<TransactionLog> logs = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startPostgres() throws IOException {
        databases = RuntimeDatabases.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        databases.close();
    }

    @BeforeEach
    void freshDatabase() throws SQLException {
        DataSource ds = databases.fresh("txlog");
        db = new Outage(ds);
        jdbc = new JdbcTemplate(ds);
    }

    @AfterEach
    void stopLogs() {
        logs.stream().filter(TransactionLog::isRunning).forEach(TransactionLog::stop);
    }

    @Test
    void recordsTheDatabaseRefusesAreSetAsideWithTheirReasonAndTheRestIsWrittenAndChained() throws Exception {
        TransactionLog log = log(props());
        TransactionRecord good1 = record("ok-1", "ca******42", CLIENT);
        TransactionRecord tooLong = record("long-user", "x".repeat(100), CLIENT);
        TransactionRecord good2 = record("ok-2", null, CLIENT);
        TransactionRecord nul = record("nul-client", "ca******42", "VN:GOV:\u0000:x");
        TransactionRecord badTime = new TransactionRecord("bad-time", "civil-status", "inbound", CLIENT, null, "r",
                Instant.parse("+300000-01-01T00:00:00Z"), null, null, Instant.now(), "success", 200, null, null, null, null, null, null, null);
        TransactionRecord good3 = record("ok-3", "ca******42", CLIENT);
        // appended before the writer starts: one batch of six, refused as a whole
        for (TransactionRecord r : List.of(good1, tooLong, good2, nul, badTime, good3)) {
            log.append(r);
        }
        log.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> count("ndxp_transaction") == 3 && count("ndxp_transaction_rejected") == 3);
        assertThat(jdbc.queryForList("SELECT transaction_id FROM ndxp_transaction ORDER BY seq", String.class))
                .containsExactly("ok-1", "ok-2", "ok-3");
        assertThat(new ChainVerifier(jdbc).verify()).containsEntry("valid", true).containsEntry("verified", 3L);

        Map<String, Map<String, Object>> rejected = new HashMap<>();
        new RejectedTransactions(jdbc, json).list(null, 10).forEach(r -> rejected.put((String) r.get("transaction_id"), r));
        assertThat(rejected).containsOnlyKeys("long-user", "nul-client", "bad-time");
        assertThat((String) rejected.get("long-user").get("reason")).startsWith("SQLState 22001").contains("too long");
        assertThat((String) rejected.get("bad-time").get("reason")).startsWith("SQLState 22");
        assertThat((String) rejected.get("nul-client").get("reason")).startsWith("SQLState 22");
        // the record is kept whole, as ASCII JSON the database accepts (the NUL escaped)
        String kept = (String) rejected.get("nul-client").get("record");
        assertThat(kept).contains("\\u0000").doesNotContain("\u0000");
        assertThat(json.readTree(kept).get("client").asText()).isEqualTo("VN:GOV:\u0000:x");
        assertThat(json.readTree((String) rejected.get("long-user").get("record")).get("userId").asText()).hasSize(100);
        assertThat(log.setAsideCount()).isEqualTo(3);

        // and the log flows on
        log.append(record("ok-4", null, CLIENT));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("ndxp_transaction") == 4);
        assertThat(new ChainVerifier(jdbc).verify()).containsEntry("valid", true).containsEntry("verified", 4L);
        assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void anOutageIsWaitedOutNotSetAsideAndHealthIsDownWhileTheLogLagsBehind() throws Exception {
        AuditProperties props = props();
        props.setMaxLag(Duration.ofMillis(500));
        TransactionLog log = log(props);
        TransactionLogHealth health = new TransactionLogHealth(log, props);
        log.start();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        db.down = true;
        log.append(record("during-outage-1", null, CLIENT));
        log.append(record("during-outage-2", null, CLIENT));
        await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.DOWN));
        var down = health.health().getDetails();
        assertThat(down).containsEntry("queued", 2).containsEntry("setAside", 0L);
        assertThat((Double) down.get("lagSeconds")).isGreaterThan(0.5);

        db.down = false;
        await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.UP));
        assertThat(jdbc.queryForList("SELECT transaction_id FROM ndxp_transaction ORDER BY seq", String.class))
                .containsExactly("during-outage-1", "during-outage-2");
        assertThat(count("ndxp_transaction_rejected")).as("an outage is not the records' fault").isZero();
        assertThat(health.health().getDetails()).containsEntry("queued", 0);
    }

    @Test
    void aFullQueueSendsRecordsToTheSpillFileInsteadOfWaitingAndTheyAreWrittenLater() throws Exception {
        AuditProperties props = props();
        props.setQueueCapacity(2);
        props.setBatchSize(1);
        TransactionLog log = log(props);
        db.down = true;
        log.start();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add("overflow-" + i);
            log.append(record(ids.get(i), null, CLIENT)); // returns though nothing can be written
        }
        // at most the queue and the batch being retried are in memory
        assertThat(log.queued()).isLessThanOrEqualTo(3);
        assertThat(log.spilledCounts().get("queue-full")).isGreaterThanOrEqualTo(17L);
        assertThat(log.spillPending()).isEqualTo(log.spilledCounts().get("queue-full"));
        assertThat(spillLines()).hasSize((int) (long) log.spilledCounts().get("queue-full"));

        db.down = false;
        await().atMost(Duration.ofSeconds(60)).until(() -> count("ndxp_transaction") == 20);
        assertThat(jdbc.queryForList("SELECT transaction_id FROM ndxp_transaction", String.class)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(new ChainVerifier(jdbc).verify()).containsEntry("valid", true).containsEntry("verified", 20L);
        await().atMost(Duration.ofSeconds(30)).until(() -> spillFiles().isEmpty());
        assertThat(log.spillPending()).isZero();
        assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void stopSpillsWhatIsNotWrittenAndTheNextStartWritesItFirst() throws Exception {
        AuditProperties props = props();
        props.setShutdownTimeout(Duration.ofMillis(300));
        TransactionLog first = log(props);
        db.down = true;
        first.start();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add("before-stop-" + i);
            first.append(record(ids.get(i), "ca******42", CLIENT));
        }
        first.stop(); // the database is unreachable: returns anyway, with the records on disk
        assertThat(first.isRunning()).isFalse();
        ids.add("after-stop");
        first.append(record("after-stop", null, CLIENT)); // a late exchange of a stopping route
        assertThat(count("ndxp_transaction")).isZero();
        assertThat(spillLines()).hasSize(6);
        assertThat(first.spilledCounts().get("shutdown")).isEqualTo(6L);

        db.down = false;
        TransactionLog second = log(props);
        second.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("ndxp_transaction") == 6);
        assertThat(jdbc.queryForList("SELECT transaction_id FROM ndxp_transaction", String.class)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(jdbc.queryForObject("SELECT user_id FROM ndxp_transaction WHERE transaction_id = 'before-stop-0'", String.class))
                .isEqualTo("ca******42");
        assertThat(new ChainVerifier(jdbc).verify()).containsEntry("valid", true).containsEntry("verified", 6L);
        await().atMost(Duration.ofSeconds(30)).until(() -> spillFiles().isEmpty());
        assertThat(second.flush(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aBatchKafkaDidNotTakeIsPublishedAgainLaterAndATakenOneIsNot() throws Exception {
        AuditProperties props = props();
        props.setRepublishInterval(Duration.ofMillis(1));
        MockProducer<String, String> down = producer();
        down.sendException = new KafkaException("the broker is unreachable");
        TransactionLog first = log(props, down);
        first.start();
        first.append(record("unpublished-1", null, CLIENT));
        first.append(record("unpublished-2", null, CLIENT));
        first.stop(); // returns once the batch is written and its publication was tried
        assertThat(count("ndxp_transaction")).isEqualTo(2);
        assertThat(count("ndxp_transaction_unpublished")).isEqualTo(1);
        assertThat(down.history()).isEmpty();

        MockProducer<String, String> up = producer();
        TransactionLog second = log(props, up);
        second.start();
        second.append(record("published-at-once", null, CLIENT));
        await().atMost(Duration.ofSeconds(10)).until(() -> up.history().size() == 1);
        assertThat(up.history().get(0).key()).isEqualTo("published-at-once");
        await().atMost(Duration.ofSeconds(10)).until(() -> count("ndxp_transaction_unpublished") == 1);

        second.republish();
        assertThat(up.history()).extracting(ProducerRecord::key).containsExactly("published-at-once", "unpublished-1", "unpublished-2");
        assertThat(json.readTree(up.history().get(1).value()).path("client").asText()).isEqualTo(CLIENT);
        assertThat(count("ndxp_transaction_unpublished")).isZero();
        second.republish(); // nothing is left to publish again
        assertThat(up.history()).hasSize(3);
        assertThat(count("ndxp_transaction")).isEqualTo(3);
    }

    @Test
    void stopEndsWhileTheDatabaseHangsAndWhatItThenCommitsIsNotWrittenTwice() throws Exception {
        AuditProperties props = props();
        props.setShutdownTimeout(Duration.ofMillis(300));
        TransactionLog first = log(props);
        first.start();
        try (Connection blocker = db.getTargetDataSource().getConnection(); Statement s = blocker.createStatement()) {
            // the head of the chain is locked by someone else: the writer's statement waits, it does not fail
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE ndxp_transaction_chain IN ACCESS EXCLUSIVE MODE");
            first.append(record("hung-1", null, CLIENT));
            first.append(record("hung-2", null, CLIENT));
            await().atMost(Duration.ofSeconds(30)).until(() -> first.queued() == 2);
            first.stop(); // returns although the writer is stuck in the database
            assertThat(spillLines()).hasSize(2);
            blocker.rollback();
        }
        // the stuck statement goes on and commits after all (its batch: hung-1, or both if hung-2 was taken
        // with it; one transaction either way): the spilled copies must not be written again
        await().atMost(Duration.ofSeconds(30)).until(() -> count("ndxp_transaction") >= 1);
        TransactionLog second = log(props);
        second.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> spillFiles().isEmpty());
        assertThat(jdbc.queryForList("SELECT transaction_id FROM ndxp_transaction ORDER BY seq", String.class))
                .containsExactly("hung-1", "hung-2");
        assertThat(new ChainVerifier(jdbc).verify()).containsEntry("valid", true);
    }

    @Test
    void aSpilledRecordAlreadyInTheTableIsNotWrittenTwice() throws Exception {
        TransactionLog first = log(props());
        first.start();
        TransactionRecord r = record("committed-as-shutdown-cut-in", null, CLIENT);
        first.append(r);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("ndxp_transaction") == 1);
        first.stop();
        // as if stop() had spilled the batch whose commit it could not wait for
        TransactionSpill spill = new TransactionSpill(spillDir, Duration.ZERO);
        spill.append(r, null, true);
        spill.rotate();

        TransactionLog second = log(props());
        second.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> spillFiles().isEmpty());
        assertThat(count("ndxp_transaction")).isEqualTo(1);
        assertThat(new ChainVerifier(jdbc).verify()).containsEntry("valid", true);
    }

    @Test
    void dataErrorsAndOutagesAreToldApart() {
        assertThat(TransactionLog.classify(new SQLException("value too long", "22001"))).isEqualTo(TransactionLog.Failure.DATA);
        assertThat(TransactionLog.classify(new DataIntegrityViolationException("x", new SQLException("null value", "23502"))))
                .isEqualTo(TransactionLog.Failure.DATA);
        assertThat(TransactionLog.classify(new SQLException("too many columns", "54011"))).isEqualTo(TransactionLog.Failure.DATA);
        assertThat(TransactionLog.classify(new IllegalArgumentException("instant out of range"))).isEqualTo(TransactionLog.Failure.DATA);
        assertThat(TransactionLog.classify(new SQLException("connection refused", "08001"))).isEqualTo(TransactionLog.Failure.TRANSIENT);
        assertThat(TransactionLog.classify(new SQLException("terminating connection", "57P01"))).isEqualTo(TransactionLog.Failure.TRANSIENT);
        assertThat(TransactionLog.classify(new SQLException("could not serialize", "40001"))).isEqualTo(TransactionLog.Failure.TRANSIENT);
        assertThat(TransactionLog.classify(new SQLException("deadlock detected", "40P01"))).isEqualTo(TransactionLog.Failure.TRANSIENT);
        assertThat(TransactionLog.classify(new CannotGetJdbcConnectionException("pool"))).isEqualTo(TransactionLog.Failure.TRANSIENT);
        assertThat(TransactionLog.classify(new QueryTimeoutException("slow"))).isEqualTo(TransactionLog.Failure.TRANSIENT);
    }

    @Test
    void thePurposeJoinsTheHashOnlyWhenGivenSoEarlierRecordsKeepTheirHashes() {
        TransactionRecord without = record("tx-purpose", "officer", CLIENT);
        TransactionRecord with = new TransactionRecord(without.transactionId(), without.adapter(), without.direction(), without.client(),
                without.service(), without.routeId(), without.requestIn(), without.requestOut(), without.responseIn(),
                without.responseOut(), without.status(), without.httpStatus(), without.errorCategory(), without.requestBytes(),
                without.responseBytes(), without.userId(), null, null, "1.001");
        assertThat(without.canonical()).as("the form of records written before purposes existed").doesNotContain("1.001")
                .endsWith("|0|10|officer");
        assertThat(with.canonical()).isEqualTo(without.canonical() + "|1.001");
        assertThat(TransactionLog.hash(TransactionLog.GENESIS, with)).isNotEqualTo(TransactionLog.hash(TransactionLog.GENESIS, without));
    }

    @Test
    void theKafkaJsonHasTheFieldsInOrderLeavesOutTheAbsentOnesAndWritesInstantsInIso8601() {
        TransactionLog log = log(props());
        TransactionRecord full = new TransactionRecord("tx-json", "civil-status", "inbound", CLIENT, "svc", "route",
                Instant.parse("2026-12-05T17:00:00Z"), Instant.parse("2026-12-05T17:00:00.000120Z"),
                Instant.parse("2026-12-05T17:00:00.500Z"), Instant.parse("2026-12-05T17:00:01.123456Z"), "failure", 404,
                "backend.not-found", 12L, 3_456_789_012L, "Nguy\u1ec5n \"x\"", "kept out", "kept out", "1.001");
        assertThat(log.toJson(full, TransactionRecord.Instants.of(full))).isEqualTo("{\"transactionId\":\"tx-json\","
                + "\"adapter\":\"civil-status\",\"direction\":\"inbound\",\"client\":\"" + CLIENT + "\",\"service\":\"svc\","
                + "\"purpose\":\"1.001\",\"requestIn\":\"2026-12-05T17:00:00Z\",\"requestOut\":\"2026-12-05T17:00:00.000120Z\","
                + "\"responseIn\":\"2026-12-05T17:00:00.500Z\",\"responseOut\":\"2026-12-05T17:00:01.123456Z\","
                + "\"status\":\"failure\",\"httpStatus\":404,\"errorCategory\":\"backend.not-found\",\"requestBytes\":12,"
                + "\"responseBytes\":3456789012,\"userId\":\"Nguy\u1ec5n \\\"x\\\"\"}");
        TransactionRecord sparse = record("tx-sparse", null, CLIENT);
        assertThat(log.toJson(sparse, TransactionRecord.Instants.of(sparse))).isEqualTo("{\"transactionId\":\"tx-sparse\","
                + "\"adapter\":\"civil-status\",\"direction\":\"inbound\",\"client\":\"" + CLIENT + "\","
                + "\"service\":\"VN:GOV:000.00.00.G22:civil-status/birth-records\",\"requestIn\":\"" + sparse.requestIn()
                + "\",\"responseOut\":\"" + sparse.responseOut() + "\",\"status\":\"success\",\"httpStatus\":200,"
                + "\"requestBytes\":0,\"responseBytes\":10}");
    }

    @Test
    void theRowKeepsEachInstantToTheMicrosecondAndTheChainRecomputedFromRowsHolds() throws Exception {
        TransactionLog log = log(props());
        Instant[] instants = {Instant.parse("2026-12-05T17:00:00Z"), Instant.parse("2026-12-05T17:00:00.000001Z"),
                Instant.parse("1999-12-31T23:59:59.999999Z"), Instant.parse("2026-12-05T17:00:00.100Z")};
        TransactionRecord r = new TransactionRecord("tx-instants", "civil-status", "inbound", CLIENT, null, "r",
                instants[0], instants[1], instants[2], instants[3], "success", 200, null, null, null, null, null, null, null);
        log.append(r);
        log.start();
        assertThat(log.flush(Duration.ofSeconds(30))).isTrue();
        Map<String, Object> row = jdbc.queryForMap("SELECT request_in, request_out, response_in, response_out FROM ndxp_transaction"
                + " WHERE transaction_id = 'tx-instants'");
        assertThat(Stream.of("request_in", "request_out", "response_in", "response_out").map(c -> TransactionLog.instant(row.get(c))))
                .containsExactly(instants);
        assertThat(new ChainVerifier(jdbc).verify()).containsEntry("valid", true).containsEntry("verified", 1L);
    }

    private static final String CLIENT = "VN:GOV:000.00.00.H41:one-stop-office";

    private static TransactionRecord record(String txId, String userId, String client) {
        Instant now = TransactionLog.micros(Instant.now());
        return new TransactionRecord(txId, "civil-status", "inbound", client, "VN:GOV:000.00.00.G22:civil-status/birth-records",
                "civil-status-birth-record", now, null, null, now, TransactionRecord.SUCCESS, 200, null, 0L, 10L, userId, null, null, null);
    }

    private AuditProperties props() {
        AuditProperties p = new AuditProperties();
        p.setSpillDir(spillDir.toString());
        p.setRetryInitial(Duration.ofMillis(50));
        p.setRetryMax(Duration.ofMillis(200));
        return p;
    }

    private TransactionLog log(AuditProperties props) {
        return log(props, producer());
    }

    /** KafkaTemplate closes its factory's producer after each send: this one stays open for the next. */
    private static MockProducer<String, String> producer() {
        return new MockProducer<>(true, new StringSerializer(), new StringSerializer()) {
            @Override
            public void close(Duration timeout) {
            }
        };
    }

    private TransactionLog log(AuditProperties props, MockProducer<String, String> producer) {
        TransactionLog log = new TransactionLog(new JdbcTemplate(db), new TransactionTemplate(new DataSourceTransactionManager(db)),
                new KafkaTemplate<>(() -> producer), new ObjectMapper().findAndRegisterModules(), props);
        logs.add(log);
        return log;
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    private List<Path> spillFiles() throws IOException {
        try (Stream<Path> s = Files.list(spillDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList();
        }
    }

    private List<JsonNode> spillLines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (Path f : spillFiles()) {
            for (String l : Files.readAllLines(f)) {
                lines.add(json.readTree(l));
            }
        }
        return lines;
    }
}
