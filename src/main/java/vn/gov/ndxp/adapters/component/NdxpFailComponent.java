package vn.gov.ndxp.adapters.component;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import vn.gov.ndxp.adapters.mapping.FailWhen;

/**
 * {@code ndxp-fail:<category>?httpStatus=<HTTP status>&detail=<text>}: fails the exchange with that NDXP error,
 * answered (problem+json, SOAP fault) and recorded under that category like any failure the runtime types.
 */
@Component("ndxp-fail")
public class NdxpFailComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!FailWhen.CATEGORY.matcher(remaining).matches()) {
            throw new IllegalArgumentException("expected ndxp-fail:<client|adapter|backend|platform>.<name>?httpStatus=...&detail=..."
                    + " (got '" + remaining + "')");
        }
        NdxpFailEndpoint endpoint = new NdxpFailEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        if (endpoint.getHttpStatus() < 400 || endpoint.getHttpStatus() > 599) {
            throw new IllegalArgumentException("the 'httpStatus' option (the HTTP status, 400-599) is required");
        }
        if (endpoint.getDetail() == null || endpoint.getDetail().isBlank()) {
            throw new IllegalArgumentException("the 'detail' option (what went wrong, for the caller) is required");
        }
        return endpoint;
    }
}
