package vn.gov.ndxp.adapters.component;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.exchange.RemoteCall;
import vn.gov.ndxp.adapters.mapping.Mapping;
import vn.gov.ndxp.adapters.mapping.RecordLayout;

/** One ndxp: step; see NdxpComponent for the URI forms. */
public class NdxpEndpoint extends DefaultEndpoint implements RemoteCall {

    private final String operation;
    private final AdapterDescriptor adapter;
    private final Mapping mapping;
    private boolean strict = true;
    private String source = "body";
    private String service;
    private String path = "";
    private String method = "GET";
    private RecordLayout layout;
    private boolean single;
    private String fields;
    private String flow;
    private Path query;
    private String timestamp;
    private String key;
    private Duration lag;
    private Duration rescan;
    private int batch;

    public NdxpEndpoint(String uri, NdxpComponent component, String operation, AdapterDescriptor adapter, Mapping mapping) {
        super(uri, component);
        this.operation = operation;
        this.adapter = adapter;
        this.mapping = mapping;
    }

    @Override
    public Producer createProducer() {
        return new NdxpProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("ndxp: endpoints are steps (to:), not consumers");
    }

    @Override
    public NdxpComponent getComponent() {
        return (NdxpComponent) super.getComponent();
    }

    public String getOperation() { return operation; }

    @Override
    public boolean callsRemoteSystem() {
        return "platform".equals(operation);
    }
    public AdapterDescriptor getAdapter() { return adapter; }
    public Mapping getMapping() { return mapping; }
    public boolean isStrict() { return strict; }
    public void setStrict(boolean strict) { this.strict = strict; }
    public String getSource() { return source; }
    public void setSource(String source) { this.source = source; }
    public String getService() { return service; }
    public void setService(String service) { this.service = service; }
    public String getPath() { return path; }
    public void setPath(String path) { this.path = path; }
    public String getMethod() { return method; }
    public void setMethod(String method) { this.method = method; }
    public RecordLayout getLayout() { return layout; }
    public void setLayout(RecordLayout layout) { this.layout = layout; }
    public boolean isSingle() { return single; }
    public void setSingle(boolean single) { this.single = single; }
    public String getFields() { return fields; }
    public void setFields(String fields) { this.fields = fields; }
    public String getFlow() { return flow; }
    public void setFlow(String flow) { this.flow = flow; }
    public Path getQuery() { return query; }
    public void setQuery(Path query) { this.query = query; }
    public String getTimestamp() { return timestamp; }
    public void setTimestamp(String timestamp) { this.timestamp = timestamp; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
    public Duration getLag() { return lag; }
    public void setLag(Duration lag) { this.lag = lag; }
    public Duration getRescan() { return rescan; }
    public void setRescan(Duration rescan) { this.rescan = rescan; }
    public int getBatch() { return batch; }
    public void setBatch(int batch) { this.batch = batch; }
}
