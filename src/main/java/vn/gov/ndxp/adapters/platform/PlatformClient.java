package vn.gov.ndxp.adapters.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.gov.ndxp.adapters.backend.BackendResilience;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * Calls NDXP services as an adapter's subsystem: client-credentials token from the platform's token
 * endpoint, cached and renewed before it expires and once more on a 401; NDXP headers on every call;
 * timeouts on every call; failures typed as platform.* (or the category the platform reports).
 */
public class PlatformClient {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformClient.class);

    /** Who calls, in which transaction. */
    /** purpose: the purpose of use sent as X-NDXP-Purpose (a code the called service knows), or null. */
    public record Caller(String key, String secret, String subsystem, String transactionId, String userId, String purpose) {

        public Caller(String key, String secret, String subsystem, String transactionId, String userId) {
            this(key, secret, subsystem, transactionId, userId, null);
        }
    }

    public record Response(int status, JsonNode body) {
    }

    private record Token(String value, Instant renewAt) {
    }

    private final NdxpProperties props;
    private final PlatformEndpoints endpoints;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final CircuitBreaker breaker;

    public PlatformClient(NdxpProperties props, PlatformEndpoints endpoints, ObjectMapper json) {
        this.props = props;
        this.endpoints = endpoints;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(props.getPlatform().getConnectTimeout()).build();
        NdxpProperties.Platform p = props.getPlatform();
        // outcomes are reported by call() itself (onSuccess/onError), not classified by the breaker
        this.breaker = BackendResilience.breaker("platform", p.getFailureRateThreshold(),
                p.getMinimumCalls(), p.getWaitInOpen(), e -> true);
    }

    /**
     * A call through the platform's circuit breaker: when the platform itself cannot be reached
     * (platform.unavailable or platform.timeout) for half of the recent calls, calls fail at once for
     * ndxp.platform.wait-in-open instead of each waiting for its timeout; then one call tries again.
     * A service behind the platform failing (backend.*) or a refusal (4xx) is the platform answering.
     */
    public Response call(Caller caller, String method, String serviceId, String path, JsonNode body) {
        if (!breaker.tryAcquirePermission()) {
            throw new NdxpException(NdxpException.PLATFORM_UNAVAILABLE, 503, "Platform unavailable",
                    "The platform is failing; calls to it are suspended by the circuit breaker", null,
                    (int) Math.max(1, props.getPlatform().getWaitInOpen().toSeconds()), null);
        }
        long start = System.nanoTime();
        try {
            Response r = callOnce(caller, method, serviceId, path, body);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return r;
        } catch (NdxpException e) {
            if (e.category().equals(NdxpException.PLATFORM_UNAVAILABLE) || e.category().equals(NdxpException.PLATFORM_TIMEOUT)) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            } else {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            throw e;
        } catch (RuntimeException e) {
            breaker.releasePermission();
            throw e;
        }
    }

    /** The platform's circuit breaker (for health and operators). */
    public CircuitBreaker breaker() {
        return breaker;
    }

    private Response callOnce(Caller caller, String method, String serviceId, String path, JsonNode body) {
        String audience = provider(serviceId);
        HttpResponse<byte[]> res = send(caller, method, serviceId, path, body, token(caller, audience, false));
        if (res.statusCode() == 401) {
            LOG.info("[{}] platform answered 401; renewing the token of {} once", caller.transactionId(), caller.key());
            res = send(caller, method, serviceId, path, body, token(caller, audience, true));
        }
        JsonNode answer = parse(res.body());
        if (res.statusCode() >= 400) {
            String category = res.headers().firstValue(props.getHeaders().getError()).orElse(null);
            String detail = answer != null && answer.hasNonNull("detail") ? answer.get("detail").asText()
                    : "The platform answered HTTP " + res.statusCode();
            if (category == null) {
                category = res.statusCode() >= 500 ? NdxpException.PLATFORM_UNAVAILABLE : NdxpException.PLATFORM_REJECTED;
            }
            throw new NdxpException(category, res.statusCode() == 401 ? 502 : res.statusCode(),
                    "Service call failed", detail, null, null, null);
        }
        return new Response(res.statusCode(), answer);
    }

    private HttpResponse<byte[]> send(Caller caller, String method, String serviceId, String path, JsonNode body, String token) {
        NdxpProperties.Headers h = props.getHeaders();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(endpoints.serviceUrl(serviceId, path)))
                .timeout(props.getPlatform().getReadTimeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header(h.getClient(), caller.subsystem())
                .header(h.getService(), serviceId)
                .header(h.getTransactionId(), caller.transactionId());
        if (caller.userId() != null) {
            req.header(h.getUserId(), caller.userId());
        }
        if (caller.purpose() != null) {
            req.header(h.getPurpose(), caller.purpose());
        }
        if (body == null) {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            req.header("Content-Type", "application/json");
            req.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        }
        return exchange(req.build(), "service " + serviceId);
    }

    /** The provider subsystem of a service id (<subsystem id>/<service code>): the audience of its tokens. */
    static String provider(String serviceId) {
        int slash = serviceId.indexOf('/');
        return slash < 0 ? serviceId : serviceId.substring(0, slash);
    }

    /**
     * A token for calling the provider {@code audience} (RFC 8707 resource parameter; the platform binds
     * it to that provider), cached per client key and audience; audience null: a token for no provider.
     */
    private String token(Caller caller, String audience, boolean renew) {
        String cacheKey = caller.key() + " " + audience;
        Token t = tokens.get(cacheKey);
        if (!renew && t != null && Instant.now().isBefore(t.renewAt())) {
            return t.value();
        }
        synchronized (this) {
            t = tokens.get(cacheKey);
            if (!renew && t != null && Instant.now().isBefore(t.renewAt())) {
                return t.value();
            }
            String form = "grant_type=client_credentials"
                    + (audience == null ? "" : "&resource=" + URLEncoder.encode(audience, StandardCharsets.UTF_8));
            String basic = Base64.getEncoder().encodeToString((caller.key() + ":" + caller.secret()).getBytes(StandardCharsets.UTF_8));
            HttpRequest req = HttpRequest.newBuilder(URI.create(endpoints.tokenUrl()))
                    .timeout(props.getPlatform().getReadTimeout())
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build();
            HttpResponse<byte[]> res = exchange(req, "token endpoint");
            JsonNode answer = parse(res.body());
            if (res.statusCode() != 200 || answer == null || !answer.hasNonNull("access_token")) {
                throw new NdxpException(res.statusCode() >= 500 ? NdxpException.PLATFORM_UNAVAILABLE : NdxpException.PLATFORM_REJECTED,
                        res.statusCode() >= 500 ? 503 : 502, "Platform token refused",
                        "The platform's token endpoint answered HTTP " + res.statusCode() + " for client " + caller.key(),
                        null, props.getInbound().getRetryAfterSeconds(), null);
            }
            long expiresIn = answer.path("expires_in").asLong(300);
            Instant renewAt = Instant.now().plusSeconds(expiresIn).minus(props.getPlatform().getTokenRenewBefore());
            t = new Token(answer.get("access_token").asText(), renewAt);
            tokens.put(cacheKey, t);
            return t.value();
        }
    }

    private HttpResponse<byte[]> exchange(HttpRequest req, String what) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw unavailable(what, e);
        } catch (HttpTimeoutException e) {
            throw new NdxpException(NdxpException.PLATFORM_TIMEOUT, 504, "Platform timeout",
                    "The platform's " + what + " did not answer in time", null, null, e);
        } catch (IOException e) {
            throw unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, e);
        }
    }

    private NdxpException unavailable(String what, Exception e) {
        return new NdxpException(NdxpException.PLATFORM_UNAVAILABLE, 503, "Platform unavailable",
                "The platform's " + what + " cannot be reached", null, props.getInbound().getRetryAfterSeconds(), e);
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private byte[] bytes(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a token can be had for these credentials now (health check): any cached one will do. */
    public void checkToken(String key, String secret, String subsystem) {
        Instant now = Instant.now();
        boolean cached = tokens.entrySet().stream()
                .anyMatch(e -> e.getKey().startsWith(key + " ") && now.isBefore(e.getValue().renewAt()));
        if (!cached) {
            token(new Caller(key, secret, subsystem, null, null), null, false);
        }
    }

    /** Forget cached tokens (credential rotation). */
    public void clearTokens() {
        tokens.clear();
    }
}
