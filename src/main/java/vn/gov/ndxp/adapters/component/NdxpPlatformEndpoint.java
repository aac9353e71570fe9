package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
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
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.RemoteCall;
import vn.gov.ndxp.adapters.mapping.FieldSet;

/** Calls an NDXP service through the platform as the adapter's subsystem, with its platformClient credentials. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "ndxp-platform", title = "NDXP Platform",
        syntax = "ndxp-platform:adapter", producerOnly = true, category = {Category.API, Category.HTTP})
public class NdxpPlatformEndpoint extends DefaultEndpoint implements RemoteCall {

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    @UriPath(description = "The adapter id (its folder under ndxp.adapters.dir); its descriptor must declare platformClient")
    @Metadata(required = true)
    private final String adapter;
    @UriParam(label = "producer", description = "The NDXP service id to call (e.g. VN:GOV:000.00.00.G01:ndxp/population)")
    @Metadata(required = true)
    private String service;
    @UriParam(label = "producer", description = "The path below the service; {name} is filled from the header name or the"
            + " top-level field name of the JSON body (URL-encoded; missing: 400 client.bad-request); with fields, only of the"
            + " fields sent. Not with batch=true (one call for many records)")
    private String path = "";
    @UriParam(label = "producer", enums = "GET,POST,PUT,PATCH,DELETE", defaultValue = "GET",
            description = "The HTTP method; unless GET the JSON body is sent")
    private String method = "GET";
    @UriParam(label = "producer", defaultValue = "false",
            description = "The body is a batch of records (a list of exchanges, as a batching Kafka consumer gives, or of"
            + " messages), each a JSON record with its idempotency key in the X-NDXP-Transaction-Id header: they go in"
            + " one POST to the path followed by /batch, and the platform answers per record. Accepted and duplicate records are"
            + " delivered (one transaction record each); a rejected record goes to dead letters alone with the"
            + " platform's reason; a transient failure fails the whole batch (left at its source). Needs method=POST")
    private boolean batch;
    @UriParam(label = "producer", description = "The purpose of use sent to the platform (X-NDXP-Purpose): a code of the"
            + " adapter's purposes list (for a facade, from its settings), or {name} for the header name or top-level field"
            + " name of the mapped request (a legacy request that carries it; missing: 400 client.purpose-required, not"
            + " in the list: 400 client.purpose-unknown). Without it, the purpose the adapter's own caller gave, if any."
            + " It is recorded with the transaction, unless the adapter's own caller gave one (that one is recorded)")
    private String purpose;
    @UriParam(label = "producer", description = "Data minimisation for pushed records: the only fields of each record sent"
            + " (comma-separated field paths, names joined by '.', arrays passed through; a path ending at an object keeps it"
            + " whole); the others never leave the adapter. Not with GET (it sends no record)")
    private String fields;
    private FieldSet fieldSet;

    private final AdapterDescriptor descriptor;

    NdxpPlatformEndpoint(String uri, NdxpPlatformComponent component, AdapterDescriptor adapter) {
        super(uri, component);
        this.adapter = adapter.id();
        this.descriptor = adapter;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (!METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("method=" + method + " (" + String.join(", ", METHODS) + ")");
        }
        if (batch && !"POST".equalsIgnoreCase(method)) {
            throw new IllegalArgumentException("batch=true sends the records with POST (method=" + method + ")");
        }
        if (fields != null) {
            if ("GET".equalsIgnoreCase(method)) {
                throw new IllegalArgumentException("fields narrows the records sent; GET sends none");
            }
            fieldSet = FieldSet.of(FieldSet.paths(fields));
        }
        if (batch && (purpose != null && NdxpPlatformProducer.PARAM.matcher(purpose).matches()
                || NdxpPlatformProducer.PARAM.matcher(path).find())) {
            // a batch's own exchange has no record to read them from: every batch would fail
            throw new IllegalArgumentException("batch=true sends one call for many records: its path and purpose cannot"
                    + " take {field} of a record (path=" + path + (purpose == null ? "" : ", purpose=" + purpose) + ")");
        }
        if (purpose != null && !NdxpPlatformProducer.PARAM.matcher(purpose).matches() && !descriptor.purposes().containsKey(purpose)) {
            throw new IllegalArgumentException("purpose=" + purpose + " is neither a code of the purposes of adapter " + adapter
                    + " (its adapter.yaml key purposes) nor {field}");
        }
    }

    @Override
    public boolean callsRemoteSystem() {
        return true;
    }

    @Override
    public Producer createProducer() {
        return batch ? new NdxpPlatformBatchProducer(this) : new NdxpPlatformProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("ndxp-platform endpoints are steps (to:), not sources");
    }

    @Override
    public NdxpPlatformComponent getComponent() {
        return (NdxpPlatformComponent) super.getComponent();
    }

    public String getAdapter() {
        return adapter;
    }

    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getMethod() {
        return method;
    }

    public void setMethod(String method) {
        this.method = method;
    }

    public boolean isBatch() {
        return batch;
    }

    public void setBatch(boolean batch) {
        this.batch = batch;
    }

    AdapterDescriptor descriptor() {
        return descriptor;
    }

    /**
     * The purpose of use of this call (also recorded with the transaction when the caller gave none): the
     * purpose option, a code or {field} of the mapped request; without it, the purpose the adapter's own
     * caller gave; else none.
     */
    String purpose(Exchange exchange, JsonNode request) {
        if (purpose == null) {
            return exchange.getProperty(Exchanges.PURPOSE, String.class);
        }
        String code = purpose;
        Matcher field = NdxpPlatformProducer.PARAM.matcher(purpose);
        if (field.matches()) {
            String name = field.group(1);
            code = exchange.getMessage().getHeader(name, String.class);
            if (code == null && request != null && request.hasNonNull(name)) {
                code = request.get(name).asText();
            }
            if (code == null || code.isEmpty()) {
                throw new NdxpException(NdxpException.CLIENT_PURPOSE_REQUIRED, 400, "Purpose required", "The call to "
                        + service + " needs the purpose of use, from the request's " + name, name, null, null);
            }
            if (!descriptor.purposes().containsKey(code)) {
                throw new NdxpException(NdxpException.CLIENT_PURPOSE_UNKNOWN, 400, "Purpose unknown", "The request's " + name
                        + " is not one of the purposes of adapter " + adapter + " (its catalogue entry lists them)", name, null, null);
            }
        }
        // recorded with the transaction, unless the adapter's own caller gave one: that is the purpose it was served for
        if (exchange.getProperty(Exchanges.PURPOSE) == null) {
            exchange.setProperty(Exchanges.PURPOSE, code);
        }
        return code;
    }

    /** Whether records are narrowed to a field set before they are sent. */
    boolean narrows() {
        return fieldSet != null;
    }

    /** A record to send: narrowed to the fields option (a copy: the exchange keeps the whole record), or as it is. */
    JsonNode sent(JsonNode record) {
        if (fieldSet == null || record == null) {
            return record;
        }
        JsonNode copy = record.deepCopy();
        try {
            fieldSet.apply(copy);
        } catch (IllegalArgumentException e) {
            throw NdxpException.badRequest(null, "the record cannot be narrowed to the fields of " + service + ": " + e.getMessage());
        }
        return copy;
    }

    public String getFields() {
        return fields;
    }

    public void setFields(String fields) {
        this.fields = fields;
    }

    public String getPurpose() {
        return purpose;
    }

    public void setPurpose(String purpose) {
        this.purpose = purpose;
    }
}
