package vn.gov.ndxp.adapters.runtime;

import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.gov.ndxp.adapters.adapter.AdapterControl;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.adapter.AdaptersProperties;
import vn.gov.ndxp.adapters.audit.TransactionLog;
import vn.gov.ndxp.adapters.backend.BackendResilience;
import vn.gov.ndxp.adapters.backend.SoapBackends;
import vn.gov.ndxp.adapters.capture.AdapterDatasources;
import vn.gov.ndxp.adapters.component.KafkaBatchCommit;
import vn.gov.ndxp.adapters.files.FileIntake;
import vn.gov.ndxp.adapters.platform.PlatformClient;

/** The runtime's assembly: the adapters' routes loaded into Camel, their health, Camel's Kafka brokers, file releases' record. */
@Configuration(proxyBeanMethods = false)
public class RuntimeConfiguration {

    @Bean
    AdapterRoutesLoader adapterRoutesLoader(AdapterRegistry registry, BackendResilience resilience, SoapBackends soapBackends,
                                            AdapterDatasources datasources, RoutesProperties routes) {
        return new AdapterRoutesLoader(registry, Path.of(routes.getDir()), resilience, soapBackends, datasources);
    }

    @Bean
    AdapterReloader adapterReloader(CamelContext camel, AdapterRegistry registry, AdapterMappings mappings, SoapBackends soapBackends,
                                    BackendResilience resilience, AdapterDatasources datasources, FileIntake intake,
                                    TransactionLog log, AdaptersProperties props, ObjectProvider<CamelRequestHandlerMapping> httpMappings) {
        return new AdapterReloader(camel, registry, mappings, soapBackends, resilience, datasources, intake, log, props, httpMappings);
    }

    /** The sandbox's edit cycle: a changed adapter folder is reloaded by itself. */
    @Bean
    @ConditionalOnProperty("ndxp.adapters.watch.enabled")
    AdapterWatch adapterWatch(AdapterReloader reloader, AdaptersProperties props) {
        return new AdapterWatch(reloader, props.getWatch().getDebounce());
    }

    /**
     * Camel's Kafka component talks to the same brokers as the rest of the runtime; a route consuming Kafka
     * in batches leaves its commits to kafkaBatchCommit (checked before its consumer starts).
     */
    @Bean
    CamelContextConfiguration kafkaBrokers(KafkaConnectionDetails kafka) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                context.getComponent("kafka", KafkaComponent.class).getConfiguration()
                        .setBrokers(String.join(",", kafka.getBootstrapServers()));
                context.addLifecycleStrategy(KafkaBatchCommit.startupCheck());
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }

    /** The file intake's record of an operator's release (files sits beside audit, so the two meet here). */
    @Bean
    FileIntake.ReleaseLog fileReleaseLog(TransactionLog log) {
        return new FileReleaseLog(log);
    }

    /** Named for the health component it is: /actuator/health/adapters/&lt;id&gt;. */
    @Bean("adapters")
    AdapterHealth adapterHealth(AdapterRegistry registry, CamelContext camel, AdapterControl control,
                                PlatformClient platform, AdapterDatasources datasources) {
        return new AdapterHealth(registry, camel, control, platform, datasources);
    }
}
