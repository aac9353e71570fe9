package vn.gov.ndxp.adapters.component;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.files.FileIntake;
import vn.gov.ndxp.adapters.files.FileLayout;

/**
 * {@code ndxp-file-intake:<adapter>/<file layout>?service=<service id>&path=/x/batch&receipts=<folder>[&batchSize=500]}:
 * a batch file (the body of a file consumer, or of an sftp consumer with streamDownload=true) record by
 * record to the platform, with a receipt; see {@link FileIntake}.
 */
@Component("ndxp-file-intake")
public class NdxpFileIntakeComponent extends NdxpStepComponent {

    private final AdapterMappings mappings;
    private final FileIntake intake;

    public NdxpFileIntakeComponent(AdapterRegistry registry, AdapterMappings mappings, FileIntake intake) {
        super(registry);
        this.mappings = mappings;
        this.intake = intake;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String[] parts = parts(remaining, "ndxp-file-intake:<adapter>/<file layout>", 2);
        AdapterDescriptor adapter = adapter(parts[0]);
        if (adapter.platformClient() == null) {
            throw new IllegalArgumentException("adapter " + adapter.id() + " declares no platformClient credentials");
        }
        FileLayout layout = FileLayout.load(adapter.folder(), parts[1], mappings::layout);
        NdxpFileIntakeEndpoint endpoint = new NdxpFileIntakeEndpoint(uri, this, adapter, parts[1], layout);
        setProperties(endpoint, parameters);
        require(endpoint.getService(), "service", "the NDXP service id");
        require(endpoint.getReceipts(), "receipts", "the folder of the receipts");
        return endpoint;
    }

    FileIntake intake() {
        return intake;
    }
}
