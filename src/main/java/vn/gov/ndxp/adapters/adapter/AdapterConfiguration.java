package vn.gov.ndxp.adapters.adapter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;

/** The adapter folders: their descriptors, operator switches and mapping files. */
@Configuration(proxyBeanMethods = false)
public class AdapterConfiguration {

    @Bean
    AdapterRegistry adapterRegistry(AdaptersProperties adapters, BackendDefaultsProperties backendDefaults, ConfigurableEnvironment env) {
        return new AdapterRegistry(adapters, backendDefaults, env);
    }

    @Bean
    AdapterControl adapterControl(AdapterRegistry registry, ObjectProvider<AdapterReloads> reloads) {
        return new AdapterControl(registry, reloads);
    }

    @Bean
    AdapterMappings adapterMappings(XmlJsonMapper mapper) {
        return new AdapterMappings(mapper);
    }
}
