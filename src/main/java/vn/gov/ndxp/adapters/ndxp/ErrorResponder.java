package vn.gov.ndxp.adapters.ndxp;

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
import vn.gov.ndxp.adapters.audit.TransactionRecorder;
import vn.gov.ndxp.adapters.mapping.SecureXml;
import vn.gov.ndxp.adapters.runtime.AdapterRegistry;

/**
 * Answers a failed exchange: application/problem+json (RFC 9457) to REST callers, a SOAP Fault whose
 * code is the category to SOAP callers. Both carry the transaction id and X-NDXP-Error.
 */
public class ErrorResponder {

    public static final String FAULT_NS = "urn:ndxp:error";
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
        exchange.setProperty(TransactionRecorder.ERROR_CATEGORY, e.category());
        exchange.setProperty(TransactionRecorder.STATUS, e.status());
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
        byte[] body = problemBody(json, e, txId);
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
        m.setBody(body);
    }

    /** The application/problem+json body (RFC 9457) of a failure: one shape for every NDXP answer. */
    public static byte[] problemBody(ObjectMapper json, NdxpException e, String txId) {
        ObjectNode p = json.createObjectNode();
        p.put("type", FAULT_NS + ":" + e.category());
        p.put("title", e.title());
        p.put("status", e.status());
        p.put("detail", e.detail());
        if (e.field() != null) {
            p.put("field", e.field());
        }
        p.put("category", e.category());
        p.put("transactionId", txId);
        try {
            return json.writeValueAsBytes(p);
        } catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Processor for SOAP facades (bean ndxpSoapFault): the body becomes the fault CXF sends. */
    public void soapFault(Exchange exchange) {
        NdxpException e = failure(exchange);
        String txId = transactionId(exchange);
        SoapFault fault = soapFault(e.category(), e.detail(), e.field(), txId);
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(props.getHeaders().getError(), e.category());
        m.setHeader(props.getHeaders().getTransactionId(), txId);
        m.setBody(fault);
        exchange.setProperty(TransactionRecorder.STATUS, 500);
    }

    /** The fault CXF sends for a failure: code ndxp:<category>, the transaction id in the detail. */
    public static SoapFault soapFault(String category, String message, String field, String txId) {
        SoapFault fault = new SoapFault(message, new QName(FAULT_NS, category, "ndxp"));
        Document doc = SecureXml.newDocument();
        Element detail = doc.createElementNS(null, "detail");
        detail.appendChild(text(doc, "category", category));
        detail.appendChild(text(doc, "transactionId", txId));
        if (field != null) {
            detail.appendChild(text(doc, "field", field));
        }
        fault.setDetail(detail);
        return fault;
    }

    /** The same SOAP 1.1 fault as a whole envelope, for requests answered before CXF or Camel run. */
    public static byte[] soapFaultBody(String category, String detail, String txId) {
        String env = "http://schemas.xmlsoap.org/soap/envelope/";
        Document doc = SecureXml.newDocument();
        Element envelope = doc.createElementNS(env, "soap:Envelope");
        envelope.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:ndxp", FAULT_NS);
        doc.appendChild(envelope);
        Element fault = doc.createElementNS(env, "soap:Fault");
        envelope.appendChild(doc.createElementNS(env, "soap:Body")).appendChild(fault);
        fault.appendChild(doc.createElementNS(null, "faultcode")).setTextContent("ndxp:" + category);
        fault.appendChild(doc.createElementNS(null, "faultstring")).setTextContent(detail);
        Element details = doc.createElementNS(null, "detail");
        fault.appendChild(details);
        details.appendChild(text(doc, "category", category));
        details.appendChild(text(doc, "transactionId", txId));
        return SecureXml.toString(doc).getBytes(StandardCharsets.UTF_8);
    }

    private static Element text(Document doc, String name, String value) {
        Element el = doc.createElementNS(FAULT_NS, "ndxp:" + name);
        el.setTextContent(value);
        return el;
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
