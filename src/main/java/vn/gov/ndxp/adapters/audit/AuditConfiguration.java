package vn.gov.ndxp.adapters.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.transaction.support.TransactionTemplate;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/** Transaction log, statistics, dead letters and retention, for every adapter, once. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class AuditConfiguration {

    @Bean
    TransactionLog transactionLog(JdbcTemplate jdbc, TransactionTemplate tx, KafkaTemplate<String, String> kafka,
                                  ObjectMapper json, AuditProperties props) {
        return new TransactionLog(jdbc, tx, kafka, json, props);
    }

    /** Health component "transactionLog" (bean name minus HealthIndicator). */
    @Bean
    TransactionLogHealth transactionLogHealthIndicator(TransactionLog log, AuditProperties props) {
        return new TransactionLogHealth(log, props);
    }

    @Bean
    MeterBinder transactionLogMetrics(TransactionLog log) {
        return registry -> {
            Gauge.builder("ndxp.transaction.log.lag", log, l -> l.lag().toMillis() / 1000.0).baseUnit("seconds")
                    .description("Age of the oldest transaction record not yet in the database").register(registry);
            Gauge.builder("ndxp.transaction.log.queue.size", log, TransactionLog::queued)
                    .description("Transaction records waiting in memory").register(registry);
            Gauge.builder("ndxp.transaction.log.spill.pending", log, TransactionLog::spillPending)
                    .description("Transaction records waiting in the local spill files").register(registry);
            FunctionCounter.builder("ndxp.transaction.log.set.aside", log, TransactionLog::setAsideCount)
                    .description("Transaction records the database refused, set aside in ndxp_transaction_rejected").register(registry);
            for (String cause : log.spilledCounts().keySet()) {
                FunctionCounter.builder("ndxp.transaction.log.spilled", log, l -> l.spilledCounts().get(cause)).tag("cause", cause)
                        .description("Transaction records written to the local spill file, by cause").register(registry);
            }
        };
    }

    @Bean
    RejectedTransactions rejectedTransactions(JdbcTemplate jdbc, ObjectMapper json) {
        return new RejectedTransactions(jdbc, json);
    }

    @Bean
    TransactionRecorder transactionRecorder(AdapterRegistry registry, TransactionLog log, AuditProperties props, MeterRegistry meters) {
        return new TransactionRecorder(registry, log, props, meters);
    }

    @Bean
    CamelContextConfiguration auditNotifier(TransactionRecorder recorder, DeadLetterStore deadLetters) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                // the recorder, an EventNotifier bean, is registered with Camel by camel-spring-boot
                deadLetters.setProducer(context.createProducerTemplate());
                deadLetters.setRecorder(recorder);
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }

    @Bean
    TransactionStats transactionStats(JdbcTemplate jdbc, AuditProperties props, ObjectMapper json) {
        return new TransactionStats(jdbc, props, json);
    }

    @Bean
    ChainVerifier chainVerifier(JdbcTemplate jdbc) {
        return new ChainVerifier(jdbc);
    }

    @Bean("deadLetterStore")
    DeadLetterStore deadLetterStore(JdbcTemplate jdbc, AdapterRegistry registry, NdxpProperties ndxp, ObjectMapper json) {
        return new DeadLetterStore(jdbc, registry, ndxp, json);
    }

    @Bean
    RetentionJob retentionJob(JdbcTemplate jdbc, AuditProperties props) {
        return new RetentionJob(jdbc, props);
    }

    /** The log's second chance for records Kafka had not taken, and the purge, at the intervals of ndxp.audit.*. */
    @Bean
    SchedulingConfigurer auditSchedule(TransactionLog log, RetentionJob retention, AuditProperties props) {
        return tasks -> {
            tasks.addFixedDelayTask(new FixedDelayTask(log::republish, props.getRepublishInterval(), Duration.ZERO));
            tasks.addFixedDelayTask(new FixedDelayTask(retention::purge, props.getPurgeInterval(), props.getPurgeInitialDelay()));
        };
    }

    @Bean
    AuditMBean auditMBean(ChainVerifier verifier, DeadLetterStore deadLetters, TransactionLog log, RejectedTransactions rejected,
                          ObjectMapper json) {
        return new AuditMBean(verifier, deadLetters, log, rejected, json);
    }
}
