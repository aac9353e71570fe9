package vn.gov.ndxp.adapters.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An allowlist of fields of a JSON document: dotted paths of names, arrays passed through
 * ({@code parents.fullName} keeps the fullName of every parent). A path ending at an object keeps it
 * whole; everything not on a path is removed.
 */
public final class FieldSet {

    /** A field path: JSON names joined by '.', at most 16 names of at most 64 characters. */
    public static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}(\\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,15}");

    /** Per name, what is kept below it; an empty map keeps the value whole. */
    private final Map<String, FieldSet> children = new LinkedHashMap<>();

    private FieldSet() {
    }

    public static FieldSet of(List<String> paths) {
        FieldSet root = new FieldSet();
        for (String p : paths) {
            FieldSet at = root;
            for (String name : p.split("\\.")) {
                at = at.children.computeIfAbsent(name, n -> new FieldSet());
            }
        }
        // a path that ends at a value keeps all of it, whatever longer paths say below it
        for (String p : paths) {
            FieldSet at = root;
            for (String name : p.split("\\.")) {
                at = at == null ? null : at.children.get(name);
            }
            if (at != null) {
                at.children.clear();
            }
        }
        return root;
    }

    /**
     * The paths of an endpoint option ({@code fields=taxCode,name,address.province}): each of the
     * {@link #PATH} shape, none twice; IllegalArgumentException naming the first that is not.
     */
    public static List<String> paths(String option) {
        Set<String> paths = new LinkedHashSet<>();
        for (String f : option.split(",", -1)) {
            String path = f.strip();
            if (!PATH.matcher(path).matches()) {
                throw new IllegalArgumentException("fields: '" + path + "' is not a field path (JSON names joined by '.')");
            }
            if (!paths.add(path)) {
                throw new IllegalArgumentException("fields: " + path + " is listed twice");
            }
        }
        return List.copyOf(paths);
    }

    /** Whether a JSON Schema has the path (arrays passed through). */
    public static boolean inSchema(JsonNode schema, String path) {
        return inSchema(schema, path.split("\\."), 0);
    }

    private static boolean inSchema(JsonNode schema, String[] path, int at) {
        JsonNode s = schema;
        while ("array".equals(s.path("type").asText()) && s.has("items")) {
            s = s.get("items");
        }
        JsonNode next = s.path("properties").get(path[at]);
        return next != null && (at == path.length - 1 || inSchema(next, path, at + 1));
    }

    /**
     * Removes from the document, in place, every field not in the set. A value that paths go below must
     * be an object (or an array of objects, or null): any other (a string where {@code address.province}
     * expects an object, a string in an array of parents) cannot be narrowed and is removed whole; a
     * document that is itself such a value is refused (IllegalArgumentException).
     */
    public void apply(JsonNode node) {
        if (!narrow(node)) {
            throw new IllegalArgumentException("a field set narrows a JSON object, and this document is not a JSON object"
                    + " or array (" + node.getNodeType() + ")");
        }
    }

    /** Narrows the value in place; false when it cannot be narrowed and must go. */
    private boolean narrow(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.properties().removeIf(e -> {
                FieldSet below = children.get(e.getKey());
                return below == null || !below.children.isEmpty() && !below.narrow(e.getValue());
            });
            return true;
        }
        if (node instanceof ArrayNode a) {
            for (int i = a.size() - 1; i >= 0; i--) {
                if (!narrow(a.get(i))) {
                    a.remove(i);
                }
            }
            return true;
        }
        return node == null || node.isNull() || node.isMissingNode();
    }
}
