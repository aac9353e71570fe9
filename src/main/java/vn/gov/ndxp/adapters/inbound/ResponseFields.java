package vn.gov.ndxp.adapters.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.exchange.ErrorBodies;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;
import vn.gov.ndxp.adapters.mapping.FieldSet;

/**
 * Data minimisation (adapter.yaml policies[].fields): a client with a field set receives only those
 * fields of a successful answer, after mapping; the rest never leaves the runtime. Runs in the reply
 * steps of every REST route (ndxp-rest), before the reply headers. Error answers carry no record.
 */
public class ResponseFields implements Processor {

    private final AdapterRegistry registry;
    private final ObjectMapper json;
    private final NdxpProperties props;
    /** Per field list (a reload brings new lists), its compiled set. */
    private final Map<List<String>, FieldSet> sets = new ConcurrentHashMap<>();

    /** Checks every field set of the adapters loaded at startup against its answer's schema. */
    public ResponseFields(AdapterRegistry registry, AdapterMappings mappings, ObjectMapper json, NdxpProperties props) {
        this.registry = registry;
        this.json = json;
        this.props = props;
        registry.all().forEach(mappings::checkFields);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String client = exchange.getProperty(Exchanges.CLIENT, String.class);
        AdapterDescriptor adapter = client == null ? null : registry.byRoute(exchange.getFromRouteId());
        AdapterDescriptor.Service service = adapter == null ? null : adapter.serviceByRoute(exchange.getFromRouteId());
        AdapterDescriptor.Policy policy = service == null ? null : service.policyFor(client);
        if (policy == null || policy.fields() == null) {
            return;
        }
        Message m = exchange.getMessage();
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Object body = m.getBody();
        if ((status != null && status >= 300) || body == null) {
            return;
        }
        try {
            JsonNode doc = body instanceof JsonNode n ? n : body instanceof byte[] b ? json.readTree(b) : json.readTree(m.getBody(String.class));
            sets.computeIfAbsent(policy.fields(), FieldSet::of).apply(doc);
            m.setBody(json.writeValueAsBytes(doc));
        } catch (IOException | RuntimeException e) {
            // fail closed: an answer that cannot be narrowed is not sent at all (the record is the
            // exchange's failure, category adapter.internal)
            NdxpException refused = new NdxpException(NdxpException.ADAPTER_INTERNAL, 500, "Internal error",
                    "The answer could not be narrowed to the client's field set");
            String txId = exchange.getProperty(Exchanges.TRANSACTION_ID, String.class);
            m.setBody(ErrorBodies.problemBody(json, refused, txId));
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
            m.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
            m.setHeader(props.getHeaders().getError(), refused.category());
            exchange.setProperty(Exchanges.STATUS, 500);
            exchange.setProperty(Exchanges.ERROR_CATEGORY, refused.category());
        }
    }
}
