package vn.gov.ndxp.adapters.component;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.spi.LifecycleStrategy;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a route that consumes Kafka in batches (bean {@code kafkaBatchCommit}): commits, for
 * each partition of the batch, the offset after its last record, once the route has settled every record
 * (delivered, or set aside in dead letters). Camel's own batch commit would commit the consumer's position,
 * which already covers records polled for the next batch: an instance killed before that batch went out would
 * lose them. So such a route runs with {@code allowManualCommit: true} and {@code autoCommitEnable: false}
 * ({@link #check} refuses any other setting at startup), Camel commits nothing itself, and a batch that failed
 * (platform down) is taken again from the last committed offset. A commit that fails (the partition moved to
 * another instance meanwhile) is logged: its records are delivered again, with the same idempotency keys.
 */
public class KafkaBatchCommit implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBatchCommit.class);

    @Override
    public void process(Exchange exchange) {
        Consumer<?, ?> consumer = null;
        long timeout = 0;
        Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
        for (Exchange item : NdxpPlatformBatchProducer.items(exchange)) {
            if (!(item.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT) instanceof DefaultKafkaManualCommit manual)) {
                throw new IllegalStateException("kafkaBatchCommit commits a batch of a Kafka consumer with batching=true"
                        + " and allowManualCommit=true; a record of this batch carries no " + KafkaConstants.MANUAL_COMMIT);
            }
            consumer = manual.getCamelExchangePayload().consumer;
            timeout = manual.getCommitTimeout();
            next.merge(manual.getPartition(), new OffsetAndMetadata(manual.getRecordOffset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        if (consumer == null) {
            return;
        }
        try {
            // a partition that moved to another instance is that instance's to commit
            next.keySet().retainAll(consumer.assignment());
            if (!next.isEmpty()) {
                consumer.commitSync(next, Duration.ofMillis(timeout));
            }
        } catch (RuntimeException e) {
            // the records are settled: a failed commit must not send them to dead letters too
            LOG.warn("Offsets {} not committed ({}): those records will be delivered again, with the same idempotency keys",
                    next, e.toString());
        }
    }

    /** Checks every route added (at startup and on a reload) with {@link #check}, before its consumer starts. */
    public static LifecycleStrategy startupCheck() {
        return new LifecycleStrategySupport() {
            @Override
            public void onRoutesAdd(Collection<Route> routes) {
                routes.forEach(KafkaBatchCommit::check);
            }
        };
    }

    /**
     * A route consuming Kafka in batches must leave the commits to {@link KafkaBatchCommit}, as its last
     * step: refused at startup (and on a reload) otherwise, naming the route. Without the step nothing would
     * commit, and every restart would deliver the whole topic again.
     */
    public static void check(Route route) {
        if (route.getEndpoint() instanceof KafkaEndpoint kafka && kafka.getConfiguration().isBatching()) {
            KafkaConfiguration c = kafka.getConfiguration();
            Map<String, Object> wrong = new LinkedHashMap<>();
            if (!c.isAllowManualCommit()) {
                wrong.put("allowManualCommit", false);
            }
            if (c.isAutoCommitEnable()) {
                wrong.put("autoCommitEnable", true);
            }
            if (!endsWithCommit(route)) {
                wrong.put("last step", "not kafkaBatchCommit");
            }
            if (!wrong.isEmpty()) {
                throw new IllegalStateException("Route " + route.getRouteId() + " consumes Kafka in batches: it needs"
                        + " allowManualCommit: true and autoCommitEnable: false, and kafkaBatchCommit as its last step"
                        + " (found " + wrong + "); Camel would otherwise commit records not yet delivered");
            }
        }
    }

    /** Whether the route's last step is a process or bean step of a KafkaBatchCommit bean. */
    private static boolean endsWithCommit(Route route) {
        RouteDefinition definition = route.getCamelContext().getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinition(route.getRouteId());
        if (definition == null || definition.getOutputs().isEmpty()) {
            return false;
        }
        Object last = definition.getOutputs().get(definition.getOutputs().size() - 1);
        String ref = last instanceof ProcessDefinition p ? p.getRef() : last instanceof BeanDefinition b ? b.getRef()
                : last instanceof ToDefinition t && t.getUri().startsWith("bean:") ? t.getUri().substring(5).split("\\?")[0] : null;
        if (ref == null) {
            return false;
        }
        String name = route.getCamelContext().resolvePropertyPlaceholders(ref);
        name = name.startsWith("#bean:") ? name.substring(6) : name.startsWith("#") ? name.substring(1) : name;
        return route.getCamelContext().getRegistry().lookupByName(name) instanceof KafkaBatchCommit;
    }
}
