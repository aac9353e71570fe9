import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Commit-to-Kafka latency of the capture route (bench/db-capture.sh, while capture runs):
 * inserts --count single-row changes into the legacy table enterprise at --rate per second, each its own
 * transaction (autocommit), and takes the time just after each commit returned. A consumer, positioned
 * at the end of the adapter's topic before the first insert, takes the time each record arrives (keyed
 * by tax code) and its Kafka timestamp (CreateTime: set by the adapter's producer when it sent it).
 * After the records are in, the database's own view: processed_at - changed_at of the same changes.
 *
 * Prints one JSON line: per measure (commit -> received by a consumer, commit -> record timestamp,
 * changed_at -> processed_at in the database) count, p50, p90, p99, max, mean in ms; and missing records.
 * Percentiles are nearest-rank over all samples (200 samples: p99 is the second largest).
 *
 *   java -cp <postgresql, kafka-clients, slf4j-api> bench/DbLatency.java --jdbc URL --user U --password P
 *       --bootstrap 127.0.0.1:9092 --topic T [--count 200] [--rate 20] [--key-prefix 88] [--timeout-seconds 30]
 *       [--commits-out FILE (one line per change: tax code, commit time in ms since the epoch)]
 */
public class DbLatency {

    static final String INSERT = """
            INSERT INTO enterprise (tax_code, name, short_name, address, province_code, legal_representative,
                                    charter_capital, registered_on, status)
            VALUES (?, ?, NULL, 'Số 1 Tràng Tiền, Quận Hoàn Kiếm, Hà Nội', 1, 'Nguyễn Văn An', 1000000000.00, DATE '2020-01-01', 'ACTIVE')""";

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int count = Integer.parseInt(a.getOrDefault("count", "200"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "20"));
        String prefix = a.getOrDefault("key-prefix", "88");
        long timeoutMs = Long.parseLong(a.getOrDefault("timeout-seconds", "30")) * 1000;
        String topic = a.get("topic");

        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, a.get("bootstrap"));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());

        // key -> commit time (ms since the epoch), and what the consumer saw
        Map<String, Long> committed = new ConcurrentHashMap<>();
        Map<String, Long> received = new HashMap<>();
        Map<String, Long> stamped = new HashMap<>();
        int duplicates = 0;
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = prefix + String.format("%08d", i + 1);
        }
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
             Connection db = DriverManager.getConnection(a.get("jdbc"), a.get("user"), a.get("password"))) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo pi : consumer.partitionsFor(topic)) {
                parts.add(new TopicPartition(topic, pi.partition()));
            }
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);    // resolve the end now, before the first insert

            db.setAutoCommit(true);
            PreparedStatement insert = db.prepareStatement(INSERT);
            CountDownLatch inserted = new CountDownLatch(count);
            List<Exception> errors = Collections.synchronizedList(new ArrayList<>());
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            long periodMicros = Math.round(1_000_000 / rate);
            long firstInsert = System.currentTimeMillis();
            int[] next = {0};
            timer.scheduleAtFixedRate(() -> {
                int i = next[0]++;
                if (i >= count) {
                    return;
                }
                try {
                    insert.setString(1, keys[i]);
                    insert.setString(2, "Công ty TNHH Đo Độ Trễ " + (i + 1));
                    insert.executeUpdate();    // autocommit: returns once the commit is done
                    committed.put(keys[i], System.currentTimeMillis());
                } catch (Exception e) {
                    errors.add(e);
                } finally {
                    inserted.countDown();
                }
            }, 0, periodMicros, TimeUnit.MICROSECONDS);

            long deadline = Long.MAX_VALUE;
            while (received.size() < count && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    if (r.key() == null || !r.key().startsWith(prefix) || r.key().length() != prefix.length() + 8) {
                        continue;
                    }
                    if (received.putIfAbsent(r.key(), now) != null) {
                        duplicates++;
                    } else {
                        stamped.put(r.key(), r.timestamp());
                    }
                }
                if (deadline == Long.MAX_VALUE && inserted.getCount() == 0) {
                    deadline = System.currentTimeMillis() + timeoutMs;
                }
            }
            long lastInsert = System.currentTimeMillis();
            timer.shutdownNow();
            if (!errors.isEmpty()) {
                throw errors.get(0);
            }

            List<Long> toReceipt = new ArrayList<>();
            List<Long> toStamp = new ArrayList<>();
            for (String k : keys) {
                Long c = committed.get(k);
                if (c != null && received.containsKey(k)) {
                    toReceipt.add(received.get(k) - c);
                    toStamp.add(stamped.get(k) - c);
                }
            }
            // the database's view of the same changes: trigger time -> marked processed (after Kafka's ack)
            List<Long> inDb = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("""
                    SELECT round(extract(epoch FROM processed_at - changed_at) * 1000)::bigint
                      FROM enterprise_change WHERE tax_code = ANY (?) AND processed_at IS NOT NULL""")) {
                q.setArray(1, db.createArrayOf("varchar", keys));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        inDb.add(rs.getLong(1));
                    }
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("count", count);
            out.put("ratePerSecond", rate);
            out.put("committed", committed.size());
            out.put("received", received.size());
            out.put("missing", count - received.size());
            out.put("duplicates", duplicates);
            out.put("insertSeconds", (lastInsert - firstInsert) / 1000.0);
            out.put("commitToReceivedMs", stats(toReceipt));
            out.put("commitToKafkaTimestampMs", stats(toStamp));
            out.put("changedToProcessedMs", stats(inDb));
            System.out.println(toJson(out));
            if (a.containsKey("commits-out")) {
                // key and commit time of each change, for commit -> platform (the stand-in's receipt times)
                StringBuilder lines = new StringBuilder();
                committed.forEach((k, t) -> lines.append(k).append(' ').append(t).append('\n'));
                java.nio.file.Files.writeString(java.nio.file.Path.of(a.get("commits-out")), lines);
            }
        }
    }

    static Map<String, Object> stats(List<Long> v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", v.size());
        if (v.isEmpty()) {
            return m;
        }
        List<Long> s = new ArrayList<>(v);
        Collections.sort(s);
        m.put("min", s.get(0));
        m.put("p50", rank(s, 0.50));
        m.put("p90", rank(s, 0.90));
        m.put("p99", rank(s, 0.99));
        m.put("max", s.get(s.size() - 1));
        m.put("mean", Math.round(s.stream().mapToLong(Long::longValue).average().orElse(0) * 10) / 10.0);
        return m;
    }

    static long rank(List<Long> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    @SuppressWarnings("unchecked")
    static String toJson(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder s = new StringBuilder("{");
            String sep = "";
            for (var e : ((Map<String, Object>) m).entrySet()) {
                s.append(sep).append('"').append(e.getKey()).append("\":").append(toJson(e.getValue()));
                sep = ",";
            }
            return s.append('}').toString();
        }
        return String.valueOf(o);
    }
}
