package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.mapping.RecordLayout;

/**
 * Legacy database rows and JSON, by a record layout {@code <layout>.record.yaml} of the adapter folder (or
 * its mappings/):
 * <ul>
 * <li>{@code ndxp-record:record-to-json/<adapter>/<layout>[?single=true]}: legacy rows (a row, or a list of
 * rows: an array, or with single=true one object and 404 backend.not-found for none, or with batch=true a batch
 * of records, one per row, a row that cannot be mapped dead-lettered alone) to JSON, each row by its layout
 * ({@code layoutColumn} and {@code layouts}: by the value of a column);</li>
 * <li>{@code ndxp-record:json-to-record/<adapter>/<layout>[?source=headers][&strict=false]}: JSON to typed
 * values for sql: parameters (:#field or :#column, plus :#transactionId and :#requestHash).</li>
 * </ul>
 */
@Component("ndxp-record")
public class NdxpRecordComponent extends NdxpStepComponent {

    static final List<String> VERBS = List.of(NdxpRecordEndpoint.RECORD_TO_JSON, NdxpRecordEndpoint.JSON_TO_RECORD);
    private static final Set<String> OPTIONS = Set.of("single", "batch", "layoutColumn", "layouts", "strict", "source");

    private final AdapterMappings mappings;
    private final ObjectMapper json;
    private final RecordBatch batches;

    public NdxpRecordComponent(AdapterRegistry registry, AdapterMappings mappings, ObjectMapper json, RecordBatch batches) {
        super(registry);
        this.mappings = mappings;
        this.json = json;
        this.batches = batches;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String[] parts = parts(remaining, "ndxp-record:record-to-json|json-to-record/<adapter>/<record layout>", 3);
        String verb = verb(parts[0], VERBS);
        refuseMisplaced(parameters, OPTIONS,
                verb.equals(NdxpRecordEndpoint.RECORD_TO_JSON) ? Set.of("single", "batch", "layoutColumn", "layouts") : Set.of("strict", "source"), verb);
        AdapterDescriptor adapter = adapter(parts[1]);
        NdxpRecordEndpoint endpoint = new NdxpRecordEndpoint(uri, this, verb, adapter, parts[2], mappings.layout(adapter, parts[2]));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    ObjectMapper json() {
        return json;
    }

    RecordBatch batches() {
        return batches;
    }

    RecordLayout layout(AdapterDescriptor adapter, String name) {
        return mappings.layout(adapter, name);
    }
}
