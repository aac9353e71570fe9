package vn.gov.ndxp.adapters.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.mapping.FieldSet;

/**
 * Data minimisation (adapter.yaml policies[].fields): a client with a field set receives only those
 * fields of a successful answer, after mapping; the rest never leaves the runtime. Runs in the reply
 * steps of every REST route (ndxp-rest), before the reply headers. Error answers carry no record.
 */
public class ResponseFields implements Processor {

    private final AdapterRegistry registry;
    private final ObjectMapper json;
    /** Per field list (a reload brings new lists), its compiled set. */
    private final Map<List<String>, FieldSet> sets = new ConcurrentHashMap<>();

    /** Checks every field set of the adapters loaded at startup against its answer's schema. */
    public ResponseFields(AdapterRegistry registry, AdapterMappings mappings, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
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
        JsonNode doc = body instanceof JsonNode n ? n : body instanceof byte[] b ? json.readTree(b) : json.readTree(m.getBody(String.class));
        sets.computeIfAbsent(policy.fields(), FieldSet::of).apply(doc);
        m.setBody(json.writeValueAsBytes(doc));
    }
}
