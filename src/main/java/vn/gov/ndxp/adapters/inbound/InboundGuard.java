package vn.gov.ndxp.adapters.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import vn.gov.ndxp.adapters.adapter.AdapterControl;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;
import vn.gov.ndxp.adapters.platform.JwtVerifier;
import vn.gov.ndxp.adapters.quota.Quotas;

/**
 * First step of every NDXP REST exchange (wired by the ndxp-rest route configuration): transaction id,
 * the declared shape of headers, path and query (InboundLimits), caller identification (X-NDXP-Client),
 * bearer token, the service's allowed clients, then the body: media type, size, UTF-8 and JSON within
 * the parser's limits. Nothing of the body is looked at before the caller is authenticated (the
 * inbound body filter hands Camel at most the limit). Whatever fails here is the client's fault and says so.
 */
public class InboundGuard implements Processor {

    /** Request headers that must not travel on to the backend. */
    private static final Set<String> HOP_HEADERS = caseInsensitive("Authorization", "Cookie", "Host", "Connection",
            "Content-Length", "Transfer-Encoding", "Accept-Encoding", "Origin", "Referer", "User-Agent", "Forwarded",
            "Accept", "Accept-Language", "Keep-Alive", "Upgrade", "Expect");
    /** And every X-Forwarded-* header. */
    private static final String FORWARDED_PREFIX = "X-Forwarded-";

    private final AdapterRegistry registry;
    private final NdxpProperties props;
    private final JwtVerifier jwt;
    private final ObjectReader json;
    private final AdapterControl control;
    private final InboundLimits limits;
    private final Quotas quotas;

    public InboundGuard(AdapterRegistry registry, NdxpProperties props, JwtVerifier jwt, ObjectMapper json, AdapterControl control,
                        Quotas quotas) {
        this.registry = registry;
        this.quotas = quotas;
        this.control = control;
        this.props = props;
        this.jwt = jwt;
        this.limits = new InboundLimits(props);
        this.json = strictReader(json, props.getInbound());
    }

    /** The application's mapper with the declared parser limits, refusing anything after the document. */
    static ObjectReader strictReader(ObjectMapper json, NdxpProperties.Inbound inbound) {
        NdxpProperties.Json j = inbound.getJson();
        ObjectMapper strict = json.copy();
        strict.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(j.getMaxNestingDepth())
                .maxNumberLength(j.getMaxNumberLength())
                .maxStringLength(j.getMaxStringLength())
                .maxNameLength(j.getMaxNameLength())
                .maxDocumentLength(inbound.getMaxBodySize().toBytes())
                .build());
        return strict.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        NdxpProperties.Headers h = props.getHeaders();
        if (!(exchange.getIn() instanceof PlatformHttpMessage http)) {
            throw new NdxpException(NdxpException.ADAPTER_INTERNAL, 500, "Not an HTTP exchange",
                    "Route " + exchange.getFromRouteId() + " uses the ndxp-rest configuration without platform-http");
        }
        // Camel's binding also copies query parameters into message headers: what the guard reads (and
        // the backend receives) under these names is what the caller sent as headers, nothing else
        for (String name : List.of(h.getTransactionId(), h.getClient(), h.getUserId(), h.getService(), h.getPurpose(), "Authorization",
                Exchange.CONTENT_TYPE, Exchange.CONTENT_LENGTH)) {
            String sent = http.getRequest().getHeader(name);
            if (sent == null) {
                in.removeHeader(name);
            } else {
                in.setHeader(name, sent);
            }
        }
        String given = in.getHeader(h.getTransactionId(), String.class);
        // a malformed id is not kept: the refusal and its record carry a fresh one
        String txId = InboundLimits.transactionIdOrNew(given);
        exchange.setProperty(Exchanges.TRANSACTION_ID, txId);
        Long length = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        exchange.setProperty(Exchanges.REQUEST_BYTES, length == null ? 0L : length);
        limits.check(http.getRequest());

        String routeId = exchange.getFromRouteId();
        AdapterDescriptor adapter = registry.byRoute(routeId);
        AdapterDescriptor.Service service = adapter == null ? null : adapter.serviceByRoute(routeId);
        if (service == null) {
            // fail closed: a route that is not a declared service has no access list
            throw new NdxpException(NdxpException.ADAPTER_INTERNAL, 500, "Service not declared",
                    "Route " + routeId + " is not declared as a service in its adapter.yaml");
        }
        exchange.setProperty(Exchanges.ADAPTER, adapter.id());
        exchange.setProperty(Exchanges.SERVICE, adapter.serviceId(service));
        control.checkNotInMaintenance(adapter.id(), props.getInbound().getRetryAfterSeconds());

        String client = in.getHeader(h.getClient(), String.class);
        if (client == null || client.isBlank()) {
            throw NdxpException.badRequest(h.getClient(), "Header " + h.getClient() + " (the calling subsystem id) is required");
        }
        // both are within their declared shape (limits.check above): safe to record
        exchange.setProperty(Exchanges.CLIENT, client);
        String userId = in.getHeader(h.getUserId(), String.class);
        if (userId != null && !userId.isEmpty()) {
            exchange.setProperty(Exchanges.USER_ID, userId);
        }

        JWTClaimsSet claims = jwt.verify(in.getHeader("Authorization", String.class), adapter.subsystem());
        if (!client.equals(claims.getSubject())) {
            throw NdxpException.forbidden("The token was issued to " + claims.getSubject() + ", not to " + client);
        }
        if (!service.allowedClients().contains(client)) {
            throw NdxpException.forbidden("Client " + client + " is not allowed to call " + adapter.serviceId(service));
        }
        checkPurpose(exchange, adapter, service, client, in.getHeader(h.getPurpose(), String.class));
        checkQuota(exchange, adapter, service, client);

        // a set lookup and a prefix test per header: removeHeaders(pattern) would compile the pattern
        // as a regular expression for every header that is not a wildcard match
        in.getHeaders().keySet().removeIf(name -> HOP_HEADERS.contains(name) || name.regionMatches(true, 0, FORWARDED_PREFIX, 0,
                FORWARDED_PREFIX.length()));
        in.setHeader(h.getTransactionId(), txId);
        in.setHeader(h.getService(), adapter.serviceId(service));
        readBody(exchange, in, length);
    }

    /**
     * The purpose of use: required when the client's policy says so; when given (within its shape,
     * limits.check above), one of the adapter's purposes, and recorded with the transaction.
     */
    private void checkPurpose(Exchange exchange, AdapterDescriptor adapter, AdapterDescriptor.Service service, String client, String purpose) {
        String header = props.getHeaders().getPurpose();
        if (purpose == null || purpose.isEmpty()) {
            AdapterDescriptor.Policy policy = service.policyFor(client);
            if (policy != null && policy.purposeRequired()) {
                throw new NdxpException(NdxpException.CLIENT_PURPOSE_REQUIRED, 400, "Purpose required", "Service "
                        + adapter.serviceId(service) + " requires header " + header + " (the purpose of use) from " + client
                        + ": one of the codes of the adapter's catalogue entry", header, null, null);
            }
            return;
        }
        if (!adapter.purposes().containsKey(purpose)) {
            throw new NdxpException(NdxpException.CLIENT_PURPOSE_UNKNOWN, 400, "Purpose unknown", "Purpose " + purpose
                    + " is not one of the purposes of adapter " + adapter.id() + " (its catalogue entry lists them)", header, null, null);
        }
        exchange.setProperty(Exchanges.PURPOSE, purpose);
    }

    /**
     * The client's quota, last of the checks on who calls (a call refused before it does not count): the
     * answer carries the RateLimit headers either way (ReplyHeaders); over the limit, 429 with Retry-After.
     */
    private void checkQuota(Exchange exchange, AdapterDescriptor adapter, AdapterDescriptor.Service service, String client) {
        Quotas.Decision d = quotas.check(adapter, service, client);
        if (d == null) {
            return;
        }
        exchange.setProperty(Exchanges.RATE_LIMIT_POLICY, d.rateLimitPolicy());
        if (d.rateLimit() != null) {
            exchange.setProperty(Exchanges.RATE_LIMIT, d.rateLimit());
        }
        if (!d.allowed()) {
            throw new NdxpException(NdxpException.CLIENT_QUOTA_EXCEEDED, 429, "Quota exceeded", "Client " + client
                    + " has used its quota of calls to " + adapter.serviceId(service) + " for now (RateLimit-Policy: "
                    + d.rateLimitPolicy() + "); try again in " + d.retryAfterSeconds() + " s", null, d.retryAfterSeconds(), null);
        }
    }

    /** Bodies are bounded and must be JSON; the parsed tree replaces the raw bytes. */
    private void readBody(Exchange exchange, Message in, Long declared) throws IOException {
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        if (method == null || method.equals("GET") || method.equals("DELETE") || method.equals("HEAD")) {
            in.setBody(null);
            exchange.setProperty(Exchanges.REQUEST_BYTES, 0L);
            return;
        }
        long max = props.getInbound().getMaxBodySize().toBytes();
        if (declared != null && declared > max) {
            throw tooLarge(max);
        }
        requireJson(in.getHeader(Exchange.CONTENT_TYPE, String.class));
        byte[] body = bounded(in, max);
        exchange.setProperty(Exchanges.REQUEST_BYTES, (long) body.length);
        exchange.setProperty(Exchanges.REQUEST_BODY, body);
        if (body.length == 0) {
            throw NdxpException.badRequest(null, "A JSON request body is required");
        }
        utf8(body);
        try {
            in.setBody(json.readTree(body));
        } catch (StreamConstraintsException e) {
            throw beyondLimits(e);
        } catch (JsonProcessingException e) {
            throw NdxpException.badRequest(null, "Malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    /** application/json or application/*+json, parsed as a media type; a charset, if given, is UTF-8. */
    private static void requireJson(String header) {
        MediaType type;
        try {
            type = header == null ? null : MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            if (e.getMessage() != null && e.getMessage().contains("charset")) {
                throw charset(header);
            }
            type = null;
        }
        if (type == null || !type.getType().equals("application")
                || !(type.getSubtype().equals("json") || "json".equals(type.getSubtypeSuffix()))) {
            throw new NdxpException(NdxpException.CLIENT_UNSUPPORTED_MEDIA_TYPE, 415, "Unsupported media type",
                    "Content-Type must be application/json or application/*+json (got " + header + ")", "Content-Type", null, null);
        }
        if (type.getCharset() != null && !type.getCharset().equals(StandardCharsets.UTF_8)) {
            throw charset(header);
        }
    }

    private static NdxpException charset(String header) {
        return NdxpException.badRequest("charset", "The body must be UTF-8 (Content-Type was " + header + ")");
    }

    private static void utf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw NdxpException.badRequest("charset", "The body is not valid UTF-8");
        }
    }

    /** Which declared parser limit the body exceeds, by its configuration key. */
    private NdxpException beyondLimits(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        NdxpProperties.Json j = props.getInbound().getJson();
        String what;
        String key;
        long limit;
        if (m.contains("NestingDepth")) {
            what = "nesting depth";
            key = "max-nesting-depth";
            limit = j.getMaxNestingDepth();
        } else if (m.contains("NumberLength")) {
            what = "number length";
            key = "max-number-length";
            limit = j.getMaxNumberLength();
        } else if (m.contains("StringLength")) {
            what = "string length";
            key = "max-string-length";
            limit = j.getMaxStringLength();
        } else if (m.contains("NameLength")) {
            what = "property name length";
            key = "max-name-length";
            limit = j.getMaxNameLength();
        } else {
            what = "document length";
            key = "max-body-size";
            limit = props.getInbound().getMaxBodySize().toBytes();
        }
        String prefix = key.equals("max-body-size") ? "ndxp.inbound." : "ndxp.inbound.json.";
        return NdxpException.badRequest("body", "The JSON " + what + " exceeds the limit of " + limit + " (" + prefix + key + ")");
    }

    /** The body's bytes as sent: the InboundFilter's Reader gives one ISO-8859-1 character per byte. */
    private static byte[] bounded(Message in, long max) throws IOException {
        Object body = in.getBody();
        byte[] data;
        if (body == null) {
            data = new byte[0];
        } else if (body instanceof Reader r) {
            try (r) {
                char[] chars = new char[(int) Math.min(Integer.MAX_VALUE - 8, max + 1)];
                int n = r.read(chars, 0, chars.length);
                int total = Math.max(n, 0);
                while (n > 0 && total < chars.length) {
                    n = r.read(chars, total, chars.length - total);
                    total += Math.max(n, 0);
                }
                data = new String(chars, 0, total).getBytes(StandardCharsets.ISO_8859_1);
            }
        } else {
            try (InputStream stream = in.getBody(InputStream.class)) {
                data = stream == null ? new byte[0] : stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            }
        }
        if (data.length > max) {
            throw tooLarge(max);
        }
        return data;
    }

    private static NdxpException tooLarge(long max) {
        return new NdxpException(NdxpException.CLIENT_PAYLOAD_TOO_LARGE, 413, "Payload too large",
                "The request body exceeds the limit of " + max + " bytes");
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return Collections.unmodifiableSet(set);
    }
}
