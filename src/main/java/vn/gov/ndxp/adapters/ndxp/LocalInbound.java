package vn.gov.ndxp.adapters.ndxp;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import vn.gov.ndxp.adapters.audit.TransactionRecorder;
import vn.gov.ndxp.adapters.runtime.AdapterControl;
import vn.gov.ndxp.adapters.runtime.AdapterDescriptor;
import vn.gov.ndxp.adapters.runtime.AdapterRegistry;

/**
 * First step of exchanges started on the legacy side (wired by the ndxp-soap and ndxp-async route
 * configurations): a SOAP facade call, a captured row, a file record. The transaction id is taken
 * from the X-NDXP-Transaction-Id header when the source gives one (SOAP client, replayed dead letter,
 * record key), else generated; the calling subsystem is the adapter's own.
 */
public class LocalInbound implements Processor {

    private final AdapterRegistry registry;
    private final NdxpProperties props;
    private final AdapterControl control;

    public LocalInbound(AdapterRegistry registry, NdxpProperties props, AdapterControl control) {
        this.registry = registry;
        this.props = props;
        this.control = control;
    }

    private static String callerAddress(Exchange exchange) {
        if (exchange.getMessage().getHeader(CxfConstants.CAMEL_CXF_MESSAGE) instanceof org.apache.cxf.message.Message cxf
                && cxf.get(AbstractHTTPDestination.HTTP_REQUEST) instanceof HttpServletRequest http) {
            return http.getRemoteAddr();
        }
        return null;
    }

    /** Exact addresses, or IPv4 CIDR blocks; an empty list allows everyone. */
    static boolean allowed(String address, java.util.List<String> allowed) {
        if (allowed == null || allowed.isEmpty()) {
            return true;
        }
        if (address == null) {
            return false;
        }
        for (String a : allowed) {
            if (a.equals(address)) {
                return true;
            }
            int slash = a.indexOf('/');
            if (slash > 0 && address.indexOf(':') < 0 && a.indexOf(':') < 0) {
                int bits = Integer.parseInt(a.substring(slash + 1));
                long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
                if ((ipv4(address) & mask) == (ipv4(a.substring(0, slash)) & mask)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long ipv4(String address) {
        long value = 0;
        for (String part : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    @Override
    public void process(Exchange exchange) {
        String header = props.getHeaders().getTransactionId();
        String txId = exchange.getMessage().getHeader(header, String.class);
        try {
            txId = txId == null ? UUID.randomUUID().toString() : UUID.fromString(txId).toString();
        } catch (IllegalArgumentException e) {
            txId = UUID.randomUUID().toString();
        }
        exchange.setProperty(Exchanges.TRANSACTION_ID, txId);
        AdapterDescriptor adapter = registry.byRoute(exchange.getFromRouteId());
        if (adapter != null) {
            exchange.setProperty(Exchanges.ADAPTER, adapter.id());
            exchange.setProperty(Exchanges.CLIENT, adapter.subsystem());
            AdapterDescriptor.Service s = adapter.serviceByRoute(exchange.getFromRouteId());
            if (s != null) {
                exchange.setProperty(Exchanges.SERVICE, adapter.serviceId(s));
            }
        }
        Long length = exchange.getMessage().getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (length == null && exchange.getMessage().getHeader(CxfConstants.CAMEL_CXF_MESSAGE) instanceof org.apache.cxf.message.Message cxf
                && cxf.get(AbstractHTTPDestination.HTTP_REQUEST) instanceof HttpServletRequest http) {
            length = http.getContentLengthLong();
        }
        if (length != null && length >= 0) {
            exchange.setProperty(TransactionRecorder.REQUEST_BYTES, length);
        }
        if (adapter != null && exchange.getFromEndpoint() instanceof org.apache.camel.component.cxf.jaxws.CxfEndpoint) {
            String caller = callerAddress(exchange);
            if (!allowed(caller, props.getInbound().getSoapAllowedAddresses())) {
                throw NdxpException.forbidden("Address " + caller + " may not use the SOAP facade of " + adapter.id()
                        + " (ndxp.inbound.soap-allowed-addresses)");
            }
            // a SOAP caller waits for an answer: tell it; asynchronous sources keep flowing into dead letters
            control.checkNotInMaintenance(adapter.id(), props.getInbound().getRetryAfterSeconds());
        }
        if (exchange.getFromEndpoint() instanceof org.apache.camel.component.cxf.jaxws.CxfEndpoint) {
            // only the transaction id goes back to the legacy SOAP client as an HTTP header
            exchange.getMessage().removeHeaders("*", "operationName", "operationNamespace", "CamelCxf*");
        }
        exchange.getMessage().setHeader(header, txId);
    }
}
