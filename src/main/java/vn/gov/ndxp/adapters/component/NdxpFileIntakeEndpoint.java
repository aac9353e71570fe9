package vn.gov.ndxp.adapters.component;

import java.nio.file.Path;
import java.util.List;
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
import vn.gov.ndxp.adapters.files.FileIntake;
import vn.gov.ndxp.adapters.files.FileLayout;
import vn.gov.ndxp.adapters.mapping.FieldSet;

/** Ingests a batch file record by record: validated, sent to the platform in batches, with a receipt. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "ndxp-file-intake", title = "NDXP File Intake",
        syntax = "ndxp-file-intake:adapter/layout", producerOnly = true, category = {Category.FILE},
        headersClass = NdxpFileIntakeConstants.class)
public class NdxpFileIntakeEndpoint extends DefaultEndpoint {

    @UriPath(description = "The adapter id (its folder under ndxp.adapters.dir); its descriptor must declare platformClient")
    @Metadata(required = true)
    private final String adapter;
    @UriPath(description = "The file layout: its name, of a file NAME.file.yaml in the adapter folder or its mappings/")
    @Metadata(required = true)
    private final String layout;
    @UriParam(label = "producer", description = "The NDXP service id the records go to")
    @Metadata(required = true)
    private String service;
    @UriParam(label = "producer", description = "The path below the service that takes a batch of records")
    private String path = "";
    @UriParam(label = "producer", defaultValue = "500", description = "The most records sent in one batch")
    private int batchSize = 500;
    @UriParam(label = "producer", description = "The folder the receipts (one FILE.receipt.json per file) are written to")
    @Metadata(required = true)
    private String receipts;
    @UriParam(label = "producer", description = "Data minimisation: the only fields of each record sent (comma-separated"
            + " field paths of the layout's records, names joined by '.'); the others never leave the adapter. A path that is"
            + " not a field of the layout stops startup")
    private String fields;
    private FieldSet fieldSet;

    private final AdapterDescriptor descriptor;
    private final FileLayout resolved;

    NdxpFileIntakeEndpoint(String uri, NdxpFileIntakeComponent component, AdapterDescriptor adapter, String layout, FileLayout resolved) {
        super(uri, component);
        this.adapter = adapter.id();
        this.layout = layout;
        this.descriptor = adapter;
        this.resolved = resolved;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        fieldSet = checkedFields();
    }

    @Override
    public Producer createProducer() {
        FileIntake intake = getComponent().intake();
        FileIntake.Settings settings = new FileIntake.Settings(descriptor, resolved, service, path, batchSize, Path.of(receipts),
                fieldSet);
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) throws Exception {
                intake.ingest(exchange, settings);
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("ndxp-file-intake endpoints are steps (to:), not sources");
    }

    @Override
    public NdxpFileIntakeComponent getComponent() {
        return (NdxpFileIntakeComponent) super.getComponent();
    }

    public String getAdapter() {
        return adapter;
    }

    public String getLayout() {
        return layout;
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

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    /** The fields option, each path checked against the layout's records (its JSON Schema). */
    private FieldSet checkedFields() {
        if (fields == null) {
            return null;
        }
        List<String> paths = FieldSet.paths(fields);
        for (String p : paths) {
            if (!FieldSet.inSchema(resolved.schemaJson(), p)) {
                throw new IllegalArgumentException("fields: " + p + " is not a field of the records of layout " + layout);
            }
        }
        return FieldSet.of(paths);
    }

    /** The fields each record is narrowed to before it is sent, or null. */
    FieldSet sentFields() {
        return fieldSet;
    }

    public String getFields() {
        return fields;
    }

    public void setFields(String fields) {
        this.fields = fields;
    }

    public String getReceipts() {
        return receipts;
    }

    public void setReceipts(String receipts) {
        this.receipts = receipts;
    }

    FileLayout resolved() {
        return resolved;
    }
}
