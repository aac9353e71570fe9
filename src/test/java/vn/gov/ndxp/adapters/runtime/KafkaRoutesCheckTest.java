package vn.gov.ndxp.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The runtime's Camel context checks each batching Kafka route before it starts (the check itself: KafkaBatchCommitTest). */
class KafkaRoutesCheckTest {

    @Test
    void theRuntimesContextGivesCamelsKafkaTheBrokersAndRefusesABatchingRouteThatLetsCamelCommit() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            new RuntimeConfiguration().kafkaBrokers(() -> List.of("127.0.0.1:9", "127.0.0.1:10")).beforeApplicationStart(camel);
            assertThat(camel.getComponent("kafka", KafkaComponent.class).getConfiguration().getBrokers()).isEqualTo("127.0.0.1:9,127.0.0.1:10");
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kafka:t?batching=true").routeId("x-delivery").autoStartup(false).log("${body}");
                }
            });
            assertThatThrownBy(camel::start).hasStackTraceContaining("Route x-delivery consumes Kafka in batches");
        }
    }
}
