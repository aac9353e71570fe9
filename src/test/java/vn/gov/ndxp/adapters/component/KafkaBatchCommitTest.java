package vn.gov.ndxp.adapters.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualSyncCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * kafkaBatchCommit commits exactly the batch it was given, per partition, never the consumer's position
 * (which already covers records polled for the next batch), and a batching route configured to let Camel
 * commit is refused before its consumer starts.
 */
class KafkaBatchCommitTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition MOVED = new TopicPartition("t", 2);

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final MockConsumer<Object, Object> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);

    @Test
    void commitsTheOffsetAfterEachPartitionsLastRecordOfTheBatchAndNothingPolledBeyondIt() {
        consumer.assign(List.of(P0, P1));
        // the consumer has already fetched further than the batch (the next batch's records)
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.seek(P0, 120);
        consumer.seek(P1, 80);
        Exchange batch = batch(record(P0, 10), record(P1, 7), record(P0, 11), record(P0, 12), record(P1, 8));

        new KafkaBatchCommit().process(batch);

        assertThat(consumer.committed(Set.of(P0, P1))).containsExactlyInAnyOrderEntriesOf(Map.of(
                P0, new OffsetAndMetadata(13), P1, new OffsetAndMetadata(9)));
    }

    @Test
    void aPartitionThatMovedToAnotherInstanceIsNotCommittedHere() {
        consumer.assign(List.of(P0));
        Exchange batch = batch(record(P0, 3), record(MOVED, 40));

        new KafkaBatchCommit().process(batch);

        assertThat(consumer.committed(Set.of(P0, MOVED))).containsEntry(P0, new OffsetAndMetadata(4))
                .doesNotContainKey(MOVED);
    }

    @Test
    void aRecordWithoutItsManualCommitIsAConfigurationErrorNotASilentSkip() {
        Exchange plain = new DefaultExchange(camel);
        assertThatThrownBy(() -> new KafkaBatchCommit().process(batch(plain)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("allowManualCommit=true");
    }

    @Test
    void theHighestOffsetOfAPartitionWinsWhateverTheOrderOfTheRecords() {
        consumer.assign(List.of(P0));
        new KafkaBatchCommit().process(batch(record(P0, 21), record(P0, 20)));
        assertThat(consumer.committed(Set.of(P0))).containsEntry(P0, new OffsetAndMetadata(22));
    }

    @Test
    void aCommitThatFailsIsLoggedAndTheSettledBatchIsNotFailed() {
        // a consumer closed meanwhile: KafkaConsumer throws IllegalStateException from both
        MockConsumer<Object, Object> failing = new MockConsumer<>(OffsetResetStrategy.EARLIEST) {
            @Override
            public synchronized Set<TopicPartition> assignment() {
                throw new IllegalStateException("This consumer has already been closed. (test)");
            }

            @Override
            public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
                throw new IllegalStateException("This consumer has already been closed. (test)");
            }
        };
        failing.assign(List.of(P0));
        Exchange batch = batch(record(P0, 5, failing));

        new KafkaBatchCommit().process(batch);

        assertThat(failing.committed(Set.of(P0))).doesNotContainKey(P0);
    }

    @Test
    void aBatchingKafkaRouteThatLetsCamelCommitIsRefusedNamingTheRoute() throws Exception {
        assertRefused("kafka:t?brokers=localhost:9&batching=true&maxPollRecords=10", true,
                "allowManualCommit=false", "autoCommitEnable=true");
    }

    @Test
    void eachWrongSettingAloneIsRefused() throws Exception {
        assertRefused("kafka:t?brokers=localhost:9&batching=true&autoCommitEnable=false", true, "allowManualCommit=false");
        assertRefused("kafka:t?brokers=localhost:9&batching=true&allowManualCommit=true", true, "autoCommitEnable=true");
    }

    @Test
    void aBatchingKafkaRouteThatDoesNotEndWithTheCommitIsRefused() throws Exception {
        // nothing would ever commit: each restart would deliver the whole topic again
        assertRefused(SETTLED, false, "last step=not kafkaBatchCommit");
    }

    @Test
    void aBatchingKafkaRouteEndingWithTheCommitStartsHoweverTheStepNamesIt() throws Exception {
        try (DefaultCamelContext ok = new DefaultCamelContext()) {
            ok.addLifecycleStrategy(KafkaBatchCommit.startupCheck());
            ok.getRegistry().bind("kafkaBatchCommit", new KafkaBatchCommit());
            ok.getPropertiesComponent().addInitialProperty("commit", "kafkaBatchCommit");
            ok.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(SETTLED).routeId("x-process").autoStartup(false).log("${body}").process("kafkaBatchCommit");
                    from(SETTLED.replace("t?", "u?")).routeId("x-bean").autoStartup(false).log("${body}").bean("kafkaBatchCommit");
                    from(SETTLED.replace("t?", "v?")).routeId("x-to").autoStartup(false).log("${body}").to("bean:{{commit}}");
                }
            });
            ok.start();
            assertThat(ok.getRoutes()).extracting(Route::getRouteId).containsExactlyInAnyOrder("x-process", "x-bean", "x-to");
        }
    }

    private static final String SETTLED = "kafka:t?brokers=localhost:9&batching=true&allowManualCommit=true&autoCommitEnable=false";

    private static void assertRefused(String from, boolean withCommit, String... found) throws Exception {
        try (DefaultCamelContext refused = new DefaultCamelContext()) {
            refused.addLifecycleStrategy(KafkaBatchCommit.startupCheck());
            refused.getRegistry().bind("kafkaBatchCommit", new KafkaBatchCommit());
            refused.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    var route = from(from).routeId("x-delivery").autoStartup(false).log("${body}");
                    if (withCommit) {
                        route.process("kafkaBatchCommit");
                    }
                }
            });
            var thrown = assertThatThrownBy(refused::start).hasStackTraceContaining("Route x-delivery consumes Kafka in batches");
            for (String f : found) {
                thrown.hasStackTraceContaining(f);
            }
        }
    }

    private Exchange record(TopicPartition partition, long offset) {
        return record(partition, offset, consumer);
    }

    private Exchange record(TopicPartition partition, long offset, MockConsumer<Object, Object> from) {
        Exchange e = new DefaultExchange(camel);
        e.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, new DefaultKafkaManualSyncCommit(
                new KafkaManualCommitFactory.CamelExchangePayload(e, from, "t-0", null),
                new KafkaManualCommitFactory.KafkaRecordPayload(partition, offset, 5000), null));
        return e;
    }

    private Exchange batch(Exchange... records) {
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage().setBody(new ArrayList<>(List.of(records)));
        return batch;
    }
}
