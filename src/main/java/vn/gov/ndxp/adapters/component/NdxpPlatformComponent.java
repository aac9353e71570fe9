package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.audit.DeadLetterStore;
import vn.gov.ndxp.adapters.audit.TransactionRecorder;
import vn.gov.ndxp.adapters.platform.PlatformClient;

/**
 * {@code ndxp-platform:<adapter>?service=<service id>&path=/x/{param}[&method=GET]}: calls an NDXP service
 * as the adapter's subsystem (its descriptor's platformClient). {@code {name}} in the path is filled from a
 * header or a top-level field of the JSON body; unless GET, the JSON body is sent. The answer becomes the body.
 * With {@code batch=true} the body is a list of records sent in one POST to {@code <path>/batch}, with
 * per-record outcomes (see {@link NdxpPlatformBatchProducer}).
 */
@Component("ndxp-platform")
public class NdxpPlatformComponent extends NdxpStepComponent {

    private final PlatformClient platform;
    private final ObjectMapper json;
    private final DeadLetterStore deadLetters;
    private final TransactionRecorder recorder;

    /** deadLetters and recorder: where the records of a batch go one by one (recorder null: none are recorded). */
    public NdxpPlatformComponent(AdapterRegistry registry, PlatformClient platform, ObjectMapper json,
                                 DeadLetterStore deadLetters, TransactionRecorder recorder) {
        super(registry);
        this.platform = platform;
        this.json = json;
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.recorder = recorder;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String[] parts = parts(remaining, "ndxp-platform:<adapter>?service=<service id>", 1);
        AdapterDescriptor adapter = adapter(parts[0]);
        if (adapter.platformClient() == null) {
            throw new IllegalArgumentException("adapter " + adapter.id() + " declares no platformClient credentials");
        }
        NdxpPlatformEndpoint endpoint = new NdxpPlatformEndpoint(uri, this, adapter);
        setProperties(endpoint, parameters);
        require(endpoint.getService(), "service", "the NDXP service id");
        return endpoint;
    }

    PlatformClient platform() {
        return platform;
    }

    ObjectMapper json() {
        return json;
    }

    DeadLetterStore deadLetters() {
        return deadLetters;
    }

    TransactionRecorder recorder() {
        return recorder;
    }
}
