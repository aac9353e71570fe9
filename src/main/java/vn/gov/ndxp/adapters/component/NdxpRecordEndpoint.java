package vn.gov.ndxp.adapters.component;

import java.util.HashMap;
import java.util.Map;
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
import vn.gov.ndxp.adapters.mapping.RecordLayout;

/** Converts legacy database rows to JSON, and JSON to the typed parameters of sql: steps, by a record layout of the adapter. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "ndxp-record", title = "NDXP Record",
        syntax = "ndxp-record:verb/adapter/layout", producerOnly = true, remote = false, category = {Category.TRANSFORMATION})
public class NdxpRecordEndpoint extends DefaultEndpoint {

    static final String RECORD_TO_JSON = "record-to-json";
    static final String JSON_TO_RECORD = "json-to-record";

    @UriPath(enums = "record-to-json,json-to-record", description = "record-to-json: rows (the body of a sql: step) to JSON;"
            + " json-to-record: JSON to the typed values of sql: parameters")
    @Metadata(required = true)
    private final String verb;
    @UriPath(description = "The adapter id (its folder under ndxp.adapters.dir)")
    @Metadata(required = true)
    private final String adapter;
    @UriPath(description = "The record layout: its name, of a file NAME.record.yaml in the adapter folder or its mappings/")
    @Metadata(required = true)
    private final String layout;
    @UriParam(label = "producer", defaultValue = "false", description = "record-to-json only. true: a list of rows gives its first"
            + " row as one object, and no row gives 404 backend.not-found; false: a list gives an array")
    private boolean single;
    @UriParam(label = "producer", defaultValue = "true", description = "json-to-record only. true: a field the layout does not"
            + " have is refused (400 client.bad-request naming it); false: it is dropped")
    private boolean strict = true;
    @UriParam(label = "producer", enums = "body,headers", defaultValue = "body", description = "json-to-record only. body: the"
            + " JSON request body; headers: message headers named like the layout's fields (the route's path and query"
            + " parameters), numbers for integer and decimal fields")
    private String source = "body";
    @UriParam(label = "producer", defaultValue = "false", description = "record-to-json only. true: a list of rows gives a batch,"
            + " each row its own record (message) for the next steps and ndxp-kafka-batch-action; a row that cannot be mapped"
            + " goes to dead letters alone with the reason and the others go on")
    private boolean batch;
    @UriParam(label = "producer", description = "record-to-json only. The column whose value chooses a row's layout among"
            + " layouts (e.g. operation); a value not listed there takes the path's layout")
    private String layoutColumn;
    @UriParam(label = "producer", description = "record-to-json only, with layoutColumn. value:layout pairs, comma-separated"
            + " (e.g. D:enterprise-deleted)")
    private String layouts;

    private final AdapterDescriptor descriptor;
    private final RecordLayout resolved;
    private final Map<String, RecordLayout> byValue = new HashMap<>();

    NdxpRecordEndpoint(String uri, NdxpRecordComponent component, String verb, AdapterDescriptor adapter, String layout,
                       RecordLayout resolved) {
        super(uri, component);
        this.verb = verb;
        this.adapter = adapter.id();
        this.layout = layout;
        this.descriptor = adapter;
        this.resolved = resolved;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (!source.equals("body") && !source.equals("headers")) {
            throw new IllegalArgumentException("source=" + source + " (body or headers)");
        }
        if (batch && single) {
            throw new IllegalArgumentException("batch and single exclude each other");
        }
        if ((layoutColumn == null) != (layouts == null)) {
            throw new IllegalArgumentException("layoutColumn and layouts go together");
        }
        if (layouts != null) {
            for (String pair : layouts.split(",")) {
                String[] vl = pair.split(":", -1);
                if (vl.length != 2 || vl[0].isBlank() || vl[1].isBlank()) {
                    throw new IllegalArgumentException("layouts=" + layouts + " (value:layout pairs, comma-separated)");
                }
                byValue.put(vl[0].trim(), getComponent().layout(descriptor, vl[1].trim()));
            }
        }
    }

    /** The layout of a row: by the value of its layoutColumn, else the path's. */
    RecordLayout layoutOf(Map<?, ?> row) {
        if (layoutColumn == null) {
            return resolved;
        }
        Object value = row.get(layoutColumn);
        RecordLayout chosen = value == null ? null : byValue.get(value.toString());
        return chosen == null ? resolved : chosen;
    }

    @Override
    public Producer createProducer() {
        return new NdxpRecordProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("ndxp-record endpoints are steps (to:), not sources");
    }

    @Override
    public NdxpRecordComponent getComponent() {
        return (NdxpRecordComponent) super.getComponent();
    }

    public String getVerb() {
        return verb;
    }

    public String getAdapter() {
        return adapter;
    }

    public String getLayout() {
        return layout;
    }

    public boolean isSingle() {
        return single;
    }

    public void setSingle(boolean single) {
        this.single = single;
    }

    public boolean isStrict() {
        return strict;
    }

    public void setStrict(boolean strict) {
        this.strict = strict;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public boolean isBatch() {
        return batch;
    }

    public void setBatch(boolean batch) {
        this.batch = batch;
    }

    public String getLayoutColumn() {
        return layoutColumn;
    }

    public void setLayoutColumn(String layoutColumn) {
        this.layoutColumn = layoutColumn;
    }

    public String getLayouts() {
        return layouts;
    }

    public void setLayouts(String layouts) {
        this.layouts = layouts;
    }

    AdapterDescriptor descriptor() {
        return descriptor;
    }

    RecordLayout resolved() {
        return resolved;
    }
}
