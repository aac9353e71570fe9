package vn.gov.ndxp.adapters.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.apache.cxf.Bus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import vn.gov.ndxp.adapters.audit.DeadLetterStore;
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;
import vn.gov.ndxp.adapters.ndxp.ErrorResponder;
import vn.gov.ndxp.adapters.ndxp.InboundGuard;
import vn.gov.ndxp.adapters.ndxp.JwtVerifier;
import vn.gov.ndxp.adapters.ndxp.NdxpComponent;
import vn.gov.ndxp.adapters.ndxp.NdxpProperties;
import vn.gov.ndxp.adapters.ndxp.PlatformClient;
import vn.gov.ndxp.adapters.ndxp.PlatformEndpoints;
import vn.gov.ndxp.adapters.ndxp.RecordBatch;
import vn.gov.ndxp.adapters.ndxp.ReplyHeaders;
import vn.gov.ndxp.adapters.ndxp.LocalInbound;

/** The generic runtime every adapter uses; the bean names are what YAML routes refer to. */
@Configuration(proxyBeanMethods = false)
public class RuntimeConfiguration {

    @Bean
    AdapterRegistry adapterRegistry(ConfigurableEnvironment env, @Value("${ndxp.adapters.dir}") String dir) {
        return new AdapterRegistry(Path.of(dir), env);
    }

    @Bean
    BackendResilience backendResilience(AdapterRegistry registry, Bus bus) {
        return new BackendResilience(registry, bus);
    }

    @Bean(destroyMethod = "close")
    AdapterDatasources adapterDatasources(AdapterRegistry registry) {
        return new AdapterDatasources(registry);
    }

    @Bean
    AdapterRoutesLoader adapterRoutesLoader(AdapterRegistry registry, BackendResilience resilience, AdapterDatasources datasources,
                                            @Value("${ndxp.routes.dir}") String routesDir) {
        return new AdapterRoutesLoader(registry, Path.of(routesDir), resilience, datasources);
    }

    /** Camel's Kafka component talks to the same brokers as the rest of the runtime. */
    @Bean
    org.apache.camel.spring.boot.CamelContextConfiguration kafkaBrokers(
            org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails kafka) {
        return new org.apache.camel.spring.boot.CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(org.apache.camel.CamelContext context) {
                context.getComponent("kafka", org.apache.camel.component.kafka.KafkaComponent.class).getConfiguration()
                        .setBrokers(String.join(",", kafka.getBootstrapServers()));
            }

            @Override
            public void afterApplicationStart(org.apache.camel.CamelContext context) {
            }
        };
    }

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

    @Bean
    XmlJsonMapper xmlJsonMapper() {
        return new XmlJsonMapper();
    }

    @Bean("ndxp")
    NdxpComponent ndxpComponent(AdapterRegistry registry, XmlJsonMapper mapper, PlatformClient platform, ObjectMapper json,
                                org.springframework.jdbc.core.JdbcTemplate runtimeDb, AdapterDatasources datasources,
                                vn.gov.ndxp.adapters.files.FileIntake fileIntake) {
        NdxpComponent component = new NdxpComponent(registry, mapper, platform, json);
        component.setFileIntake(fileIntake);
        component.setWatermarks(new WatermarkCapture(runtimeDb, datasources));
        return component;
    }

    @Bean
    AdapterControl adapterControl(AdapterRegistry registry) {
        return new AdapterControl(registry);
    }

    @Bean("adapters")
    AdapterHealth adapterHealth(AdapterRegistry registry, org.apache.camel.CamelContext camel, AdapterControl control,
                                PlatformClient platform, AdapterDatasources datasources) {
        return new AdapterHealth(registry, camel, control, platform, datasources);
    }

    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<?> stoppedServices(vn.gov.ndxp.adapters.ndxp.UnservedController unserved) {
        var bean = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(unserved.stoppedServices());
        bean.addUrlPatterns("/ndxp/v1/*", "/soap/*");
        return bean;
    }

    @Bean
    vn.gov.ndxp.adapters.ndxp.SoapBoundary soapBoundary(NdxpProperties props, Bus bus, AdapterRegistry registry,
                                                        vn.gov.ndxp.adapters.audit.TransactionLog log) {
        return new vn.gov.ndxp.adapters.ndxp.SoapBoundary(props, bus, registry, log);
    }

    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<?> soapBodyLimit(vn.gov.ndxp.adapters.ndxp.SoapBoundary soap) {
        var bean = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(soap.bodyLimit());
        bean.addUrlPatterns("/soap/*");
        return bean;
    }

    @Bean("ndxpInbound")
    InboundGuard ndxpInbound(AdapterRegistry registry, NdxpProperties props, JwtVerifier jwt, ObjectMapper json, AdapterControl control) {
        return new InboundGuard(registry, props, jwt, json, control);
    }

    @Bean("ndxpLocalInbound")
    LocalInbound ndxpLocalInbound(AdapterRegistry registry, NdxpProperties props, AdapterControl control) {
        return new LocalInbound(registry, props, control);
    }

    @Bean("ndxpErrors")
    ErrorResponder ndxpErrors(AdapterRegistry registry, NdxpProperties props, ObjectMapper json) {
        return new ErrorResponder(registry, props, json);
    }

    @Bean("ndxpRecordBatch")
    RecordBatch ndxpRecordBatch(DeadLetterStore deadLetters) {
        return new RecordBatch(deadLetters);
    }

    @Bean("ndxpTransactedPoll")
    TransactedPoll ndxpTransactedPoll() {
        return new TransactedPoll();
    }

    @Bean("ndxpReply")
    ReplyHeaders ndxpReply(NdxpProperties props) {
        return new ReplyHeaders(props);
    }
}
