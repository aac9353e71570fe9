package vn.gov.ndxp.adapters.inbound;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import vn.gov.ndxp.adapters.adapter.AdapterControl;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * First step of exchanges started on the legacy side (wired by the ndxp-soap, ndxp-async and ndxp-file
 * route configurations): a SOAP facade call, a captured row, a file record. It names the exchange (its
 * transaction id, adapter, service and calling subsystem, the adapter's own) and guards the SOAP
 * facades: the caller's address must be allowed (ndxp.inbound.soap-allowed-addresses) and the adapter
 * not in maintenance. The transaction id is taken from the X-NDXP-Transaction-Id header when the source
 * gives a well-formed one (SOAP client, replayed dead letter, record key), else generated
 * ({@link InboundLimits#transactionIdOrNew}).
 */
public class LegacySideGuard implements Processor {

    private final AdapterRegistry registry;
    private final NdxpProperties props;
    private final AdapterControl control;
    private final List<IpAddressMatcher> soapAllowed;

    public LegacySideGuard(AdapterRegistry registry, NdxpProperties props, AdapterControl control) {
        this.registry = registry;
        this.props = props;
        this.control = control;
        // a malformed entry fails the start, not a call
        this.soapAllowed = props.getInbound().getSoapAllowedAddresses().stream().map(IpAddressMatcher::new).toList();
    }

    /**
     * The caller's address as Tomcat reports it: the socket's peer, or the X-Forwarded-For address when
     * the peer is one of the trusted proxies (server.tomcat.remoteip.internal-proxies), never otherwise.
     */
    private static String callerAddress(Exchange exchange) {
        if (exchange.getMessage().getHeader(CxfConstants.CAMEL_CXF_MESSAGE) instanceof Message cxf
                && cxf.get(AbstractHTTPDestination.HTTP_REQUEST) instanceof HttpServletRequest http) {
            return http.getRemoteAddr();
        }
        return null;
    }

    /** The caller's address may use a facade: exact addresses or CIDR blocks (IPv4, IPv6); none listed: any. */
    private boolean allowed(String address) {
        if (soapAllowed.isEmpty()) {
            return true;
        }
        return address != null && soapAllowed.stream().anyMatch(m -> m.matches(address));
    }

    @Override
    public void process(Exchange exchange) {
        String header = props.getHeaders().getTransactionId();
        String txId = InboundLimits.transactionIdOrNew(exchange.getMessage().getHeader(header, String.class));
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
        if (length == null && exchange.getMessage().getHeader(CxfConstants.CAMEL_CXF_MESSAGE) instanceof Message cxf
                && cxf.get(AbstractHTTPDestination.HTTP_REQUEST) instanceof HttpServletRequest http) {
            length = http.getContentLengthLong();
        }
        if (length != null && length >= 0) {
            exchange.setProperty(Exchanges.REQUEST_BYTES, length);
        }
        if (adapter != null && exchange.getFromEndpoint() instanceof CxfEndpoint) {
            String caller = callerAddress(exchange);
            if (!allowed(caller)) {
                throw NdxpException.forbidden("Address " + caller + " may not use the SOAP facade of " + adapter.id()
                        + " (ndxp.inbound.soap-allowed-addresses)");
            }
            // a SOAP caller waits for an answer: tell it; asynchronous sources keep flowing into dead letters
            control.checkNotInMaintenance(adapter.id(), props.getInbound().getRetryAfterSeconds());
        }
        if (exchange.getFromEndpoint() instanceof CxfEndpoint) {
            // only the transaction id goes back to the legacy SOAP client as an HTTP header
            // (a name test per header; removeHeaders with exclude patterns compiles them per header and call)
            exchange.getMessage().getHeaders().keySet().removeIf(name -> !name.equalsIgnoreCase("operationName")
                    && !name.equalsIgnoreCase("operationNamespace") && !name.regionMatches(true, 0, "CamelCxf", 0, 8));
        }
        exchange.getMessage().setHeader(header, txId);
    }
}
