package vn.gov.ndxp.adapters.component;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.capture.WatermarkCapture;

/**
 * Watermark change capture ({@link WatermarkCapture}):
 * <ul>
 * <li>{@code ndxp-capture:poll/<adapter>/<flow>?query=sql/<file>.sql&key=<column>[&timestamp=updated_at][&lagMs=2000][&rescanMs=600000][&batch=1000]}:
 * the body becomes the list of rows to send (none when another instance holds the flow); the query gets
 * :afterTs, :afterKey, :until and :limit;</li>
 * <li>{@code ndxp-capture:commit/<adapter>/<flow>}: after the rows were handed on, moves the watermark.</li>
 * </ul>
 */
@Component("ndxp-capture")
public class NdxpCaptureComponent extends NdxpStepComponent {

    static final List<String> VERBS = List.of(NdxpCaptureEndpoint.POLL, NdxpCaptureEndpoint.COMMIT);
    private static final Set<String> OPTIONS = Set.of("query", "timestamp", "key", "lagMs", "rescanMs", "batch");

    private final WatermarkCapture watermarks;

    public NdxpCaptureComponent(AdapterRegistry registry, WatermarkCapture watermarks) {
        super(registry);
        this.watermarks = watermarks;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String[] parts = parts(remaining, "ndxp-capture:poll|commit/<adapter>/<flow>", 3);
        String verb = verb(parts[0], VERBS);
        refuseMisplaced(parameters, OPTIONS, verb.equals(NdxpCaptureEndpoint.POLL) ? OPTIONS : Set.of(), verb);
        AdapterDescriptor adapter = adapter(parts[1]);
        NdxpCaptureEndpoint endpoint = new NdxpCaptureEndpoint(uri, this, verb, adapter, parts[2]);
        setProperties(endpoint, parameters);
        if (verb.equals(NdxpCaptureEndpoint.POLL)) {
            String query = endpoint.getQuery();
            if (query == null || !Files.isRegularFile(adapter.folder().resolve(query))) {
                throw new IllegalArgumentException("'query' must name an SQL file of the adapter folder");
            }
            require(endpoint.getKey(), "key", "the key column, the watermark's tie-breaker");
        }
        return endpoint;
    }

    WatermarkCapture watermarks() {
        return watermarks;
    }
}
