package vn.gov.ndxp.adapters.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterExamples;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;

/**
 * OpenAPI 3 of an adapter's REST services, from adapter.yaml (paths, methods, contact, licence) and the
 * request/response mappings (their JSON Schema comes from the legacy XSD through the same mapper the
 * routes use). Examples come from the adapter folder's examples/&lt;service code&gt;.json (sandbox
 * demo data, replayed against the sandbox by CatalogAndConsoleIT).
 */
@Component
public class OpenApiGenerator {

    /** Contact and licence of an adapter whose adapter.yaml declares none (docs/adding-an-adapter.md). */
    static final String DEFAULT_LICENSE = "Restricted: NDXP members under the providing unit's data-sharing agreement";
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private static final String EXAMPLE_TX = "8414d088-9959-4be0-bf91-778bb0783f59";

    /** An error answer the runtime gives (docs/ndxp-contract.md, "Categories the runtime produces"). */
    private record Failure(int status, String category, String title, String when) {
    }

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
        AdapterDescriptor.Contract c = a.contract();
        ObjectNode contact = info.putObject("contact");
        if (c != null && c.contactName() != null) {
            contact.put("name", c.contactName());
            putIfSet(contact, "email", c.contactEmail());
            putIfSet(contact, "url", c.contactUrl());
        } else {
            contact.put("name", "Unit " + a.unit() + " (" + a.subsystem() + ")");
        }
        ObjectNode license = info.putObject("license");
        license.put("name", c != null && c.licenseName() != null ? c.licenseName() : DEFAULT_LICENSE);
        putIfSet(license, "url", c == null ? null : c.licenseUrl());
        doc.putArray("servers").addObject().put("url", "/").put("description", "this runtime");
        doc.putArray("security").addObject().putArray("ndxpToken");
        doc.putArray("tags").addObject().put("name", a.id()).put("description", a.name() + ": " + a.description());
        ObjectNode paths = doc.putObject("paths");
        for (AdapterDescriptor.Service s : a.services()) {
            if (s.isSoap()) {
                continue;
            }
            Map<String, JsonNode> examples = examples(a, s);
            ObjectNode item = paths.has(s.path()) ? (ObjectNode) paths.get(s.path()) : paths.putObject(s.path());
            ObjectNode op = item.putObject(s.method().toLowerCase());
            op.put("operationId", s.code());
            op.put("summary", s.title());
            op.put("description", "NDXP service " + a.serviceId(s) + ". Allowed clients: " + s.allowedClients());
            op.putArray("tags").add(a.id());
            ArrayNode params = op.putArray("parameters");
            JsonNode requestSchema = s.request() == null ? null : ndxp.schema(a, s.request());
            Matcher m = PARAM.matcher(s.path());
            boolean lookup = false;
            while (m.find()) {
                lookup = true;
                ObjectNode p = params.addObject();
                p.put("name", m.group(1));
                p.put("in", "path");
                p.put("required", true);
                JsonNode schema = requestSchema == null ? null : requestSchema.path("properties").get(m.group(1));
                p.set("schema", schema != null ? schema : json.createObjectNode().put("type", "string"));
                examples.forEach((name, e) -> {
                    if (e.path("parameters").has(p.get("name").asText())) {
                        p.withObjectProperty("examples").putObject(name).put("summary", summary(e, name))
                                .set("value", e.path("parameters").get(p.get("name").asText()));
                    }
                });
            }
            header(params, props.getHeaders().getClient(), true, "Calling subsystem id, VN:<class>:<unit code>:<subsystem>",
                    "^VN:[A-Z]+:[0-9A-Z.]+:[a-z0-9-]+$");
            header(params, props.getHeaders().getTransactionId(), false, "UUID; generated when absent, echoed on the response", null);
            header(params, props.getHeaders().getUserId(), false, "Officer id (masked in logs)", null);
            if (!a.purposes().isEmpty()) {
                List<String> bound = s.policies().stream().filter(AdapterDescriptor.Policy::purposeRequired)
                        .flatMap(pol -> pol.clients().stream()).toList();
                ObjectNode purpose = header(params, props.getHeaders().getPurpose(), false, "Purpose of use, a code of the adapter's"
                        + " purposes list; recorded with the transaction" + (bound.isEmpty() ? "" : ". Required from " + bound), null);
                ObjectNode schema = ((ObjectNode) purpose.get("schema")).put("maxLength", props.getInbound().getMaxPurposeLength());
                a.purposes().keySet().forEach(schema.putArray("enum")::add);
            }
            boolean body = !"GET".equals(s.method()) && requestSchema != null;
            if (body) {
                ObjectNode media = op.putObject("requestBody").put("required", true).putObject("content").putObject("application/json");
                media.set("schema", requestSchema);
                examples.forEach((name, e) -> {
                    if (e.has("request")) {
                        media.withObjectProperty("examples").putObject(name).put("summary", summary(e, name)).set("value", e.get("request"));
                    }
                });
            }
            ObjectNode responses = op.putObject("responses");
            ObjectNode ok = responses.putObject("200");
            StringBuilder views = new StringBuilder();
            for (AdapterDescriptor.Policy p : s.policies()) {
                if (p.fields() != null) {
                    views.append(" Clients ").append(p.clients()).append(" receive only the fields ").append(p.fields())
                            .append(" (data minimisation: the others never leave the adapter).");
                }
            }
            ok.put("description", "OK." + views);
            ObjectNode okHeaders = ok.putObject("headers");
            okHeaders.putObject(props.getHeaders().getTransactionId()).put("$ref", "#/components/headers/TransactionId");
            List<String> limited = quotaClients(s);
            if (!limited.isEmpty()) {
                okHeaders.putObject("RateLimit-Policy").put("$ref", "#/components/headers/RateLimitPolicy");
                okHeaders.putObject("RateLimit").put("$ref", "#/components/headers/RateLimit");
            }
            if (s.response() != null) {
                ObjectNode media = ok.putObject("content").putObject("application/json");
                media.set("schema", ndxp.schema(a, s.response()));
                examples.forEach((name, e) -> {
                    if (e.path("status").asInt(200) == 200 && e.has("response")) {
                        media.withObjectProperty("examples").putObject(name).put("summary", summary(e, name)).set("value", e.get("response"));
                    }
                });
            }
            Map<Integer, List<Failure>> byStatus = new TreeMap<>();
            for (Failure f : failures(a, s, lookup, body)) {
                byStatus.computeIfAbsent(f.status(), k -> new ArrayList<>()).add(f);
            }
            byStatus.forEach((status, list) -> responses.set(String.valueOf(status), errorResponse(status, list, examples, !limited.isEmpty())));
        }
        ObjectNode components = doc.putObject("components");
        components.putObject("securitySchemes").putObject("ndxpToken")
                .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                .put("description", "Access token issued by the NDXP platform (client credentials), for this provider's subsystem");
        components.putObject("schemas").set("Problem", problemSchema());
        ObjectNode headers = components.putObject("headers");
        headers.putObject("TransactionId").put("description", "The exchange's transaction id (UUID), also in the problem body")
                .put("required", true).putObject("schema").put("type", "string").put("format", "uuid");
        headers.putObject("RetryAfter").put("description", "Seconds after which the call may succeed")
                .putObject("schema").put("type", "integer").put("minimum", 0);
        if (a.services().stream().anyMatch(x -> !quotaClients(x).isEmpty())) {
            // declared only where an answer refers to them: an unused component is a contract lint error
            headers.putObject("RateLimitPolicy").put("description", "The caller's quota (IETF RateLimit-Policy): per window, its calls"
                    + " (q) and length in seconds (w), e.g. \"minute\";q=5;w=60; sent to clients with a quota only")
                    .putObject("schema").put("type", "string").put("example", "\"minute\";q=5;w=60");
            headers.putObject("RateLimit").put("description", "What is left of the caller's quota (IETF RateLimit): per window, the calls"
                    + " left (r) and the seconds until the window ends (t); sent to clients with a quota only")
                    .putObject("schema").put("type", "string").put("example", "\"minute\";r=4;t=36");
        }
        headers.putObject("WwwAuthenticate").put("description", "RFC 6750 challenge")
                .put("required", true).putObject("schema").put("type", "string").put("example", "Bearer realm=\"ndxp\"");
        return doc;
    }

    /**
     * The error answers an operation can give: the inbound checks of every REST route, the body checks
     * of methods with one, the lookup's not-found, and what the adapter kind's backend adds.
     */
    private static List<Failure> failures(AdapterDescriptor a, AdapterDescriptor.Service s, boolean lookup, boolean body) {
        List<Failure> f = new ArrayList<>();
        f.add(new Failure(400, NdxpException.CLIENT_BAD_REQUEST, "Bad request",
                "a header, path parameter or body that does not fit the contract (the field is named)"));
        for (AdapterDescriptor.Backend b : a.backends().values()) {
            if (b.faultStatus().stream().anyMatch(r -> r.status() == 400)) {
                f.add(new Failure(400, NdxpException.BACKEND_FAULT, "Backend fault", "the legacy service refused the request as invalid"));
                break;
            }
        }
        if (!a.purposes().isEmpty()) {
            f.add(new Failure(400, NdxpException.CLIENT_PURPOSE_UNKNOWN, "Purpose unknown", "the purpose given is not in the adapter's purposes list"));
        }
        if (s.policies().stream().anyMatch(AdapterDescriptor.Policy::purposeRequired)) {
            f.add(new Failure(400, NdxpException.CLIENT_PURPOSE_REQUIRED, "Purpose required", "this client must give its purpose of use"));
        }
        if (!quotaClients(s).isEmpty()) {
            f.add(new Failure(429, NdxpException.CLIENT_QUOTA_EXCEEDED, "Quota exceeded", "the client has used its quota of calls for"
                    + " the current window (clients with a quota: " + quotaClients(s) + ")"));
            if (!s.quotaFailOpen()) {
                f.add(new Failure(503, NdxpException.ADAPTER_UNAVAILABLE, "Quota state unavailable",
                        "the quota state cannot be read and the service refuses calls under a quota meanwhile"));
            }
        }
        f.add(new Failure(401, NdxpException.CLIENT_UNAUTHORIZED, "Unauthorized",
                "bearer token missing, not a JWT, badly signed, expired, or issued for another provider"));
        f.add(new Failure(403, NdxpException.CLIENT_FORBIDDEN, "Forbidden", "the token's subject is not the calling client, or the client is not allowed"));
        if (lookup) {
            f.add(new Failure(404, NdxpException.BACKEND_NOT_FOUND, "Not found", "no record with this key in the legacy system"));
        }
        if (body && "database".equals(a.kind())) {
            f.add(new Failure(409, NdxpException.CLIENT_CONFLICT, "Conflict", "the transaction id was already used for a different record"));
        }
        if (body) {
            f.add(new Failure(413, NdxpException.CLIENT_PAYLOAD_TOO_LARGE, "Payload too large", "body over the size limit"));
            f.add(new Failure(415, NdxpException.CLIENT_UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", "body not application/json"));
        }
        f.add(new Failure(500, NdxpException.ADAPTER_INTERNAL, "Internal error", "a failure of the adapter itself"));
        f.add(new Failure(502, NdxpException.BACKEND_FAULT, "Backend fault", "the legacy system answered with a fault"));
        f.add(new Failure(502, NdxpException.ADAPTER_MAPPING, "Mapping failed", "the legacy answer does not fit the response mapping"));
        if (!a.backends().isEmpty()) {
            f.add(new Failure(502, NdxpException.BACKEND_INVALID_RESPONSE, "Invalid backend answer",
                    "the legacy system answered something that is not a readable SOAP message"));
        }
        f.add(new Failure(503, NdxpException.BACKEND_UNAVAILABLE, "Backend unavailable", "the legacy system cannot be reached, or its circuit breaker is open"));
        f.add(new Failure(503, NdxpException.ADAPTER_STOPPED, "Service stopped", "the service's route is stopped or its adapter disabled"));
        f.add(new Failure(503, NdxpException.ADAPTER_MAINTENANCE, "Maintenance", "an operator put the adapter in maintenance mode"));
        f.add(new Failure(504, NdxpException.BACKEND_TIMEOUT, "Backend timeout", "no answer from the legacy system within its read timeout"));
        return f;
    }

    /** The clients of the service whose policy sets a quota. */
    private static List<String> quotaClients(AdapterDescriptor.Service s) {
        return s.policies().stream().filter(p -> p.quota() != null).flatMap(p -> p.clients().stream()).toList();
    }

    private ObjectNode errorResponse(int status, List<Failure> list, Map<String, JsonNode> examples, boolean quota) {
        ObjectNode r = json.createObjectNode();
        StringBuilder d = new StringBuilder();
        for (Failure f : list) {
            d.append(d.isEmpty() ? "" : "; ").append(f.category()).append(": ").append(f.when());
        }
        r.put("description", d.toString());
        ObjectNode headers = r.putObject("headers");
        headers.putObject(props.getHeaders().getTransactionId()).put("$ref", "#/components/headers/TransactionId");
        ObjectNode error = headers.putObject(props.getHeaders().getError());
        error.put("description", "The error category, as in the body's category");
        error.put("required", true);
        ArrayNode categories = error.putObject("schema").put("type", "string").putArray("enum");
        list.forEach(f -> categories.add(f.category()));
        if (status == 503 || status == 429) {
            headers.putObject("Retry-After").put("$ref", "#/components/headers/RetryAfter");
        }
        if (quota) {
            headers.putObject("RateLimit-Policy").put("$ref", "#/components/headers/RateLimitPolicy");
            headers.putObject("RateLimit").put("$ref", "#/components/headers/RateLimit");
        }
        if (status == 401) {
            headers.putObject("WWW-Authenticate").put("$ref", "#/components/headers/WwwAuthenticate");
        }
        ObjectNode media = r.putObject("content").putObject("application/problem+json");
        media.putObject("schema").put("$ref", "#/components/schemas/Problem");
        ObjectNode ex = media.putObject("examples");
        examples.forEach((name, e) -> {
            if (e.path("status").asInt(200) == status && e.has("response")) {
                ex.putObject(name).put("summary", summary(e, name)).set("value", e.get("response"));
            }
        });
        if (ex.isEmpty()) {
            for (Failure f : list) {
                ObjectNode p = ex.putObject(f.category()).put("summary", f.when()).putObject("value");
                p.put("type", "urn:ndxp:error:" + f.category());
                p.put("title", f.title());
                p.put("status", status);
                p.put("detail", Character.toUpperCase(f.when().charAt(0)) + f.when().substring(1));
                p.put("category", f.category());
                p.put("transactionId", EXAMPLE_TX);
            }
        }
        return r;
    }

    private ObjectNode problemSchema() {
        ObjectNode problem = json.createObjectNode();
        problem.put("type", "object");
        problem.put("description", "RFC 9457 problem details with the NDXP category and transaction id (docs/ndxp-contract.md)");
        ArrayNode required = problem.putArray("required");
        for (String f : new String[] {"type", "title", "status", "detail", "category", "transactionId"}) {
            required.add(f);
        }
        ObjectNode pp = problem.putObject("properties");
        pp.putObject("type").put("type", "string").put("pattern", "^urn:ndxp:error:[a-z]+\\.[a-z-]+$")
                .put("description", "urn:ndxp:error:<category>");
        pp.putObject("title").put("type", "string");
        pp.putObject("status").put("type", "integer").put("minimum", 400).put("maximum", 599);
        pp.putObject("detail").put("type", "string").put("description", "What went wrong, for a human");
        pp.putObject("field").put("type", "string").put("description", "The JSON field (path) or header at fault, when known");
        pp.putObject("category").put("type", "string").put("pattern", "^[a-z]+\\.[a-z-]+$")
                .put("description", "The same category as the X-NDXP-Error header");
        pp.putObject("transactionId").put("type", "string").put("format", "uuid");
        return problem;
    }

    /** The service's examples (adapter.AdapterExamples: checked when the adapter is read). */
    Map<String, JsonNode> examples(AdapterDescriptor a, AdapterDescriptor.Service s) {
        return AdapterExamples.read(a.folder(), s.code());
    }

    private static String summary(JsonNode example, String name) {
        return example.path("summary").asText(name);
    }

    private static void putIfSet(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }

    private static ObjectNode header(ArrayNode params, String name, boolean required, String description, String pattern) {
        ObjectNode p = params.addObject();
        p.put("name", name);
        p.put("in", "header");
        p.put("required", required);
        p.put("description", description);
        ObjectNode schema = p.putObject("schema").put("type", "string");
        if (pattern != null) {
            schema.put("pattern", pattern);
        }
        return p;
    }
}
