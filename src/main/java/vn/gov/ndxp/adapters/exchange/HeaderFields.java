package vn.gov.ndxp.adapters.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import org.apache.camel.Message;

/**
 * The JSON object a request gives as message headers instead of a body ({@code source=headers}: the
 * route's path and query parameters): each top-level property of the object's JSON Schema is read from
 * the header of its name and typed as the schema says (integer and number: a number, boolean: true or
 * false, else text). A value that is not of its type is the caller's error: 400 client.bad-request
 * naming the field.
 */
public final class HeaderFields {

    private HeaderFields() {
    }

    public static ObjectNode toJson(Message message, JsonNode schema) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String value = message.getHeader(f.getKey(), String.class);
            if (value == null) {
                continue;
            }
            String type = f.getValue().path("type").asText();
            try {
                switch (type) {
                    case "integer", "number" -> out.put(f.getKey(), new BigDecimal(value));
                    case "boolean" -> out.put(f.getKey(), parseBoolean(value));
                    default -> out.put(f.getKey(), value);
                }
            } catch (IllegalArgumentException ex) {
                throw NdxpException.badRequest(f.getKey(), "expected " + (type.equals("boolean") ? "true or false" : "a number"));
            }
        }
        return out;
    }

    private static boolean parseBoolean(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(v);
    }
}
