package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
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
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.mapping.MappingException;

/**
 * Gives a record the same transaction id each time it is sent: a UUID derived from the adapter and the record's key and
 * version fields; each record of a batch (ndxp-record batch=true) its own.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "ndxp-idempotency-key", title = "NDXP Idempotency Key",
        syntax = "ndxp-idempotency-key:adapter", producerOnly = true, remote = false, category = {Category.TRANSFORMATION},
        headersClass = NdxpIdempotencyKeyConstants.class)
public class NdxpIdempotencyKeyEndpoint extends DefaultEndpoint {

    @UriPath(description = "The adapter id (its folder under ndxp.adapters.dir): part of the key")
    @Metadata(required = true)
    private final String adapter;
    @UriParam(label = "producer", description = "The JSON fields that identify the record, comma-separated: its key, then its"
            + " version (e.g. taxCode,changeId); a record without one of them fails")
    @Metadata(required = true)
    private String fields;

    NdxpIdempotencyKeyEndpoint(String uri, NdxpIdempotencyKeyComponent component, AdapterDescriptor adapter) {
        super(uri, component);
        this.adapter = adapter.id();
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) throws Exception {
                if (exchange.getMessage().getBody() instanceof List<?>) {
                    // a batch (ndxp-record batch=true): each record its key; one without is set aside alone
                    getComponent().batches().each(exchange, record -> setKey(record));
                } else {
                    setKey(exchange);
                }
            }
        };
    }

    /** A UUID from the adapter and the record's key/version fields: the same record gets the same id. */
    private void setKey(Exchange exchange) {
        JsonNode record = Bodies.json(exchange, getComponent().json());
        StringBuilder key = new StringBuilder(adapter);
        String first = null;
        for (String f : fields.split(",")) {
            JsonNode v = record.get(f.trim());
            if (v == null || v.isNull()) {
                throw new MappingException(f.trim(), "the idempotency key needs this field");
            }
            first = first == null ? v.asText() : first;
            key.append('|').append(v.asText());
        }
        String txId = UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8)).toString();
        exchange.setProperty(Exchanges.TRANSACTION_ID, txId);
        exchange.getMessage().setHeader(NdxpIdempotencyKeyConstants.TRANSACTION_ID, txId);
        exchange.getMessage().setHeader(NdxpIdempotencyKeyConstants.KAFKA_KEY, first);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("ndxp-idempotency-key endpoints are steps (to:), not sources");
    }

    @Override
    public NdxpIdempotencyKeyComponent getComponent() {
        return (NdxpIdempotencyKeyComponent) super.getComponent();
    }

    public String getAdapter() {
        return adapter;
    }

    public String getFields() {
        return fields;
    }

    public void setFields(String fields) {
        this.fields = fields;
    }
}
