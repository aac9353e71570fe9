package vn.gov.ndxp.adapters.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/** The NDXP platform as the adapters see it: its endpoints, its tokens (outbound) and their verification (inbound). */
@Configuration(proxyBeanMethods = false)
public class PlatformConfiguration {

    @Bean
    PlatformEndpoints platformEndpoints(NdxpProperties props, ConfigurableEnvironment env) {
        return new PlatformEndpoints(props, env);
    }

    @Bean
    JwtVerifier jwtVerifier(NdxpProperties props, PlatformEndpoints endpoints) {
        return new JwtVerifier(props, endpoints);
    }

    @Bean
    PlatformClient platformClient(NdxpProperties props, PlatformEndpoints endpoints, ObjectMapper json) {
        return new PlatformClient(props, endpoints, json);
    }
}
