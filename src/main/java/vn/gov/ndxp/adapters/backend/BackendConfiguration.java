package vn.gov.ndxp.adapters.backend;

import org.apache.cxf.Bus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;

/** The legacy SOAP backends as CXF endpoint beans; their circuit breakers and timeouts on every CXF call. */
@Configuration(proxyBeanMethods = false)
public class BackendConfiguration {

    @Bean
    BackendResilience backendResilience(AdapterRegistry registry, Bus bus) {
        return new BackendResilience(registry, bus);
    }

    @Bean
    SoapBackends soapBackends(AdapterRegistry registry, Bus bus) {
        return new SoapBackends(registry, bus);
    }
}
