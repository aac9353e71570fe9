package vn.gov.ndxp.adapters.backend;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.component.cxf.transport.header.CxfHeaderFilterStrategy;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPConduitConfigurer;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.exchange.NdxpHeaders;

/**
 * One circuit breaker per remote system, and the backend's connect/read timeouts on every CXF call.
 * Every route step that sends to a backend declared in an adapter.yaml backends section (its endpoint
 * bean cxf:bean:&lt;adapter&gt;-&lt;backend&gt;, or its URL) is guarded by that backend's breaker, so
 * routes stay plain and all routes calling one system share one breaker.
 * Failures stay on the exchange, where the route configuration's error handling types them. Only
 * transport trouble counts against a breaker: a SOAP fault is the backend answering.
 */
public class BackendResilience {

    private static final Pattern CXF_BEAN = Pattern.compile("cxf:bean:([^?]+)");

    private final AdapterRegistry registry;
    private final Bus bus;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public BackendResilience(AdapterRegistry registry, Bus bus) {
        this.registry = registry;
        this.bus = bus;
        registry.all().forEach(this::register);
        bus.setExtension((HTTPConduitConfigurer) this::configureConduit, HTTPConduitConfigurer.class);
    }

    /** New breakers for an adapter's backends (at start, and on a reload: its routes are built again). */
    public void register(AdapterDescriptor a) {
        for (AdapterDescriptor.Backend b : a.backends().values()) {
            String name = a.beanName(b);
            breakers.put(name, breaker(name, b.failureRateThreshold(), b.minimumCalls(), b.waitInOpen(),
                    BackendResilience::isTransportFailure));
        }
    }

    public void unregister(AdapterDescriptor a) {
        a.backends().values().forEach(b -> breakers.remove(a.beanName(b)));
    }

    /**
     * A breaker as every remote system gets one: open when failureRate percent of the last
     * max(10, minimumCalls) calls failed (those {@code record} counts), one trial call after waitInOpen.
     */
    public static CircuitBreaker breaker(String name, int failureRate, int minimumCalls, Duration waitInOpen,
                                         Predicate<Throwable> record) {
        return CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRate)
                .minimumNumberOfCalls(minimumCalls)
                .slidingWindowSize(Math.max(10, minimumCalls))
                .waitDurationInOpenState(waitInOpen)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(record)
                .build());
    }

    public Map<String, CircuitBreaker> breakers() {
        return breakers;
    }

    public void bindTo(CamelContext context) {
        context.getCamelContextExtension().addInterceptStrategy(new InterceptStrategy() {
            @Override
            public Processor wrapProcessorInInterceptors(CamelContext ctx, NamedNode definition, Processor target, Processor next) {
                if (definition instanceof SendDefinition<?> send && send.getEndpointUri() != null) {
                    Map.Entry<String, CircuitBreaker> guard = breakerFor(ctx.resolvePropertyPlaceholders(send.getEndpointUri()));
                    if (guard != null) {
                        return new Guarded(target, guard.getValue());
                    }
                }
                return target;
            }
        });
        // every CXF endpoint uses the runtime's bus, so relative SOAP addresses are served by the
        // CXF servlet and backend calls get the timeouts below
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onEndpointAdd(Endpoint endpoint) {
                if (endpoint instanceof CxfEndpoint cxf) {
                    cxf.setBus(bus);
                    cxf.setHeaderFilterStrategy(new NdxpHeadersOnly());
                }
            }
        });
    }

    /**
     * Of the exchange's headers only the NDXP ones become HTTP headers of a SOAP call or answer: path
     * parameters (a citizen id), the caller's token and the like never reach a legacy system's logs.
     */
    static final class NdxpHeadersOnly extends CxfHeaderFilterStrategy {
        @Override
        public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
            return !name.regionMatches(true, 0, NdxpHeaders.PREFIX, 0, NdxpHeaders.PREFIX.length()) || super.applyFilterToCamelHeaders(name, value, exchange);
        }
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
        conduit.setClient(policy);
    }

    /** The breaker of the backend a send step calls: its endpoint bean (cxf:bean:&lt;adapter&gt;-&lt;backend&gt;) or its URL. */
    private Map.Entry<String, CircuitBreaker> breakerFor(String uri) {
        Matcher bean = CXF_BEAN.matcher(uri);
        if (bean.lookingAt()) {
            CircuitBreaker breaker = breakers.get(bean.group(1));
            return breaker == null ? null : Map.entry(bean.group(1), breaker);
        }
        AdapterDescriptor.Backend target = backendFor(uri.replaceFirst("^(cxf|http|https):(//)?(?=https?:)", ""));
        for (AdapterDescriptor a : registry.all()) {
            for (AdapterDescriptor.Backend b : a.backends().values()) {
                if (b == target) {
                    return Map.entry(a.beanName(b), breakers.get(a.beanName(b)));
                }
            }
        }
        return null;
    }

    /** A send step guarded by its backend's breaker: refused while open, outcome recorded. */
    private static final class Guarded extends DelegateAsyncProcessor {
        private final CircuitBreaker breaker;

        Guarded(Processor target, CircuitBreaker breaker) {
            super(target);
            this.breaker = breaker;
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            if (!breaker.tryAcquirePermission()) {
                exchange.setException(CallNotPermittedException.createCallNotPermittedException(breaker));
                callback.done(true);
                return true;
            }
            long start = System.nanoTime();
            return super.process(exchange, doneSync -> {
                long took = System.nanoTime() - start;
                Exception e = exchange.getException();
                if (e == null) {
                    breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                } else {
                    breaker.onError(took, TimeUnit.NANOSECONDS, e);
                }
                callback.done(doneSync);
            });
        }

        @Override
        public String toString() {
            return "CircuitBreaker[" + breaker.getName() + "]";
        }
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
