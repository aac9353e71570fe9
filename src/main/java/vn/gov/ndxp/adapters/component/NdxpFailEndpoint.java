package vn.gov.ndxp.adapters.component;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import vn.gov.ndxp.adapters.exchange.NdxpException;

/** Fails the exchange with an NDXP error of the route's choosing (e.g. a legacy answer that reports "not found"). */
@UriEndpoint(firstVersion = "0.1.0", scheme = "ndxp-fail", title = "NDXP Fail", syntax = "ndxp-fail:category",
        producerOnly = true, remote = false, category = {Category.CORE})
public class NdxpFailEndpoint extends DefaultEndpoint {

    @UriPath(description = "The error category: <client|adapter|backend|platform>.<name>, e.g. backend.not-found; the"
            + " X-NDXP-Error header, problem type, SOAP fault code and the transaction record's category")
    @Metadata(required = true)
    private final String category;
    @UriParam(label = "producer", description = "The HTTP status of the answer (400-599)")
    @Metadata(required = true)
    private int httpStatus;
    @UriParam(label = "producer", description = "What went wrong, for the caller (the problem's detail, the fault string)")
    @Metadata(required = true)
    private String detail;

    NdxpFailEndpoint(String uri, NdxpFailComponent component, String category) {
        super(uri, component);
        this.category = category;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) {
                throw new NdxpException(category, httpStatus, NdxpException.titleOf(category), detail);
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("ndxp-fail endpoints are steps (to:), not sources");
    }

    public String getCategory() {
        return category;
    }

    public int getHttpStatus() {
        return httpStatus;
    }

    public void setHttpStatus(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public String getDetail() {
        return detail;
    }

    public void setDetail(String detail) {
        this.detail = detail;
    }
}
