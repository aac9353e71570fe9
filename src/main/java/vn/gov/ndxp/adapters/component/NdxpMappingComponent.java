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
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;

/**
 * Schema-driven conversion between the platform's JSON and a legacy system's XML, by a mapping file
 * {@code <mapping>.mapping.yaml} of the adapter folder (or its mappings/):
 * <ul>
 * <li>{@code ndxp-mapping:json-to-xml/<adapter>/<mapping>[?source=headers][&strict=false]}: the JSON body
 * (or the path/query parameters) to the legacy XML element, validated against its schema;</li>
 * <li>{@code ndxp-mapping:xml-to-json/<adapter>/<mapping>[?source=client]}: legacy XML to JSON, types from
 * the schema; with source=client the XML is the caller's, so a mismatch is its fault (400).</li>
 * </ul>
 */
@Component("ndxp-mapping")
public class NdxpMappingComponent extends NdxpStepComponent {

    static final List<String> VERBS = List.of(NdxpMappingEndpoint.JSON_TO_XML, NdxpMappingEndpoint.XML_TO_JSON);
    private static final Set<String> OPTIONS = Set.of("source", "strict");

    private final AdapterMappings mappings;
    private final XmlJsonMapper mapper;
    private final ObjectMapper json;

    public NdxpMappingComponent(AdapterRegistry registry, AdapterMappings mappings, XmlJsonMapper mapper, ObjectMapper json) {
        super(registry);
        this.mappings = mappings;
        this.mapper = mapper;
        this.json = json;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String[] parts = parts(remaining, "ndxp-mapping:json-to-xml|xml-to-json/<adapter>/<mapping>", 3);
        String verb = verb(parts[0], VERBS);
        refuseMisplaced(parameters, OPTIONS, verb.equals(NdxpMappingEndpoint.JSON_TO_XML) ? OPTIONS : Set.of("source"), verb);
        AdapterDescriptor adapter = adapter(parts[1]);
        NdxpMappingEndpoint endpoint = new NdxpMappingEndpoint(uri, this, verb, adapter, parts[2], mappings.mapping(adapter, parts[2]));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    XmlJsonMapper mapper() {
        return mapper;
    }

    ObjectMapper json() {
        return json;
    }
}
