package vn.gov.ndxp.adapters.capture;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;

/** Change capture from legacy databases: their connection pools, watermarks and transacted polls. */
@Configuration(proxyBeanMethods = false)
public class CaptureConfiguration {

    @Bean(destroyMethod = "close")
    AdapterDatasources adapterDatasources(AdapterRegistry registry) {
        return new AdapterDatasources(registry);
    }

    @Bean
    WatermarkCapture watermarkCapture(JdbcTemplate runtimeDb, AdapterDatasources datasources) {
        return new WatermarkCapture(runtimeDb, datasources);
    }

    @Bean("transactedPoll")
    TransactedPoll transactedPoll() {
        return new TransactedPoll();
    }
}
