package vn.gov.ndxp.adapters.inbound;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * Last step of a REST exchange (onCompletion before the consumer answers): the response carries only
 * its own headers, never the request's or the backend's, and always the transaction id.
 */
public class ReplyHeaders implements Processor {

    private final NdxpProperties props;
    /** The headers a reply keeps; HTTP header names are case-insensitive. */
    private final Set<String> kept = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    public ReplyHeaders(NdxpProperties props) {
        this.props = props;
        kept.addAll(Set.of(Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE, props.getHeaders().getError(), "Retry-After",
                "WWW-Authenticate"));
    }

    @Override
    public void process(Exchange exchange) {
        Message m = exchange.getMessage();
        // a set lookup per header: removeHeaders with exclude patterns would match (and compile) a
        // pattern per header and call
        Map<String, Object> headers = m.getHeaders();
        headers.keySet().removeIf(name -> !kept.contains(name));
        String txId = exchange.getProperty(Exchanges.TRANSACTION_ID, String.class);
        if (txId != null) {
            m.setHeader(props.getHeaders().getTransactionId(), txId);
        }
        rateLimit(exchange, m);
    }

    /**
     * A call under a quota: its policy and what is left of it (Quotas). Also on an error answer, which
     * a refusal by the guard gets before this processor is on the route (ErrorResponder).
     */
    static void rateLimit(Exchange exchange, Message m) {
        String policy = exchange.getProperty(Exchanges.RATE_LIMIT_POLICY, String.class);
        if (policy != null) {
            m.setHeader("RateLimit-Policy", policy);
            String left = exchange.getProperty(Exchanges.RATE_LIMIT, String.class);
            if (left != null) {
                m.setHeader("RateLimit", left);
            }
        }
    }
}
