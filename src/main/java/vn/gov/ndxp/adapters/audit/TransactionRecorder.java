package vn.gov.ndxp.adapters.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.w3c.dom.Node;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.RemoteCall;
import vn.gov.ndxp.adapters.mapping.SecureXml;

/**
 * Turns every finished exchange of an adapter route into one transaction record and its metrics.
 * The two middle timestamps are the first call to a remote system (legacy backend or platform) and
 * the last answer from one; an exchange rejected before any remote call has none.
 */
public class TransactionRecorder extends EventNotifierSupport {


    private final AdapterRegistry registry;
    private final TransactionLog log;
    private final AuditProperties props;
    private final MeterRegistry meters;
    private final Map<MeterKey, Meters> byKey = new ConcurrentHashMap<>();

    public TransactionRecorder(AdapterRegistry registry, TransactionLog log, AuditProperties props, MeterRegistry meters) {
        this.registry = registry;
        this.log = log;
        this.props = props;
        this.meters = meters;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return props.isEnabled() && (event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent
                || event instanceof CamelEvent.ExchangeSendingEvent || event instanceof CamelEvent.ExchangeSentEvent);
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSendingEvent sending) {
            if (isRemote(sending.getEndpoint(), sending.getExchange())) {
                Exchange e = sending.getExchange();
                if (e.getProperty(Exchanges.REQUEST_OUT) == null) {
                    e.setProperty(Exchanges.REQUEST_OUT, Instant.now());
                }
            }
        } else if (event instanceof CamelEvent.ExchangeSentEvent sent) {
            if (isRemote(sent.getEndpoint(), sent.getExchange())) {
                sent.getExchange().setProperty(Exchanges.RESPONSE_IN, Instant.now());
            }
        } else if (event instanceof CamelEvent.ExchangeEvent done) {
            record(done.getExchange());
        }
    }

    private static boolean isRemote(Endpoint endpoint, Exchange exchange) {
        return (endpoint instanceof CxfEndpoint && exchange.getFromEndpoint() != endpoint)
                || (endpoint instanceof RemoteCall r && r.callsRemoteSystem());
    }

    /**
     * One record of a batch sent in one call (ndxp-platform batch=true): its own transaction record, from
     * its exchange (its transaction id, times and outcome); the batch's exchange then records nothing.
     */
    public void recordItem(Exchange item) {
        if (props.isEnabled()) {
            record(item);
        }
    }

    private void record(Exchange exchange) {
        String routeId = exchange.getFromRouteId();
        AdapterDescriptor adapter = registry.byRoute(routeId);
        if (adapter == null || exchange.getProperty(Exchanges.TRANSACTION_ID) == null) {
            return;
        }
        AdapterDescriptor.Service service = adapter.serviceByRoute(routeId);
        Instant now = Instant.now();
        Instant created = Instant.ofEpochMilli(exchange.getClock().getCreated());
        Message m = exchange.getMessage();
        Integer status = exchange.getProperty(Exchanges.STATUS, Integer.class);
        if (status == null) {
            status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        }
        String category = exchange.getProperty(Exchanges.ERROR_CATEGORY, String.class);
        boolean failed = category != null || exchange.isFailed() || (status != null && status >= 400);
        if (status == null) {
            status = failed ? 500 : 200;
        }
        if (failed && category == null) {
            category = "adapter.internal";
        }
        boolean inbound = exchange.getFromEndpoint() instanceof CxfEndpoint
                || exchange.getFromEndpoint().getEndpointUri().startsWith("platform-http:");
        if (!inbound && exchange.getProperty(Exchanges.REQUEST_OUT) == null && !failed) {
            // an internal hop (a captured row put on Kafka, an idle poll) is not an exchange with anyone;
            // the record's delivery to the platform is
            return;
        }
        boolean capture = props.getCapturePayload().contains(adapter.id());
        String direction = service == null || service.isSoap() ? "outbound" : "inbound";
        String serviceId = exchange.getProperty(Exchanges.SERVICE, String.class);
        TransactionRecord record = new TransactionRecord(
                exchange.getProperty(Exchanges.TRANSACTION_ID, String.class), adapter.id(), direction,
                exchange.getProperty(Exchanges.CLIENT, String.class), serviceId, routeId,
                TransactionLog.micros(created), TransactionLog.micros(exchange.getProperty(Exchanges.REQUEST_OUT, Instant.class)),
                TransactionLog.micros(exchange.getProperty(Exchanges.RESPONSE_IN, Instant.class)), TransactionLog.micros(now),
                failed ? TransactionRecord.FAILURE : TransactionRecord.SUCCESS, status, category,
                exchange.getProperty(Exchanges.REQUEST_BYTES, Long.class), responseBytes(m), maskUser(exchange.getProperty(Exchanges.USER_ID, String.class)),
                capture ? requestBody(exchange) : null, capture ? body(m) : null, exchange.getProperty(Exchanges.PURPOSE, String.class));
        log.append(record);

        String svc = serviceId == null ? "" : serviceId;
        MeterKey key = new MeterKey(adapter.id(), svc, record.status(), category == null ? "none" : category);
        Meters pair = byKey.computeIfAbsent(key, this::meters);
        pair.exchanges().increment();
        pair.duration().record(Duration.between(created, now));
    }

    /** The tag values of one exchange's meters; few distinct ones (adapters x services x outcomes). */
    private record MeterKey(String adapter, String service, String status, String category) {
    }

    private record Meters(Counter exchanges, Timer duration) {
    }

    /** Registered once per tag set: a builder and registry lookup per exchange cost more than the count. */
    private Meters meters(MeterKey k) {
        return new Meters(Counter.builder("ndxp.exchanges").description("Exchanges by adapter, service, status and error category")
                .tags("adapter", k.adapter(), "service", k.service(), "status", k.status(), "category", k.category())
                .register(meters),
                Timer.builder("ndxp.exchange.duration").description("Time from request in to response out")
                        .tags("adapter", k.adapter(), "service", k.service(), "status", k.status())
                        .register(meters));
    }

    private static Long responseBytes(Message m) {
        Object body = m.getBody();
        if (body instanceof byte[] b) {
            return (long) b.length;
        }
        if (body instanceof String s) {
            return (long) s.getBytes(StandardCharsets.UTF_8).length;
        }
        if (body instanceof Node n) {
            return (long) SecureXml.toString(n).getBytes(StandardCharsets.UTF_8).length;
        }
        return null;
    }

    private static String requestBody(Exchange exchange) {
        Object b = exchange.getProperty(Exchanges.REQUEST_BODY);
        return b instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : null;
    }

    private static String body(Message m) {
        Object body = m.getBody();
        if (body instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (body instanceof Node n) {
            return SecureXml.toString(n);
        }
        return body == null ? null : body.toString();
    }

    /** Officer ids are personal data: keep the first two and last two characters. */
    static String maskUser(String userId) {
        if (userId == null) {
            return null;
        }
        if (userId.length() <= 4) {
            return "*".repeat(userId.length());
        }
        return userId.substring(0, 2) + "*".repeat(userId.length() - 4) + userId.substring(userId.length() - 2);
    }
}
