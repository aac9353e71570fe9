package vn.gov.ndxp.adapters.mapping;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Schema-driven XML and JSON conversion, shared by every adapter. */
@Configuration(proxyBeanMethods = false)
public class MappingConfiguration {

    @Bean
    XmlJsonMapper xmlJsonMapper() {
        return new XmlJsonMapper();
    }
}
