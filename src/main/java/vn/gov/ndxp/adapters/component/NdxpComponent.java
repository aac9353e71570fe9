package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.capture.WatermarkCapture;
import vn.gov.ndxp.adapters.files.FileIntake;
import vn.gov.ndxp.adapters.files.FileLayout;
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;
import vn.gov.ndxp.adapters.platform.PlatformClient;

/**
 * The NDXP steps YAML routes compose, so adapters need no Java:
 * <ul>
 * <li>{@code ndxp:json-to-xml/<adapter>/<mapping>[?source=headers&strict=true]}: JSON body (or the
 * path/query parameters) to the legacy XML element, validated against its schema;</li>
 * <li>{@code ndxp:xml-to-json/<adapter>/<mapping>}: legacy XML to JSON, types from the schema;</li>
 * <li>{@code ndxp:record-to-json/<adapter>/<layout>[?single=true]}: legacy rows (a row, or a list of
 * rows: an array, or with single=true one object and 404 backend.not-found for none) to JSON;</li>
 * <li>{@code ndxp:json-to-record/<adapter>/<layout>[?source=headers]}: JSON to typed values for sql:
 * parameters (:#field or :#column, plus :#transactionId);</li>
 * <li>{@code ndxp:idempotency-key/<adapter>?fields=key,version}: the record's transaction id, a UUID
 * derived from the adapter and those JSON fields, so a record sent twice carries the same id;</li>
 * <li>{@code ndxp:platform/<adapter>?service=<service id>&path=/x/{param}[&method=GET]}: call an NDXP
 * service as the adapter's subsystem;</li>
 * <li>{@code ndxp:file-intake/<adapter>/<file layout>?service=<service id>&path=/x/batch&receipts=<folder>[&batchSize=500]}:
 * a batch file (the body) record by record to the platform, with a receipt (see FileIntake).</li>
 * </ul>
 * Mapping names are files {@code <mapping>.mapping.yaml} in the adapter folder or its mappings/.
 */
public class NdxpComponent extends DefaultComponent {

    private final AdapterRegistry registry;
    private final XmlJsonMapper mapper;
    private final PlatformClient platform;
    private final ObjectMapper json;
    private final AdapterMappings mappings;

    private WatermarkCapture watermarks;

    private FileIntake fileIntake;

    public void setFileIntake(FileIntake fileIntake) {
        this.fileIntake = fileIntake;
    }

    public void setWatermarks(WatermarkCapture watermarks) {
        this.watermarks = watermarks;
    }

    WatermarkCapture watermarks() {
        return watermarks;
    }

    public NdxpComponent(AdapterRegistry registry, AdapterMappings mappings, XmlJsonMapper mapper, PlatformClient platform, ObjectMapper json) {
        this.mappings = mappings;
        this.registry = registry;
        this.mapper = mapper;
        this.platform = platform;
        this.json = json;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String[] parts = remaining.split("/");
        String operation = parts[0];
        if (parts.length < 2) {
            throw new IllegalArgumentException(uri + ": expected ndxp:<operation>/<adapter>[/<mapping>]");
        }
        AdapterDescriptor adapter = registry.get(parts[1]);
        if (adapter == null) {
            throw new IllegalArgumentException(uri + ": no adapter '" + parts[1] + "'");
        }
        NdxpEndpoint endpoint;
        switch (operation) {
            case "json-to-xml", "xml-to-json" -> {
                if (parts.length != 3) {
                    throw new IllegalArgumentException(uri + ": expected ndxp:" + operation + "/<adapter>/<mapping>");
                }
                endpoint = new NdxpEndpoint(uri, this, operation, adapter, mappings.mapping(adapter, parts[2]));
                endpoint.setStrict(getAndRemoveParameter(parameters, "strict", Boolean.class, true));
                endpoint.setSource(getAndRemoveParameter(parameters, "source", String.class, "body"));
            }
            case "record-to-json", "json-to-record" -> {
                if (parts.length != 3) {
                    throw new IllegalArgumentException(uri + ": expected ndxp:" + operation + "/<adapter>/<record layout>");
                }
                endpoint = new NdxpEndpoint(uri, this, operation, adapter, null);
                endpoint.setLayout(mappings.layout(adapter, parts[2]));
                endpoint.setSingle(getAndRemoveParameter(parameters, "single", Boolean.class, false));
                endpoint.setStrict(getAndRemoveParameter(parameters, "strict", Boolean.class, true));
                endpoint.setSource(getAndRemoveParameter(parameters, "source", String.class, "body"));
            }
            case "idempotency-key" -> {
                endpoint = new NdxpEndpoint(uri, this, operation, adapter, null);
                endpoint.setFields(getAndRemoveParameter(parameters, "fields", String.class));
                if (endpoint.getFields() == null) {
                    throw new IllegalArgumentException(uri + ": the 'fields' parameter (the record's key and version fields) is required");
                }
            }
            case "watermark-poll", "watermark-commit" -> {
                if (parts.length != 3) {
                    throw new IllegalArgumentException(uri + ": expected ndxp:" + operation + "/<adapter>/<flow>");
                }
                endpoint = new NdxpEndpoint(uri, this, operation, adapter, null);
                endpoint.setFlow(parts[2]);
                if (operation.equals("watermark-poll")) {
                    String query = getAndRemoveParameter(parameters, "query", String.class);
                    if (query == null || !Files.isRegularFile(adapter.folder().resolve(query))) {
                        throw new IllegalArgumentException(uri + ": 'query' must name an SQL file of the adapter folder");
                    }
                    endpoint.setQuery(adapter.folder().resolve(query));
                    endpoint.setTimestamp(getAndRemoveParameter(parameters, "timestamp", String.class, "updated_at"));
                    endpoint.setKey(getAndRemoveParameter(parameters, "key", String.class));
                    endpoint.setLag(Duration.ofMillis(getAndRemoveParameter(parameters, "lagMs", Long.class, 2000L)));
                    endpoint.setRescan(Duration.ofMillis(getAndRemoveParameter(parameters, "rescanMs", Long.class, 600_000L)));
                    endpoint.setBatch(getAndRemoveParameter(parameters, "batch", Integer.class, 1000));
                }
            }
            case "platform" -> {
                if (adapter.platformClient() == null) {
                    throw new IllegalArgumentException(uri + ": adapter " + adapter.id() + " declares no platformClient credentials");
                }
                endpoint = new NdxpEndpoint(uri, this, operation, adapter, null);
                endpoint.setService(getAndRemoveParameter(parameters, "service", String.class));
                endpoint.setPath(getAndRemoveParameter(parameters, "path", String.class, ""));
                endpoint.setMethod(getAndRemoveParameter(parameters, "method", String.class, "GET"));
                if (endpoint.getService() == null) {
                    throw new IllegalArgumentException(uri + ": the 'service' parameter (NDXP service id) is required");
                }
            }
            case "file-intake" -> {
                if (parts.length != 3 || adapter.platformClient() == null) {
                    throw new IllegalArgumentException(uri + ": expected ndxp:file-intake/<adapter>/<file layout> of an adapter with platformClient");
                }
                String service = getAndRemoveParameter(parameters, "service", String.class);
                String receipts = getAndRemoveParameter(parameters, "receipts", String.class);
                if (service == null || receipts == null) {
                    throw new IllegalArgumentException(uri + ": the 'service' (NDXP service id) and 'receipts' (folder) parameters are required");
                }
                var settings = new FileIntake.Settings(adapter,
                        FileLayout.load(adapter.folder(), parts[2], mappings::layout),
                        service, getAndRemoveParameter(parameters, "path", String.class, ""),
                        getAndRemoveParameter(parameters, "batchSize", Integer.class, 500), Path.of(receipts));
                var fileEndpoint = new FileIntakeEndpoint(uri, this, fileIntake, settings);
                setProperties(fileEndpoint, parameters);
                return fileEndpoint;
            }
            default -> throw new IllegalArgumentException(uri + ": unknown operation '" + operation
                    + "' (json-to-xml, xml-to-json, record-to-json, json-to-record, idempotency-key, watermark-poll,"
                    + " watermark-commit, platform, file-intake)");
        }
        setProperties(endpoint, parameters);
        return endpoint;
    }

    XmlJsonMapper mapper() {
        return mapper;
    }

    PlatformClient platform() {
        return platform;
    }

    ObjectMapper json() {
        return json;
    }
}
