package vn.gov.ndxp.adapters.component;

import java.util.List;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.mapping.Mapping;

/** Converts between the platform's JSON and a legacy system's XML, by a mapping file of the adapter (schema driven). */
@UriEndpoint(firstVersion = "0.1.0", scheme = "ndxp-mapping", title = "NDXP Mapping",
        syntax = "ndxp-mapping:verb/adapter/mappingName", producerOnly = true, remote = false, category = {Category.TRANSFORMATION})
public class NdxpMappingEndpoint extends DefaultEndpoint {

    static final String JSON_TO_XML = "json-to-xml";
    static final String XML_TO_JSON = "xml-to-json";

    @UriPath(enums = "json-to-xml,xml-to-json", description = "json-to-xml: the JSON body to the legacy XML element;"
            + " xml-to-json: the XML body (SOAP payload, DOM or text) to JSON bytes")
    @Metadata(required = true)
    private final String verb;
    @UriPath(description = "The adapter id (its folder under ndxp.adapters.dir)")
    @Metadata(required = true)
    private final String adapter;
    @UriPath(description = "The mapping: its name, of a file NAME.mapping.yaml in the adapter folder or its mappings/")
    @Metadata(required = true)
    private final String mappingName;
    @UriParam(label = "producer", enums = "body,headers,client", defaultValue = "body",
            description = "Where the input comes from. json-to-xml: body (the JSON request body) or headers (message headers named"
                    + " like the mapping's top-level fields: the route's path and query parameters, converted as the schema"
                    + " says). xml-to-json: body (the XML is the backend's: a mismatch is adapter.mapping) or client (the XML"
                    + " is the caller's request: a mismatch is 400 client.bad-request)")
    private String source = "body";
    @UriParam(label = "producer", defaultValue = "true", description = "json-to-xml only. true: unknown fields and any mapping"
            + " error are the caller's (400 client.bad-request naming the field); false: unknown fields are dropped and errors"
            + " are adapter.mapping (for data coming from the platform)")
    private boolean strict = true;

    private final AdapterDescriptor descriptor;
    private final Mapping resolved;

    NdxpMappingEndpoint(String uri, NdxpMappingComponent component, String verb, AdapterDescriptor adapter, String mappingName,
                        Mapping resolved) {
        super(uri, component);
        this.verb = verb;
        this.adapter = adapter.id();
        this.mappingName = mappingName;
        this.descriptor = adapter;
        this.resolved = resolved;
    }

    /** The values each verb accepts for {@code source}. */
    @Override
    protected void doInit() throws Exception {
        super.doInit();
        List<String> sources = verb.equals(JSON_TO_XML) ? List.of("body", "headers") : List.of("body", "client");
        if (!sources.contains(source)) {
            throw new IllegalArgumentException("source=" + source + " does not apply to " + verb + " (" + String.join(" or ", sources) + ")");
        }
    }

    @Override
    public Producer createProducer() {
        return new NdxpMappingProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("ndxp-mapping endpoints are steps (to:), not sources");
    }

    @Override
    public NdxpMappingComponent getComponent() {
        return (NdxpMappingComponent) super.getComponent();
    }

    public String getVerb() {
        return verb;
    }

    public String getAdapter() {
        return adapter;
    }

    public String getMappingName() {
        return mappingName;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public boolean isStrict() {
        return strict;
    }

    public void setStrict(boolean strict) {
        this.strict = strict;
    }

    AdapterDescriptor descriptor() {
        return descriptor;
    }

    Mapping resolved() {
        return resolved;
    }
}
