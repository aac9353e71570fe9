package vn.gov.ndxp.adapters.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An allowlist of fields of a JSON document: dotted paths of names, arrays passed through
 * ({@code parents.fullName} keeps the fullName of every parent). A path ending at an object keeps it
 * whole; everything not on a path is removed.
 */
public final class FieldSet {

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

    /** Removes from the document, in place, every field not in the set. */
    public void apply(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.properties().removeIf(e -> !children.containsKey(e.getKey()));
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                FieldSet below = children.get(e.getKey());
                if (!below.children.isEmpty()) {
                    below.apply(e.getValue());
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(this::apply);
        }
    }
}
