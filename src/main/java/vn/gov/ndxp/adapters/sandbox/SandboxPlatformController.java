package vn.gov.ndxp.adapters.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * The platform stand-in: OAuth2 client-credentials token endpoint, JWKS, routing of service calls
 * (/r1/{service id}/...) to the services registered in ndxp.sandbox.routes, and a log of what it
 * received, per sending adapter, for demos and tests.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/ndxp")
public class SandboxPlatformController {

    private static final int KEEP = 10_000;
    private static final Pattern SUBSYSTEM = Pattern.compile("VN:[A-Z]+:[0-9A-Z.]+:[a-z0-9-]+");

    /** One call the platform received (purpose: the X-NDXP-Purpose it carried, or null). */
    public record Received(String transactionId, String adapter, String client, String service, String method,
                           String path, int status, Instant receivedAt, JsonNode body, String purpose) {
    }

    private final SandboxPlatform platform;
    private final SandboxProperties props;
    private final NdxpProperties ndxp;
    private final Environment env;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Deque<Received> received = new ConcurrentLinkedDeque<>();
    private final AtomicInteger receivedCount = new AtomicInteger();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    /** The platform's token to a provider on behalf of a client, per client and provider. */
    private final Map<String, Forward> forwardTokens = new ConcurrentHashMap<>();

    private record Forward(String token, Instant renewAt) {
    }

    public SandboxPlatformController(SandboxPlatform platform, SandboxProperties props, NdxpProperties ndxp,
                                     Environment env, ObjectMapper json) {
        this.platform = platform;
        this.props = props;
        this.ndxp = ndxp;
        this.env = env;
        this.json = json;
    }

    @PostMapping(value = "/token", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> token(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                     @RequestParam(value = "grant_type", required = false) String grantType,
                                                     @RequestParam(value = "resource", required = false) List<String> resource) {
        if (!"client_credentials".equals(grantType)) {
            return ResponseEntity.badRequest().body(Map.of("error", "unsupported_grant_type"));
        }
        // RFC 8707: the provider subsystem the token is for becomes its audience; one per token
        String audience = resource == null || resource.isEmpty() ? null : resource.get(0);
        if (resource != null && (resource.size() > 1 || !SUBSYSTEM.matcher(audience).matches())) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_target",
                    "error_description", "resource must be one provider subsystem id VN:<class>:<unit code>:<subsystem>"));
        }
        String subsystem = null;
        String key = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] kv = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8).split(":", 2);
            key = kv[0];
            subsystem = kv.length == 2 ? platform.subsystemFor(kv[0], kv[1]) : null;
        }
        if (subsystem == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Basic realm=\"ndxp\"")
                    .body(Map.of("error", "invalid_client"));
        }
        if (platform.refuses(SandboxPlatform.adapterOf(subsystem), false)) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "temporarily_unavailable"));
        }
        Duration ttl = platform.tokenTtl(key);
        return ResponseEntity.ok(Map.of("access_token", platform.issue(subsystem, key, ttl, audience), "token_type", "Bearer",
                "expires_in", ttl.toSeconds()));
    }

    @GetMapping(value = "/jwks", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> jwks() {
        return platform.jwks();
    }

    @GetMapping(value = "/received", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Received> received(@RequestParam(value = "adapter", required = false) String adapter) {
        return received.stream().filter(r -> adapter == null || adapter.equals(r.adapter())).toList();
    }

    @DeleteMapping("/received")
    public ResponseEntity<Void> clearReceived() {
        received.clear();
        receivedCount.set(0);
        return ResponseEntity.noContent().build();
    }

    /** A service call through the platform: authenticate, route, record. */
    @RequestMapping("/r1/**")
    public ResponseEntity<byte[]> route(HttpServletRequest request, @RequestBody(required = false) byte[] body) throws IOException {
        NdxpProperties.Headers h = ndxp.getHeaders();
        String txId = request.getHeader(h.getTransactionId());
        String client = request.getHeader(h.getClient());
        String purpose = request.getHeader(h.getPurpose());
        String rest = request.getRequestURI().substring(request.getRequestURI().indexOf("/r1/") + 4);
        if (platform.refuses(SandboxPlatform.adapterOf(client), true)) {
            return problem(503, "platform.unavailable", "The platform is unavailable (sandbox switch)", txId);
        }
        String authorization = request.getHeader("Authorization");
        // the provider the call goes to (a service id is <subsystem id>/<code>): the token must be issued for it
        String provider = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        String subject = authorization != null && authorization.startsWith("Bearer ")
                ? platform.verify(authorization.substring(7), provider) : null;
        if (subject == null) {
            return problem(401, "client.unauthorized", "A valid platform token issued for " + provider + " is required", txId);
        }
        if (!subject.equals(client)) {
            return problem(403, "client.forbidden", "The token was issued to " + subject, txId);
        }
        SandboxProperties.Route route = props.getRoutes().stream()
                .filter(r -> rest.equals(r.getService()) || rest.startsWith(r.getService() + "/")).findFirst().orElse(null);
        String registered = platform.registered(rest);
        if (route == null && registered != null) {
            return receive(txId, client, purpose, registered, request.getMethod(), rest.substring(registered.length()), body);
        }
        if (route == null) {
            return problem(404, "platform.unknown-service", "No service is registered at " + rest, txId);
        }
        String path = rest.substring(route.getService().length());
        if ("sink".equals(route.getUrl())) {
            return receive(txId, client, purpose, route.getService(), request.getMethod(), path, body);
        }
        String target = env.resolveRequiredPlaceholders(route.getUrl()) + path
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                .header(h.getClient(), client)
                .header(h.getService(), route.getService())
                .header("Authorization", "Bearer " + forwardToken(client, provider));
        if (txId != null) {
            forward.header(h.getTransactionId(), txId);
        }
        if (purpose != null) {
            forward.header(h.getPurpose(), purpose);
        }
        if (body != null && body.length > 0) {
            forward.header("Content-Type", "application/json");
        }
        forward.method(request.getMethod(), body == null || body.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> res;
        try {
            res = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return problem(503, "backend.unavailable", "The service provider cannot be reached", txId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return problem(503, "backend.unavailable", "Interrupted", txId);
        }
        record(txId, client, purpose, route.getService(), request.getMethod(), path, res.statusCode(), body);
        ResponseEntity.BodyBuilder out = ResponseEntity.status(res.statusCode());
        res.headers().firstValue("Content-Type").ifPresent(t -> out.header("Content-Type", t));
        res.headers().firstValue(h.getError()).ifPresent(e -> out.header(h.getError(), e));
        if (txId != null) {
            out.header(h.getTransactionId(), txId);
        }
        return out.body(res.body());
    }

    /**
     * The token the platform forwards a call with: signed once per client and provider and used until half
     * its lifetime is gone, as a gateway does (an RSA signature per call would cost the stand-in more CPU than the
     * services it stands in front of).
     */
    private String forwardToken(String client, String provider) {
        String key = client + " " + provider;
        Instant now = Instant.now();
        Forward f = forwardTokens.get(key);
        if (f == null || now.isAfter(f.renewAt())) {
            Duration ttl = platform.tokenTtl();
            f = new Forward(platform.sign(client, "platform", ttl, provider), now.plus(ttl.dividedBy(2)));
            forwardTokens.put(key, f);
        }
        return f.token();
    }

    /**
     * Records pushed to the platform itself. The transaction id is the idempotency key: a duplicate
     * is acknowledged (so the sender stops retrying) and listed with duplicate=true.
     */
    private ResponseEntity<byte[]> receive(String txId, String client, String purpose, String service, String method, String path,
                                           byte[] body)
            throws IOException {
        if (path.endsWith("/batch")) {
            return receiveBatch(txId, client, purpose, service, method, path, body);
        }
        if (txId == null) {
            return problem(400, "client.bad-request", "Pushed records need " + ndxp.getHeaders().getTransactionId(), null);
        }
        boolean duplicate = !accepted.add(txId);
        record(txId, client, purpose, service, method, path, duplicate ? 208 : 202, body);
        return ResponseEntity.status(duplicate ? 208 : 202).contentType(MediaType.APPLICATION_JSON)
                .header(ndxp.getHeaders().getTransactionId(), txId)
                .body(json.writeValueAsBytes(Map.of("transactionId", txId, "duplicate", duplicate)));
    }

    /**
     * A batch of pushed records, {"records": [{"key", "record"}]}: each key is its record's idempotency
     * key. The answer says per record: accepted, duplicate (key seen before) or rejected with the
     * reason. Like the platform, the stand-in checks personal identification numbers: 12 digits whose
     * first three are a province code (001-096).
     */
    private ResponseEntity<byte[]> receiveBatch(String txId, String client, String purpose, String service, String method, String path,
                                                byte[] body)
            throws IOException {
        JsonNode batch;
        try {
            batch = body == null ? null : json.readTree(body);
        } catch (IOException e) {
            batch = null;
        }
        if (batch == null || !batch.path("records").isArray()) {
            return problem(400, "client.bad-request", "A batch is {\"records\": [{\"key\": ..., \"record\": {...}}]}", txId);
        }
        var results = json.createArrayNode();
        for (JsonNode item : batch.get("records")) {
            String key = item.path("key").asText(null);
            JsonNode rec = item.get("record");
            var result = results.addObject().put("key", key);
            String problem = key == null || rec == null || !rec.isObject() ? "each item needs a key and a record object" : checkIds(rec);
            int status;
            if (problem != null) {
                result.put("status", "rejected").put("reason", problem).put("field", "citizenId");
                status = 422;
            } else if (!accepted.add(key)) {
                result.put("status", "duplicate");
                status = 208;
            } else {
                result.put("status", "accepted");
                status = 202;
            }
            record(key, client, purpose, service, method, path.substring(0, path.length() - "/batch".length()), status, rec);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header(ndxp.getHeaders().getTransactionId(), txId)
                .body(json.writeValueAsBytes(Map.of("results", results)));
    }

    private static String checkIds(JsonNode rec) {
        JsonNode id = rec.get("citizenId");
        if (id == null || !id.isTextual()) {
            return null;
        }
        String v = id.asText();
        if (!v.matches("[0-9]{12}") || Integer.parseInt(v.substring(0, 3)) < 1 || Integer.parseInt(v.substring(0, 3)) > 96) {
            return "citizenId " + v.substring(0, Math.min(3, v.length())) + "... is not a personal identification number"
                    + " (12 digits starting with a province code 001-096)";
        }
        return null;
    }

    private void record(String txId, String client, String purpose, String service, String method, String path, int status,
                        byte[] body) {
        JsonNode parsed = null;
        if (body != null && body.length > 0) {
            try {
                parsed = json.readTree(body);
            } catch (IOException e) {
                parsed = json.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
            }
        }
        record(txId, client, purpose, service, method, path, status, parsed);
    }

    private void record(String txId, String client, String purpose, String service, String method, String path, int status,
                        JsonNode parsed) {
        received.addLast(new Received(txId, SandboxPlatform.adapterOf(client), client, service, method, path, status, Instant.now(),
                parsed, purpose));
        // ConcurrentLinkedDeque.size() walks the whole deque: keep the count beside it
        if (receivedCount.incrementAndGet() > KEEP && received.pollFirst() != null) {
            receivedCount.decrementAndGet();
        }
    }

    private ResponseEntity<byte[]> problem(int status, String category, String detail, String txId) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "urn:ndxp:error:" + category);
        p.put("title", HttpStatus.valueOf(status).getReasonPhrase());
        p.put("status", status);
        p.put("detail", detail);
        p.put("category", category);
        p.put("transactionId", txId);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(ndxp.getHeaders().getError(), category);
        if (txId != null) {
            answer.header(ndxp.getHeaders().getTransactionId(), txId);
        }
        return answer.body(json.writeValueAsBytes(p));
    }
}
