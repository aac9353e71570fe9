package vn.gov.ndxp.adapters.runtime;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPConduitConfigurer;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

/**
 * One circuit breaker per remote system (bound in the Camel registry as "<adapter-id>-<backend>", for
 * the circuitBreaker EIP of YAML routes) and the backend's connect/read timeouts on every CXF call.
 * Only transport trouble counts against a breaker: a SOAP fault is the backend answering.
 */
public class BackendResilience {

    private final AdapterRegistry registry;
    private final Bus bus;
    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();

    public BackendResilience(AdapterRegistry registry, Bus bus) {
        this.registry = registry;
        this.bus = bus;
        for (AdapterDescriptor a : registry.all()) {
            for (AdapterDescriptor.Backend b : a.backends().values()) {
                CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                        .failureRateThreshold(b.failureRateThreshold())
                        .minimumNumberOfCalls(b.minimumCalls())
                        .slidingWindowSize(Math.max(10, b.minimumCalls()))
                        .waitDurationInOpenState(b.waitInOpen())
                        .automaticTransitionFromOpenToHalfOpenEnabled(true)
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .recordException(BackendResilience::isTransportFailure)
                        .build();
                String name = a.id() + "-" + b.name();
                breakers.put(name, CircuitBreaker.of(name, config));
            }
        }
        bus.setExtension((HTTPConduitConfigurer) this::configureConduit, HTTPConduitConfigurer.class);
    }

    public Map<String, CircuitBreaker> breakers() {
        return breakers;
    }

    public void bindTo(CamelContext context) {
        breakers.forEach((name, cb) -> context.getRegistry().bind(name, CircuitBreaker.class, cb));
        // every CXF endpoint uses the runtime's bus, so relative SOAP addresses are served by the
        // CXF servlet and backend calls get the timeouts below
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onEndpointAdd(Endpoint endpoint) {
                if (endpoint instanceof CxfEndpoint cxf) {
                    cxf.setBus(bus);
                }
            }
        });
    }

    public static boolean isTransportFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SoapFault) {
                return false;
            }
            if (c instanceof IOException || c instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private void configureConduit(String name, String address, HTTPConduit conduit) {
        AdapterDescriptor.Backend backend = backendFor(address);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        if (backend != null) {
            policy.setConnectionTimeout(backend.connectTimeout().toMillis());
            policy.setReceiveTimeout(backend.readTimeout().toMillis());
        }
        policy.setAllowChunking(false);
        conduit.setClient(policy);
    }

    /** The declared backend whose URL is the longest prefix of an address. */
    public AdapterDescriptor.Backend backendFor(String address) {
        AdapterDescriptor.Backend best = null;
        if (address == null) {
            return null;
        }
        for (AdapterDescriptor a : registry.all()) {
            for (AdapterDescriptor.Backend b : a.backends().values()) {
                if (address.startsWith(b.url()) && (best == null || b.url().length() > best.url().length())) {
                    best = b;
                }
            }
        }
        return best;
    }
}
