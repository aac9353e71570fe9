package vn.gov.ndxp.adapters.component;

import java.time.Duration;
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
import vn.gov.ndxp.adapters.capture.WatermarkCapture;

/** Watermark change capture of a legacy database that cannot take an outbox: poll the changed rows, commit once handed on. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "ndxp-capture", title = "NDXP Capture",
        syntax = "ndxp-capture:verb/adapter/flow", producerOnly = true, category = {Category.DATABASE})
public class NdxpCaptureEndpoint extends DefaultEndpoint {

    static final String POLL = "poll";
    static final String COMMIT = "commit";

    @UriPath(enums = "poll,commit", description = "poll: the rows past the watermark (and late ones in the rescan window);"
            + " commit: move the watermark past the rows of this exchange's poll")
    @Metadata(required = true)
    private final String verb;
    @UriPath(description = "The adapter id (its folder under ndxp.adapters.dir); its datasource is polled")
    @Metadata(required = true)
    private final String adapter;
    @UriPath(description = "The flow: the name of this watermark in the runtime's database (one per table or query)")
    @Metadata(required = true)
    private final String flow;
    @UriParam(label = "poll", description = "poll only. The SQL file, relative to the adapter folder, that selects the rows"
            + " after (:afterTs, :afterKey) up to :until, oldest first, at most :limit")
    @Metadata(required = true)
    private String query;
    @UriParam(label = "poll", defaultValue = "updated_at", description = "poll only. The column of the row's last change time")
    private String timestamp = "updated_at";
    @UriParam(label = "poll", description = "poll only. The key column: the tie-breaker of rows with the same timestamp")
    @Metadata(required = true)
    private String key;
    @UriParam(label = "poll", defaultValue = "2000", description = "poll only. Rows newer than now minus this (ms) wait for a"
            + " later poll, so that a transaction still committing is not skipped")
    private long lagMs = 2000;
    @UriParam(label = "poll", defaultValue = "600000", description = "poll only. How far (ms) behind the watermark each poll"
            + " looks again for rows committed late with an older timestamp")
    private long rescanMs = 600_000;
    @UriParam(label = "poll", defaultValue = "1000", description = "poll only. The most rows one poll reads per page")
    private int batch = 1000;

    private final AdapterDescriptor descriptor;

    NdxpCaptureEndpoint(String uri, NdxpCaptureComponent component, String verb, AdapterDescriptor adapter, String flow) {
        super(uri, component);
        this.verb = verb;
        this.adapter = adapter.id();
        this.flow = flow;
        this.descriptor = adapter;
    }

    @Override
    public Producer createProducer() {
        WatermarkCapture watermarks = getComponent().watermarks();
        if (verb.equals(COMMIT)) {
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) {
                    var poll = exchange.getProperty(WatermarkCapture.PENDING, WatermarkCapture.Poll.class);
                    if (poll != null) {
                        watermarks.commit(poll);
                    }
                }
            };
        }
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) throws Exception {
                var poll = watermarks.poll(descriptor, flow, descriptor.folder().resolve(query), timestamp, key,
                        Duration.ofMillis(lagMs), Duration.ofMillis(rescanMs), batch);
                exchange.setProperty(WatermarkCapture.PENDING, poll);
                exchange.getMessage().setBody(poll == null ? List.of() : poll.rows());
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("ndxp-capture endpoints are steps (to:), not sources");
    }

    @Override
    public NdxpCaptureComponent getComponent() {
        return (NdxpCaptureComponent) super.getComponent();
    }

    public String getVerb() {
        return verb;
    }

    public String getAdapter() {
        return adapter;
    }

    public String getFlow() {
        return flow;
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }

    public String getTimestamp() {
        return timestamp;
    }

    public void setTimestamp(String timestamp) {
        this.timestamp = timestamp;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public long getLagMs() {
        return lagMs;
    }

    public void setLagMs(long lagMs) {
        this.lagMs = lagMs;
    }

    public long getRescanMs() {
        return rescanMs;
    }

    public void setRescanMs(long rescanMs) {
        this.rescanMs = rescanMs;
    }

    public int getBatch() {
        return batch;
    }

    public void setBatch(int batch) {
        this.batch = batch;
    }
}
