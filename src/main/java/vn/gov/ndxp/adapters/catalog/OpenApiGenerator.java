package vn.gov.ndxp.adapters.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;

/**
 * OpenAPI 3 of an adapter's REST services, from adapter.yaml (paths, methods) and the request/response
 * mappings (their JSON Schema comes from the legacy XSD through the same mapper the routes use).
 */
@Component
public class OpenApiGenerator {

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private static final Map<String, String> ERRORS = Map.of(
            "400", "Bad request (client.bad-request): malformed JSON, wrong type, missing field, invalid parameter",
            "401", "Missing, expired or forged token (client.unauthorized)",
            "403", "Client not allowed for this service (client.forbidden)",
            "404", "Not found in the backend (backend.fault)",
            "413", "Body over the size limit (client.payload-too-large)",
            "502", "Backend fault or unmappable answer (backend.fault, adapter.mapping)",
            "503", "Backend unavailable or circuit open (backend.unavailable), with Retry-After",
            "504", "Backend timeout (backend.timeout)");

    private final AdapterMappings ndxp;
    private final XmlJsonMapper mapper;
    private final NdxpProperties props;
    private final ObjectMapper json;

    public OpenApiGenerator(AdapterMappings ndxp, XmlJsonMapper mapper, NdxpProperties props, ObjectMapper json) {
        this.ndxp = ndxp;
        this.mapper = mapper;
        this.props = props;
        this.json = json;
    }

    public ObjectNode generate(AdapterDescriptor a) {
        ObjectNode doc = json.createObjectNode();
        doc.put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info");
        info.put("title", a.name());
        info.put("version", "1");
        info.put("description", a.description() + " Provider subsystem " + a.subsystem() + ", unit " + a.unit() + ".");
        doc.putArray("servers").addObject().put("url", "/");
        doc.putArray("security").addObject().putArray("ndxpToken");
        ObjectNode paths = doc.putObject("paths");
        for (AdapterDescriptor.Service s : a.services()) {
            if (s.isSoap()) {
                continue;
            }
            ObjectNode item = paths.has(s.path()) ? (ObjectNode) paths.get(s.path()) : paths.putObject(s.path());
            ObjectNode op = item.putObject(s.method().toLowerCase());
            op.put("operationId", s.code());
            op.put("summary", s.title());
            op.put("description", "NDXP service " + a.serviceId(s) + ". Allowed clients: " + s.allowedClients());
            ArrayNode params = op.putArray("parameters");
            JsonNode requestSchema = s.request() == null ? null : ndxp.schema(a, s.request());
            Matcher m = PARAM.matcher(s.path());
            while (m.find()) {
                ObjectNode p = params.addObject();
                p.put("name", m.group(1));
                p.put("in", "path");
                p.put("required", true);
                JsonNode schema = requestSchema == null ? null : requestSchema.path("properties").get(m.group(1));
                p.set("schema", schema != null ? schema : json.createObjectNode().put("type", "string"));
            }
            header(params, props.getHeaders().getClient(), true, "Calling subsystem id, VN:<class>:<unit code>:<subsystem>");
            header(params, props.getHeaders().getTransactionId(), false, "UUID; generated when absent, echoed on the response");
            header(params, props.getHeaders().getUserId(), false, "Officer id (masked in logs)");
            if (!"GET".equals(s.method()) && requestSchema != null) {
                op.putObject("requestBody").put("required", true).putObject("content")
                        .putObject("application/json").set("schema", requestSchema);
            }
            ObjectNode responses = op.putObject("responses");
            ObjectNode ok = responses.putObject("200");
            ok.put("description", "OK");
            if (s.response() != null) {
                ok.putObject("content").putObject("application/json").set("schema", ndxp.schema(a, s.response()));
            }
            ERRORS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                ObjectNode r = responses.putObject(e.getKey());
                r.put("description", e.getValue());
                r.putObject("content").putObject("application/problem+json").putObject("schema").put("$ref", "#/components/schemas/Problem");
            });
        }
        ObjectNode components = doc.putObject("components");
        components.putObject("securitySchemes").putObject("ndxpToken")
                .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                .put("description", "Access token issued by the NDXP platform (client credentials)");
        ObjectNode problem = components.putObject("schemas").putObject("Problem");
        problem.put("type", "object");
        ObjectNode pp = problem.putObject("properties");
        for (String f : new String[] {"type", "title", "detail", "field", "category", "transactionId"}) {
            pp.putObject(f).put("type", "string");
        }
        pp.putObject("status").put("type", "integer");
        return doc;
    }

    private static void header(ArrayNode params, String name, boolean required, String description) {
        ObjectNode p = params.addObject();
        p.put("name", name);
        p.put("in", "header");
        p.put("required", required);
        p.put("description", description);
        p.putObject("schema").put("type", "string");
    }
}
