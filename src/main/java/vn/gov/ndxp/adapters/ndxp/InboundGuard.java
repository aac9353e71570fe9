package vn.gov.ndxp.adapters.ndxp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import vn.gov.ndxp.adapters.audit.TransactionRecorder;
import vn.gov.ndxp.adapters.runtime.AdapterControl;
import vn.gov.ndxp.adapters.runtime.AdapterDescriptor;
import vn.gov.ndxp.adapters.runtime.AdapterRegistry;

/**
 * First step of every NDXP REST exchange (wired by the ndxp-rest route configuration): transaction id,
 * caller identification (X-NDXP-Client), bearer token, the service's allowed clients, body limits and
 * JSON syntax. Whatever fails here is the client's fault and says so.
 */
public class InboundGuard implements Processor {

    static final Pattern SUBSYSTEM = Pattern.compile("VN:[A-Z]+:[0-9A-Z.]+:[a-z0-9-]+");
    private static final Pattern UUID_RE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Request headers that must not travel on to the backend. */
    private static final List<String> HOP_HEADERS = List.of("Authorization", "Cookie", "Host", "Connection",
            "Content-Length", "Transfer-Encoding", "Accept-Encoding", "Origin", "Referer", "User-Agent", "Forwarded",
            "X-Forwarded-*", "Accept", "Accept-Language", "Keep-Alive", "Upgrade", "Expect");

    private final AdapterRegistry registry;
    private final NdxpProperties props;
    private final JwtVerifier jwt;
    private final ObjectMapper json;
    private final AdapterControl control;

    public InboundGuard(AdapterRegistry registry, NdxpProperties props, JwtVerifier jwt, ObjectMapper json, AdapterControl control) {
        this.registry = registry;
        this.control = control;
        this.props = props;
        this.jwt = jwt;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        NdxpProperties.Headers h = props.getHeaders();
        String txId = transactionId(exchange, in.getHeader(h.getTransactionId(), String.class));
        Long length = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        exchange.setProperty(TransactionRecorder.REQUEST_BYTES, length == null ? 0L : length);

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
        if (!SUBSYSTEM.matcher(client).matches()) {
            throw NdxpException.badRequest(h.getClient(), "Header " + h.getClient()
                    + " must be a subsystem id VN:<class>:<unit code>:<subsystem>");
        }
        exchange.setProperty(Exchanges.CLIENT, client);
        String userId = in.getHeader(h.getUserId(), String.class);
        if (userId != null) {
            exchange.setProperty(Exchanges.USER_ID, userId);
        }

        JWTClaimsSet claims = jwt.verify(in.getHeader("Authorization", String.class));
        if (!client.equals(claims.getSubject())) {
            throw NdxpException.forbidden("The token was issued to " + claims.getSubject() + ", not to " + client);
        }
        if (!service.allowedClients().contains(client)) {
            throw NdxpException.forbidden("Client " + client + " is not allowed to call " + adapter.serviceId(service));
        }

        for (String hop : HOP_HEADERS) {
            // exact names are removed without a pattern match per header
            if (hop.endsWith("*")) {
                in.removeHeaders(hop);
            } else {
                in.removeHeader(hop);
            }
        }
        in.setHeader(h.getTransactionId(), txId);
        in.setHeader(h.getService(), adapter.serviceId(service));
        readBody(exchange, in);
    }

    private String transactionId(Exchange exchange, String given) {
        String txId = given;
        if (txId == null || txId.isBlank()) {
            txId = UUID.randomUUID().toString();
        } else if (!UUID_RE.matcher(txId).matches()) {
            exchange.setProperty(Exchanges.TRANSACTION_ID, UUID.randomUUID().toString());
            throw NdxpException.badRequest(props.getHeaders().getTransactionId(), "must be a UUID");
        }
        exchange.setProperty(Exchanges.TRANSACTION_ID, txId);
        return txId;
    }

    /** Bodies are bounded and must be JSON; the parsed tree replaces the raw bytes. */
    private void readBody(Exchange exchange, Message in) throws IOException {
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        if (method == null || method.equals("GET") || method.equals("DELETE") || method.equals("HEAD")) {
            in.setBody(null);
            exchange.setProperty(TransactionRecorder.REQUEST_BYTES, 0L);
            return;
        }
        long max = props.getInbound().getMaxBodySize().toBytes();
        Long declared = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (declared != null && declared > max) {
            exchange.setProperty(TransactionRecorder.REQUEST_BYTES, declared);
            throw tooLarge(max);
        }
        byte[] body = bounded(in.getBody(InputStream.class), max);
        exchange.setProperty(TransactionRecorder.REQUEST_BYTES, (long) body.length);
        exchange.setProperty(TransactionRecorder.REQUEST_BODY, body);
        if (body.length == 0) {
            throw NdxpException.badRequest(null, "A JSON request body is required");
        }
        String type = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type == null || !(type.startsWith("application/json") || type.contains("+json"))) {
            throw new NdxpException(NdxpException.CLIENT_UNSUPPORTED_MEDIA_TYPE, 415, "Unsupported media type",
                    "Content-Type must be application/json (got " + type + ")");
        }
        try {
            in.setBody(json.readTree(body));
        } catch (JsonProcessingException e) {
            throw NdxpException.badRequest(null, "Malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    private static byte[] bounded(InputStream in, long max) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (data.length > max) {
                throw tooLarge(max);
            }
            return data;
        }
    }

    private static NdxpException tooLarge(long max) {
        return new NdxpException(NdxpException.CLIENT_PAYLOAD_TOO_LARGE, 413, "Payload too large",
                "The request body exceeds the limit of " + max + " bytes");
    }
}
