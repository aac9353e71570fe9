package vn.gov.ndxp.adapters.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import javax.xml.namespace.QName;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.cxf.binding.soap.SoapFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.adapter.Failures;
import vn.gov.ndxp.adapters.exchange.ErrorBodies;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * Answers a failed exchange: application/problem+json (RFC 9457) to REST callers, a SOAP Fault whose
 * code is the category to SOAP callers. Both carry the transaction id and X-NDXP-Error.
 */
public class ErrorResponder {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private final AdapterRegistry registry;
    private final NdxpProperties props;
    private final ObjectMapper json;

    public ErrorResponder(AdapterRegistry registry, NdxpProperties props, ObjectMapper json) {
        this.registry = registry;
        this.props = props;
        this.json = json;
    }

    public NdxpException failure(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (t == null) {
            t = exchange.getException();
        }
        String adapterId = exchange.getProperty(Exchanges.ADAPTER, String.class);
        var adapter = adapterId != null ? registry.get(adapterId) : registry.byRoute(exchange.getFromRouteId());
        NdxpException e = Failures.classify(t, adapter, props.getInbound().getRetryAfterSeconds());
        String txId = transactionId(exchange);
        exchange.setProperty(Exchanges.ERROR_CATEGORY, e.category());
        exchange.setProperty(Exchanges.STATUS, e.status());
        if (e.category().equals(NdxpException.ADAPTER_INTERNAL) || e.category().equals(NdxpException.ADAPTER_MAPPING)) {
            LOG.error("[{}] {} {}: {}", txId, exchange.getFromRouteId(), e.category(), Exchanges.mask(String.valueOf(t)), t);
        } else {
            LOG.warn("[{}] {} {} {}: {}", txId, exchange.getFromRouteId(), e.status(), e.category(), Exchanges.mask(e.detail()));
        }
        return e;
    }

    /** Predicate for route configurations: is the exchange's failure transient (retry, don't dead-letter)? */
    public boolean isTransient(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (t == null) {
            t = exchange.getException();
        }
        var adapter = registry.byRoute(exchange.getFromRouteId());
        return t != null && Failures.isTransient(Failures.classify(t, adapter, props.getInbound().getRetryAfterSeconds()));
    }

    /** Processor for REST routes (bean ndxpProblem). */
    public void problem(Exchange exchange) throws Exception {
        NdxpException e = failure(exchange);
        String txId = transactionId(exchange);
        byte[] body = ErrorBodies.problemBody(json, e, txId);
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, e.status());
        m.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
        m.setHeader(props.getHeaders().getError(), e.category());
        m.setHeader(props.getHeaders().getTransactionId(), txId);
        if (e.retryAfterSeconds() != null) {
            m.setHeader("Retry-After", e.retryAfterSeconds());
        }
        if (e.status() == 401) {
            m.setHeader("WWW-Authenticate", "Bearer realm=\"ndxp\"");
        }
        ReplyHeaders.rateLimit(exchange, m);
        m.setBody(body);
    }

    /** Processor for SOAP facades (bean ndxpSoapFault): the body becomes the fault CXF sends. */
    public void soapFault(Exchange exchange) {
        NdxpException e = failure(exchange);
        String txId = transactionId(exchange);
        SoapFault fault = ErrorBodies.soapFault(e.category(), e.detail(), e.field(), txId);
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(props.getHeaders().getError(), e.category());
        m.setHeader(props.getHeaders().getTransactionId(), txId);
        m.setBody(fault);
        exchange.setProperty(Exchanges.STATUS, 500);
    }

    private static String transactionId(Exchange exchange) {
        String txId = exchange.getProperty(Exchanges.TRANSACTION_ID, String.class);
        if (txId == null) {
            txId = UUID.randomUUID().toString();
            exchange.setProperty(Exchanges.TRANSACTION_ID, txId);
        }
        return txId;
    }
}
