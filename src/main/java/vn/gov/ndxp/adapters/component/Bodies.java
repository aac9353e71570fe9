package vn.gov.ndxp.adapters.component;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.cxf.common.CxfPayload;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.mapping.MappingException;
import vn.gov.ndxp.adapters.mapping.SecureXml;

/** The message body as JSON or as an XML element, whatever form the previous step left it in. */
final class Bodies {

    /**
     * The tree of the JSON a step wrote as the body ({@link #setJson}), so that the next step reads it
     * without parsing it again; it stands for the body only while the body is that very array.
     */
    private static final String WRITTEN = "ndxp.jsonWritten";

    private record Written(byte[] bytes, JsonNode tree) {
    }

    private Bodies() {
    }

    /** Sets the body to the JSON of the tree and keeps the tree beside it for {@link #json}. */
    static void setJson(Message m, ObjectMapper json, JsonNode tree) throws IOException {
        byte[] bytes = json.writeValueAsBytes(tree);
        m.setBody(bytes);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.getExchange().setProperty(WRITTEN, new Written(bytes, tree));
    }

    static JsonNode json(Exchange exchange, ObjectMapper json) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof JsonNode j) {
            return j;
        }
        // readers never change the tree they get (a step that narrows a record copies it first)
        if (body instanceof byte[] b && exchange.getProperty(WRITTEN) instanceof Written w && w.bytes() == b) {
            return w.tree();
        }
        try {
            byte[] bytes = exchange.getMessage().getBody(byte[].class);
            if (bytes == null || bytes.length == 0) {
                throw NdxpException.badRequest(null, "A JSON request body is required");
            }
            return json.readTree(bytes);
        } catch (IOException ex) {
            throw NdxpException.badRequest(null, "Malformed JSON: " + ex.getMessage());
        }
    }

    /**
     * The body as it is, when it is JSON text (a Kafka record, say) that need not be changed: checked to be
     * one JSON value, with no duplicate key (which receivers would read differently) and nothing after it,
     * without building a tree. Null when the body is not a string: {@link #json} then reads it.
     */
    static RawValue rawJson(Exchange exchange, ObjectMapper json) {
        if (!(exchange.getMessage().getBody() instanceof String text)) {
            return null;
        }
        try (JsonParser p = json.getFactory().createParser(text)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() == null) {
                throw NdxpException.badRequest(null, "A JSON request body is required");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw NdxpException.badRequest(null, "Malformed JSON: more than one value");
            }
        } catch (IOException ex) {
            throw NdxpException.badRequest(null, "Malformed JSON: " + ex.getMessage());
        }
        return new RawValue(text);
    }

    static Element element(Message m) {
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
