package vn.gov.ndxp.adapters.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import org.apache.catalina.Host;
import org.apache.catalina.core.StandardHost;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.apache.cxf.Bus;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import vn.gov.ndxp.adapters.adapter.AdapterControl;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.audit.TransactionLog;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;
import vn.gov.ndxp.adapters.platform.JwtVerifier;
import vn.gov.ndxp.adapters.quota.Quotas;

/**
 * The web server in front of the NDXP doors: Tomcat's URL rules set explicitly, its refusals and the
 * container's error page answered in the NDXP form on NDXP paths (NdxpErrorPages), and request bodies
 * on /ndxp/v1/* cut at the limit before Camel reads them (InboundFilter).
 */
@Configuration(proxyBeanMethods = false)
public class InboundConfiguration {

    @Bean
    NdxpErrorPages ndxpErrorPages(ObjectMapper json, NdxpProperties props) {
        return new NdxpErrorPages(json, props);
    }

    /**
     * Tomcat refuses, with 400, an encoded / or \ in a path (reject), a literal \ , %00, and suspicious
     * URIs (/./, /../, ; path parameters, ...); no character outside RFC 3986 is relaxed in paths or
     * queries (server.tomcat.relaxed-*-chars, left empty in application.yml). Its error page is ours.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> ndxpTomcat(NdxpErrorPages pages) {
        return factory -> {
            factory.addConnectorCustomizers(c -> {
                c.setEncodedSolidusHandling("reject");
                c.setEncodedReverseSolidusHandling("reject");
                c.setAllowBackslash(false);
                c.setRejectSuspiciousURIs(true);
            });
            factory.addContextCustomizers(context -> {
                Host host = (Host) context.getParent();
                NdxpErrorPages.Valve valve = pages.new Valve();
                // the Host adds a valve of this class only when it has none: it keeps ours
                ((StandardHost) host).setErrorReportValveClass(valve.getClass().getName());
                host.getPipeline().addValve(valve);
            });
        };
    }

    /**
     * platform-http processes each NDXP request on the container thread that received it. Its default
     * engine hands every request to Spring's task executor: one more thread hand-off per request, and a
     * cap on requests in flight at that pool's size. Requests in flight are now bounded by Tomcat's
     * threads (server.tomcat.threads.max, 200).
     */
    @Bean("platform-http-engine")
    PlatformHttpEngine platformHttpEngine(Environment env) {
        return new SpringBootPlatformHttpEngine(env.getProperty("server.port", Integer.class, 8080), Runnable::run);
    }

    /** ... and answered in that same dispatch (no asynchronous second pass through the filters). */
    @Bean
    static BeanPostProcessor completedPlatformHttpReplies() {
        return CompletedPlatformHttpReplies.installer();
    }

    @Bean
    FilterRegistrationBean<?> ndxpErrorPage(NdxpErrorPages pages) {
        var bean = new FilterRegistrationBean<>(pages.errorPage());
        bean.addUrlPatterns("/error", "/error/*");
        bean.setDispatcherTypes(DispatcherType.ERROR);
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }

    @Bean
    FilterRegistrationBean<?> ndxpInboundFilter(NdxpProperties props, AdapterRegistry registry, JwtVerifier jwt) {
        var bean = new FilterRegistrationBean<>(new InboundFilter(props, registry, jwt));
        bean.addUrlPatterns("/ndxp/v1/*");
        // before Spring Security's firewall and the stopped-services filter
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return bean;
    }

    @Bean
    FilterRegistrationBean<?> stoppedServices(UnservedController unserved) {
        var bean = new FilterRegistrationBean<>(unserved.stoppedServices());
        bean.addUrlPatterns("/ndxp/v1/*", "/soap/*");
        return bean;
    }

    @Bean
    SoapBoundary soapBoundary(NdxpProperties props, Bus bus, AdapterRegistry registry, TransactionLog log) {
        return new SoapBoundary(props, bus, registry, log);
    }

    @Bean
    FilterRegistrationBean<?> soapBodyLimit(SoapBoundary soap) {
        var bean = new FilterRegistrationBean<>(soap.bodyLimit());
        bean.addUrlPatterns("/soap/*");
        return bean;
    }

    @Bean("inboundGuard")
    InboundGuard inboundGuard(AdapterRegistry registry, NdxpProperties props, JwtVerifier jwt, ObjectMapper json, AdapterControl control,
                              Quotas quotas) {
        return new InboundGuard(registry, props, jwt, json, control, quotas);
    }

    @Bean("legacySideGuard")
    LegacySideGuard legacySideGuard(AdapterRegistry registry, NdxpProperties props, AdapterControl control) {
        return new LegacySideGuard(registry, props, control);
    }

    @Bean("errorResponder")
    ErrorResponder errorResponder(AdapterRegistry registry, NdxpProperties props, ObjectMapper json) {
        return new ErrorResponder(registry, props, json);
    }

    @Bean("responseFields")
    ResponseFields responseFields(AdapterRegistry registry, AdapterMappings mappings, ObjectMapper json, NdxpProperties props) {
        return new ResponseFields(registry, mappings, json, props);
    }

    @Bean("replyHeaders")
    ReplyHeaders replyHeaders(NdxpProperties props) {
        return new ReplyHeaders(props);
    }
}
