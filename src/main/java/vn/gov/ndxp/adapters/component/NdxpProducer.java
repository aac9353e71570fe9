package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.cxf.common.CxfPayload;
import org.apache.camel.support.DefaultProducer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.gov.ndxp.adapters.adapter.Failures;
import vn.gov.ndxp.adapters.capture.WatermarkCapture;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.HeaderFields;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.mapping.MappingException;
import vn.gov.ndxp.adapters.mapping.SecureXml;
import vn.gov.ndxp.adapters.platform.PlatformClient;

/** Executes an ndxp: step. Mapping errors are typed by whose data was wrong: the client's or the backend's. */
public class NdxpProducer extends DefaultProducer {

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    public NdxpProducer(NdxpEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public NdxpEndpoint getEndpoint() {
        return (NdxpEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        NdxpEndpoint e = getEndpoint();
        switch (e.getOperation()) {
            case "json-to-xml" -> jsonToXml(exchange, e);
            case "xml-to-json" -> xmlToJson(exchange, e);
            case "record-to-json" -> recordToJson(exchange, e);
            case "json-to-record" -> jsonToRecord(exchange, e);
            case "idempotency-key" -> idempotencyKey(exchange, e);
            case "watermark-poll" -> {
                var poll = e.getComponent().watermarks().poll(e.getAdapter(), e.getFlow(), e.getQuery(), e.getTimestamp(), e.getKey(),
                        e.getLag(), e.getRescan(), e.getBatch());
                exchange.setProperty(WatermarkCapture.PENDING, poll);
                exchange.getMessage().setBody(poll == null ? List.of() : poll.rows());
            }
            case "watermark-commit" -> {
                var poll = exchange.getProperty(WatermarkCapture.PENDING,
                        WatermarkCapture.Poll.class);
                if (poll != null) {
                    e.getComponent().watermarks().commit(poll);
                }
            }
            default -> platform(exchange, e);
        }
    }

    private void jsonToXml(Exchange exchange, NdxpEndpoint e) {
        JsonNode in = "headers".equals(e.getSource())
                ? HeaderFields.toJson(exchange.getMessage(), e.getComponent().mapper().jsonSchema(e.getMapping())) : bodyAsJson(exchange);
        try {
            Element xml = e.getComponent().mapper().toXml(in, e.getMapping(), e.isStrict(), null);
            // a Document, not an Element: Camel would read an Element as the NodeList of its children
            exchange.getMessage().setBody(xml.getOwnerDocument());
        } catch (MappingException m) {
            if (e.isStrict()) {
                throw NdxpException.badRequest(m.field(), Failures.describe(m));
            }
            throw m;
        }
    }

    private void xmlToJson(Exchange exchange, NdxpEndpoint e) throws IOException {
        Element xml = bodyAsElement(exchange.getMessage());
        JsonNode out;
        try {
            out = e.getComponent().mapper().toJson(xml, e.getMapping());
        } catch (MappingException m) {
            if ("client".equals(e.getSource())) {
                // the XML came from the caller (a SOAP facade's request): its fault, not the backend's
                throw NdxpException.badRequest(m.field(), Failures.describe(m));
            }
            throw m;
        }
        Message m = exchange.getMessage();
        m.setBody(e.getComponent().json().writeValueAsBytes(out));
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    private void recordToJson(Exchange exchange, NdxpEndpoint e) throws IOException {
        Object body = exchange.getMessage().getBody();
        JsonNode out;
        if (body instanceof Map<?, ?> row) {
            out = e.getLayout().toJson(cast(row));
        } else if (body instanceof List<?> rows) {
            if (e.isSingle()) {
                if (rows.isEmpty()) {
                    throw new NdxpException(NdxpException.BACKEND_NOT_FOUND, 404, "Not found",
                            "The legacy system has no such record", null, null, null);
                }
                out = e.getLayout().toJson(cast((Map<?, ?>) rows.get(0)));
            } else {
                var array = e.getComponent().json().createArrayNode();
                for (Object r : rows) {
                    array.add(e.getLayout().toJson(cast((Map<?, ?>) r)));
                }
                out = array;
            }
        } else {
            throw new MappingException(null, "expected a legacy record (row), got " + (body == null ? "nothing" : body.getClass().getSimpleName()));
        }
        Message m = exchange.getMessage();
        m.setBody(e.getComponent().json().writeValueAsBytes(out));
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    private void jsonToRecord(Exchange exchange, NdxpEndpoint e) {
        JsonNode in = "headers".equals(e.getSource())
                ? HeaderFields.toJson(exchange.getMessage(), e.getLayout().jsonSchema()) : bodyAsJson(exchange);
        try {
            Map<String, Object> params = new LinkedHashMap<>(e.getLayout().fromJson(in, e.isStrict()));
            // the record's digest: a write-back keyed by the transaction id tells a replay of the same
            // record (same digest: the first answer again) from a reuse of the id for another (409)
            params.put("requestHash", digest(e.getComponent().json(), params));
            params.put("transactionId", exchange.getProperty(Exchanges.TRANSACTION_ID, String.class));
            exchange.getMessage().setBody(params);
        } catch (MappingException m) {
            throw NdxpException.badRequest(m.field(), Failures.describe(m));
        }
    }

    private static String digest(ObjectMapper json, Map<String, Object> record) {
        try {
            byte[] data = json.writeValueAsBytes(record);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (IOException | NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A UUID from the adapter and the record's key/version fields: the same record gets the same id. */
    private void idempotencyKey(Exchange exchange, NdxpEndpoint e) {
        JsonNode record = bodyAsJson(exchange);
        StringBuilder key = new StringBuilder(e.getAdapter().id());
        String first = null;
        for (String f : e.getFields().split(",")) {
            JsonNode v = record.get(f.trim());
            if (v == null || v.isNull()) {
                throw new MappingException(f.trim(), "the idempotency key needs this field");
            }
            first = first == null ? v.asText() : first;
            key.append('|').append(v.asText());
        }
        String txId = UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8)).toString();
        exchange.setProperty(Exchanges.TRANSACTION_ID, txId);
        exchange.getMessage().setHeader("X-NDXP-Transaction-Id", txId);
        exchange.getMessage().setHeader("kafka.KEY", first);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> row) {
        return (Map<String, ?>) row;
    }

    private void platform(Exchange exchange, NdxpEndpoint e) {
        // the JSON body gives {params} of the path (e.g. the mapped SOAP request) and, unless GET, the payload
        JsonNode params = exchange.getMessage().getBody() == null ? null : bodyAsJson(exchange);
        JsonNode body = "GET".equalsIgnoreCase(e.getMethod()) ? null : params;
        String path = resolvePath(e.getPath(), exchange.getMessage(), params);
        var creds = e.getAdapter().platformClient();
        var caller = new PlatformClient.Caller(creds.key(), creds.secret(), e.getAdapter().subsystem(),
                exchange.getProperty(Exchanges.TRANSACTION_ID, String.class),
                exchange.getProperty(Exchanges.USER_ID, String.class));
        PlatformClient.Response res = e.getComponent().platform().call(caller, e.getMethod().toUpperCase(), e.getService(), path, body);
        exchange.getMessage().setBody(res.body());
    }

    /** {name} in a path template: from a header (path parameter) or a top-level field of the JSON body. */
    static String resolvePath(String template, Message m, JsonNode body) {
        Matcher matcher = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = m.getHeader(name, String.class);
            if (value == null && body != null && body.hasNonNull(name)) {
                value = body.get(name).asText();
            }
            if (value == null || value.isEmpty()) {
                throw NdxpException.badRequest(name, "required field is missing");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private JsonNode bodyAsJson(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof JsonNode j) {
            return j;
        }
        try {
            byte[] bytes = exchange.getMessage().getBody(byte[].class);
            if (bytes == null || bytes.length == 0) {
                throw NdxpException.badRequest(null, "A JSON request body is required");
            }
            return getEndpoint().getComponent().json().readTree(bytes);
        } catch (IOException ex) {
            throw NdxpException.badRequest(null, "Malformed JSON: " + ex.getMessage());
        }
    }

    static Element bodyAsElement(Message m) {
        Object body = m.getBody();
        if (body instanceof CxfPayload<?> payload) {
            if (payload.getBody().isEmpty()) {
                throw new MappingException(null, "the SOAP body is empty");
            }
            return payload.getBody().get(0);
        }
        if (body instanceof Element el) {
            return el;
        }
        if (body instanceof Document doc) {
            return doc.getDocumentElement();
        }
        InputStream in = m.getBody(InputStream.class);
        if (in == null) {
            throw new MappingException(null, "no XML body");
        }
        return SecureXml.parse(in).getDocumentElement();
    }
}
