package vn.gov.ndxp.adapters.inbound;

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

    public ReplyHeaders(NdxpProperties props) {
        this.props = props;
    }

    @Override
    public void process(Exchange exchange) {
        Message m = exchange.getMessage();
        String error = props.getHeaders().getError();
        m.removeHeaders("*", Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE, error, "Retry-After", "WWW-Authenticate");
        String txId = exchange.getProperty(Exchanges.TRANSACTION_ID, String.class);
        if (txId != null) {
            m.setHeader(props.getHeaders().getTransactionId(), txId);
        }
    }
}
