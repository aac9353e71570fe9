package vn.gov.ndxp.adapters.it;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;

/**
 * Whether a consumer group has taken everything on a topic: it has committed, on every partition, the
 * offset at the partition's end. Then no record of it can be delivered again (a duplicate after a
 * redelivery would already be there), which is what "nothing comes late" means for a Kafka consumer.
 */
final class KafkaDelivery {

    private KafkaDelivery() {
    }

    static boolean consumedAll(KafkaConnectionDetails kafka, String group, String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> ends = partitions.stream()
                    .collect(Collectors.toMap(i -> new TopicPartition(topic, i.partition()), i -> OffsetSpec.latest()));
            var end = admin.listOffsets(ends).all().get();
            return end.entrySet().stream().allMatch(e -> {
                OffsetAndMetadata c = committed.get(e.getKey());
                return e.getValue().offset() == 0 || (c != null && c.offset() >= e.getValue().offset());
            });
        }
    }
}
