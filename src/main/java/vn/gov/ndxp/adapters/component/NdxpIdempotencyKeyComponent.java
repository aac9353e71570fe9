package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;

/**
 * {@code ndxp-idempotency-key:<adapter>?fields=<key>,<version>}: the record's transaction id, a UUID derived
 * from the adapter and those fields of the JSON body, so a record sent twice carries the same id; the first
 * field's value becomes the Kafka key. A batch of records (ndxp-record batch=true) gets a key per record.
 */
@Component("ndxp-idempotency-key")
public class NdxpIdempotencyKeyComponent extends NdxpStepComponent {

    private final ObjectMapper json;
    private final RecordBatch batches;

    public NdxpIdempotencyKeyComponent(AdapterRegistry registry, ObjectMapper json, RecordBatch batches) {
        super(registry);
        this.json = json;
        this.batches = batches;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String[] parts = parts(remaining, "ndxp-idempotency-key:<adapter>?fields=<key field>,<version field>", 1);
        NdxpIdempotencyKeyEndpoint endpoint = new NdxpIdempotencyKeyEndpoint(uri, this, adapter(parts[0]));
        setProperties(endpoint, parameters);
        require(endpoint.getFields(), "fields", "the record's key and version fields");
        return endpoint;
    }

    ObjectMapper json() {
        return json;
    }

    RecordBatch batches() {
        return batches;
    }
}
