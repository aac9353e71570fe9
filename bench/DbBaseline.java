import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Baseline of bench/db-capture.sh: the least a correct outbox relay has to do for the same change rows,
 * in plain JDBC + KafkaProducer, no framework. For the change ids [from, to]:
 * one query joins enterprise_change with enterprise (the join of the derived outbox claim, capture.Outbox), read with a
 * server-side cursor (fetch size 1000); each row becomes the same JSON as the adapter's mapping
 * (mappings/enterprise.record.yaml, Jackson), with the same Kafka key (tax code) and headers
 * (Content-Type, X-NDXP-Transaction-Id = the adapter's name-based UUID); sent with the producer settings
 * camel-kafka uses by default (acks=all, idempotence on, linger.ms 0, batch 16 KiB, no compression).
 * Per batch of 1000: wait for Kafka's acks (flush), then mark the batch processed in one UPDATE
 * (--mark true): like the adapter, a change is acknowledged at its source only once Kafka has it.
 * Unlike the adapter it has no claim (one instance), no per-record audit and no per-record commit.
 *
 * A warm-up pass (--warmup-rows, not marked, not timed) lets the JIT compile the loop first.
 * Prints one JSON line: rows, seconds, rowsPerSecond, cpu milliseconds of this JVM, bytes sent.
 *
 *   java -cp <postgresql, kafka-clients, jackson, slf4j-api> bench/DbBaseline.java --jdbc URL --user U
 *       --password P --bootstrap 127.0.0.1:9092 --topic T [--like-topic T0] --from-id A --to-id B
 *       [--fetch 1000] [--mark true] [--warmup-rows 20000]
 */
public class DbBaseline {

    static final String QUERY = """
            SELECT c.id AS change_id, c.tax_code AS change_key, c.operation, e.*
              FROM enterprise_change c LEFT JOIN enterprise e ON e.tax_code = c.tax_code
             WHERE c.id BETWEEN ? AND ?
             ORDER BY c.id
             LIMIT ?""";
    static final String MARK = "UPDATE enterprise_change SET processed_at = clock_timestamp() WHERE id = ANY (?)";

    final ObjectMapper json = new ObjectMapper();
    // as the runtime's mapper: legacy decimals keep every digit (spring.jackson.generator.write-bigdecimal-as-plain)
    final com.fasterxml.jackson.databind.ObjectWriter writer =
            json.writer().with(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new DbBaseline().run(a);
    }

    void run(Map<String, String> a) throws Exception {
        String topic = a.get("topic");
        long from = Long.parseLong(a.get("from-id"));
        long to = Long.parseLong(a.get("to-id"));
        int fetch = Integer.parseInt(a.getOrDefault("fetch", "1000"));
        boolean mark = Boolean.parseBoolean(a.getOrDefault("mark", "true"));
        long warmupRows = Long.parseLong(a.getOrDefault("warmup-rows", "20000"));
        ensureTopic(a.get("bootstrap"), topic, a.get("like-topic"));

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, a.get("bootstrap"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "16384");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-db-baseline");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p);
             Connection read = DriverManager.getConnection(a.get("jdbc"), a.get("user"), a.get("password"));
             Connection write = DriverManager.getConnection(a.get("jdbc"), a.get("user"), a.get("password"))) {
            read.setAutoCommit(false);    // a server-side cursor: rows come fetch by fetch
            write.setAutoCommit(true);
            Map<String, Object> out = new LinkedHashMap<>();
            if (warmupRows > 0) {
                Pass w = pass(producer, read, write, topic, from, to, Math.min(warmupRows, to - from + 1), fetch, false);
                out.put("warmupRows", w.rows);
                out.put("warmupSeconds", round(w.seconds));
            }
            Pass m = pass(producer, read, write, topic, from, to, to - from + 1, fetch, mark);
            out.put("rows", m.rows);
            out.put("seconds", round(m.seconds));
            out.put("rowsPerSecond", round(m.rows / m.seconds));
            out.put("cpuMs", round(m.cpuNanos / 1e6));
            out.put("cpuMsPerRow", Math.round(m.cpuNanos / 1e6 / m.rows * 10000) / 10000.0);
            out.put("valueBytes", m.bytes);
            out.put("startEpoch", m.startMs / 1000.0);
            out.put("endEpoch", m.endMs / 1000.0);
            out.put("marked", mark);
            out.put("fetchSize", fetch);
            out.put("topic", topic);
            System.out.println(json.writeValueAsString(out));
        }
    }

    record Pass(long rows, double seconds, long cpuNanos, long bytes, long startMs, long endMs) {
    }

    Pass pass(KafkaProducer<String, byte[]> producer, Connection read, Connection write, String topic,
              long from, long to, long limit, int fetch, boolean mark) throws Exception {
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failed = new AtomicReference<>();
        long bytes = 0;
        long rows = 0;
        List<Long> batch = new ArrayList<>(fetch);
        long cpu0 = cpuNanos();
        long startMs = System.currentTimeMillis();
        long t0 = System.nanoTime();
        try (PreparedStatement q = read.prepareStatement(QUERY); PreparedStatement upd = write.prepareStatement(MARK)) {
            q.setFetchSize(fetch);
            q.setLong(1, from);
            q.setLong(2, to);
            q.setLong(3, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long changeId = rs.getLong("change_id");
                    String key = rs.getString("change_key");
                    byte[] value = toJson(rs, changeId, key);
                    String txId = UUID.nameUUIDFromBytes(("business-registry|" + key + "|" + changeId).getBytes(StandardCharsets.UTF_8)).toString();
                    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
                    r.headers().add("Content-Type", "application/json".getBytes(StandardCharsets.UTF_8));
                    r.headers().add("X-NDXP-Transaction-Id", txId.getBytes(StandardCharsets.UTF_8));
                    producer.send(r, (md, e) -> {
                        if (e != null) {
                            failed.compareAndSet(null, e);
                        } else {
                            acked.incrementAndGet();
                        }
                    });
                    bytes += value.length;
                    rows++;
                    batch.add(changeId);
                    if (batch.size() == fetch) {
                        commit(producer, upd, batch, mark, failed);
                    }
                }
            }
            commit(producer, upd, batch, mark, failed);
        }
        read.commit();
        long t1 = System.nanoTime();
        if (acked.get() != rows) {
            throw new IllegalStateException("Kafka acknowledged " + acked.get() + " of " + rows + " records");
        }
        return new Pass(rows, (t1 - t0) / 1e9, cpuNanos() - cpu0, bytes, startMs, System.currentTimeMillis());
    }

    /** Kafka has the batch (all acks), then the batch is marked processed at the source in one statement. */
    void commit(KafkaProducer<String, byte[]> producer, PreparedStatement upd, List<Long> batch, boolean mark,
                AtomicReference<Exception> failed) throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        producer.flush();
        if (failed.get() != null) {
            throw failed.get();
        }
        if (mark) {
            Array ids = upd.getConnection().createArrayOf("bigint", batch.toArray());
            upd.setArray(1, ids);
            upd.executeUpdate();
        }
        batch.clear();
    }

    /** mappings/enterprise.record.yaml (or enterprise-deleted for a 'D' change), nulls left out. */
    byte[] toJson(ResultSet rs, long changeId, String key) throws Exception {
        ObjectNode o = json.createObjectNode();
        if ("D".equals(rs.getString("operation"))) {
            o.put("taxCode", key);
            o.put("changeId", changeId);
            o.put("operation", "D");
            return writer.writeValueAsBytes(o);
        }
        putString(o, "taxCode", rs.getString("tax_code"));
        putString(o, "name", rs.getString("name"));
        putString(o, "shortName", rs.getString("short_name"));
        putString(o, "address", rs.getString("address"));
        int province = rs.getInt("province_code");
        if (!rs.wasNull()) {
            o.put("provinceCode", province);
        }
        putString(o, "legalRepresentative", rs.getString("legal_representative"));
        BigDecimal capital = rs.getBigDecimal("charter_capital");
        if (capital != null) {
            o.put("charterCapital", capital);
        }
        LocalDate registered = rs.getObject("registered_on", LocalDate.class);
        if (registered != null) {
            o.put("registeredOn", registered.toString());
        }
        putString(o, "status", rs.getString("status"));
        OffsetDateTime updated = rs.getObject("updated_at", OffsetDateTime.class);
        if (updated != null) {
            o.put("updatedAt", updated.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString());
        }
        o.put("changeId", changeId);
        return writer.writeValueAsBytes(o);
    }

    static void putString(ObjectNode o, String name, String v) {
        if (v != null) {
            o.put(name, v);
        }
    }

    /** The baseline's own topic, with as many partitions as the adapter's topic. */
    static void ensureTopic(String bootstrap, String topic, String like) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            if (admin.listTopics().names().get().contains(topic)) {
                return;
            }
            int partitions = 1;
            if (like != null) {
                partitions = admin.describeTopics(List.of(like)).allTopicNames().get().get(like).partitions().size();
            }
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
