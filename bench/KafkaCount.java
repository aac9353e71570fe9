import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Offsets and the last record of a Kafka topic, for bench/db-capture.sh. One JSON line on stdout.
 *
 *   java -cp <kafka-clients, slf4j-api> bench/KafkaCount.java <bootstrap> end <topic>
 *       {"topic":..,"partitions":P,"end":N}                     sum of the partitions' end offsets
 *   ... last <topic>
 *       {"end":N,"lastTimestamp":ms,"key":..,"headers":{..},"value":..}   the newest record (largest timestamp)
 *   ... group <groupId> <topic>
 *       {"committed":N,"end":N,"lag":N}                         a consumer group's committed offsets
 *   ... reset-group <groupId> <topic> [back]
 *       sets the group's committed offsets to the end, or back records before it on each partition
 *       (the group must have no member: stop its route first)
 *
 * Only ever pointed at the sandbox's broker on 127.0.0.1.
 */
public class KafkaCount {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: KafkaCount <bootstrap> end|last <topic> | group|reset-group <groupId> <topic> [back]");
            System.exit(2);
        }
        String bootstrap = args[0];
        try (Admin admin = admin(bootstrap)) {
            switch (args[1]) {
                case "end" -> {
                    Map<TopicPartition, Long> end = endOffsets(admin, args[2]);
                    System.out.println("{\"topic\":\"" + args[2] + "\",\"partitions\":" + end.size() + ",\"end\":" + sum(end) + "}");
                }
                case "last" -> System.out.println(last(bootstrap, admin, args[2]));
                case "group" -> {
                    Map<TopicPartition, Long> end = endOffsets(admin, args[3]);
                    long committed = committed(admin, args[2], end.keySet());
                    System.out.println("{\"group\":\"" + args[2] + "\",\"committed\":" + committed + ",\"end\":" + sum(end)
                            + ",\"lag\":" + (sum(end) - committed) + "}");
                }
                case "reset-group" -> {
                    Map<TopicPartition, Long> end = endOffsets(admin, args[3]);
                    long back = args.length > 4 ? Long.parseLong(args[4]) : 0;
                    Map<TopicPartition, OffsetAndMetadata> to = new HashMap<>();
                    end.forEach((tp, o) -> to.put(tp, new OffsetAndMetadata(Math.max(0, o - back))));
                    admin.alterConsumerGroupOffsets(args[2], to).all().get();
                    long committed = to.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
                    System.out.println("{\"group\":\"" + args[2] + "\",\"committed\":" + committed + ",\"end\":" + sum(end) + "}");
                }
                default -> {
                    System.err.println("unknown command " + args[1]);
                    System.exit(2);
                }
            }
        }
    }

    static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "bench-kafka-count");
        return Admin.create(p);
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        var desc = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> req = desc.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(req).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    static long committed(Admin admin, String group, java.util.Set<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> c = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long n = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata o = c.get(tp);
            n += o == null ? 0 : o.offset();
        }
        return n;
    }

    static long sum(Map<TopicPartition, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The newest record over all partitions: the last one of each, the one with the largest timestamp wins. */
    static String last(String bootstrap, Admin admin, String topic) throws Exception {
        Map<TopicPartition, Long> end = endOffsets(admin, topic);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        ConsumerRecord<byte[], byte[]> newest = null;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> withData = new ArrayList<>();
            end.forEach((tp, o) -> { if (o > 0) withData.add(tp); });
            c.assign(withData);
            for (TopicPartition tp : withData) {
                c.seek(tp, end.get(tp) - 1);
            }
            int remaining = withData.size();
            long deadline = System.currentTimeMillis() + 10_000;
            while (remaining > 0 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() == end.get(new TopicPartition(r.topic(), r.partition())) - 1) {
                        remaining--;
                    }
                    if (newest == null || r.timestamp() > newest.timestamp()) {
                        newest = r;
                    }
                }
            }
        }
        StringBuilder s = new StringBuilder("{\"topic\":\"").append(topic).append("\",\"end\":").append(sum(end));
        if (newest != null) {
            s.append(",\"lastTimestamp\":").append(newest.timestamp())
                    .append(",\"key\":").append(quote(newest.key()))
                    .append(",\"headers\":{");
            String sep = "";
            for (Header h : newest.headers()) {
                s.append(sep).append(quote(h.key().getBytes(StandardCharsets.UTF_8))).append(':').append(quote(h.value()));
                sep = ",";
            }
            s.append("},\"value\":").append(quote(newest.value()));
        }
        return s.append('}').toString();
    }

    static String quote(byte[] b) {
        if (b == null) {
            return "null";
        }
        String v = new String(b, StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder("\"");
        for (char ch : v.toCharArray()) {
            switch (ch) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        s.append(String.format("\\u%04x", (int) ch));
                    } else {
                        s.append(ch);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
