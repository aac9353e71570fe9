package vn.gov.ndxp.adapters.ndxp;

import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import vn.gov.ndxp.adapters.runtime.AdapterDescriptor;
import vn.gov.ndxp.adapters.runtime.AdapterRegistry;

/**
 * First step of every SOAP facade exchange (wired by the ndxp-soap route configuration): the
 * transaction id (taken from the HTTP header if the legacy client sends one) and the calling
 * subsystem, which for a facade is the adapter's own.
 */
public class SoapInbound implements Processor {

    private final AdapterRegistry registry;
    private final NdxpProperties props;

    public SoapInbound(AdapterRegistry registry, NdxpProperties props) {
        this.registry = registry;
        this.props = props;
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
        exchange.setProperty(Exchanges.SOAP, true);
        AdapterDescriptor adapter = registry.byRoute(exchange.getFromRouteId());
        if (adapter != null) {
            exchange.setProperty(Exchanges.ADAPTER, adapter.id());
            exchange.setProperty(Exchanges.CLIENT, adapter.subsystem());
            AdapterDescriptor.Service s = adapter.serviceByRoute(exchange.getFromRouteId());
            if (s != null) {
                exchange.setProperty(Exchanges.SERVICE, adapter.serviceId(s));
            }
        }
        // only the transaction id goes back to the legacy client as an HTTP header
        exchange.getMessage().removeHeaders("*", "operationName", "operationNamespace", "CamelCxf*");
        exchange.getMessage().setHeader(header, txId);
    }
}
