package vn.gov.ndxp.adapters.component;

import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import vn.gov.ndxp.adapters.files.FileIntake;

/** {@code ndxp:file-intake/<adapter>/<layout>?service=..&path=..&batchSize=..&receipts=..}: see {@link FileIntake}. */
public class FileIntakeEndpoint extends DefaultEndpoint {

    private final FileIntake intake;
    private final FileIntake.Settings settings;

    public FileIntakeEndpoint(String uri, Component component, FileIntake intake, FileIntake.Settings settings) {
        super(uri, component);
        this.intake = intake;
        this.settings = settings;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) throws Exception {
                intake.ingest(exchange, settings);
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("ndxp:file-intake is a step (to:), not a source");
    }
}
