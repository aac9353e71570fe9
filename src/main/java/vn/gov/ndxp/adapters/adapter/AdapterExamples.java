package vn.gov.ndxp.adapters.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI examples of an adapter's services (examples/&lt;service code&gt;.json), read and checked
 * where the adapter is read (startup and reload) and where the catalogue uses them.
 */
public final class AdapterExamples {

    public static final String EXAMPLES_DIR = "examples";
    private static final Set<String> EXAMPLE_KEYS = Set.of("summary", "parameters", "request", "status", "response");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdapterExamples() {
    }

    /** Every service's examples file of an adapter, checked (InvalidExamplesException names file and field). */
    public static void check(AdapterDescriptor a) {
        a.services().forEach(s -> read(a.folder(), s.code()));
    }

    /**
     * examples/&lt;service code&gt;.json of the adapter folder: named examples, each with the path
     * parameters and request body of a call and the status and body the sandbox answers to it.
     */
    public static Map<String, JsonNode> read(Path folder, String serviceCode) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Path dir = folder.resolve(EXAMPLES_DIR).normalize();
        Path file = dir.resolve(serviceCode + ".json").normalize();
        if (!file.getParent().equals(dir)) {
            // the descriptor's code pattern keeps it a plain name; a file outside examples/ is never read
            throw new InvalidExamplesException(file, "service code '" + serviceCode + "' is not a plain file name");
        }
        if (!Files.isRegularFile(file)) {
            return out;
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidExamplesException(file, "not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidExamplesException(file, "must be an object of named examples");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode ex = e.getValue();
            if (!ex.isObject()) {
                throw new InvalidExamplesException(file, e.getKey() + ": must be an object");
            }
            ex.fieldNames().forEachRemaining(k -> {
                if (!EXAMPLE_KEYS.contains(k)) {
                    throw new InvalidExamplesException(file, e.getKey() + "." + k + ": unknown field (allowed: "
                            + EXAMPLE_KEYS.stream().sorted().toList() + ")");
                }
            });
            if (ex.has("status") && (!ex.get("status").canConvertToInt() || ex.get("status").asInt() < 200 || ex.get("status").asInt() > 599)) {
                throw new InvalidExamplesException(file, e.getKey() + ".status: must be an HTTP status");
            }
            if (ex.has("parameters") && !ex.get("parameters").isObject()) {
                throw new InvalidExamplesException(file, e.getKey() + ".parameters: must be an object of path parameters");
            }
            out.put(e.getKey(), ex);
        }
        return out;
    }

    /** An examples file of an adapter folder that cannot be used; the message names the file and the field. */
    public static class InvalidExamplesException extends RuntimeException {
        public InvalidExamplesException(Path file, String message) {
            super("Invalid examples file " + file + ": " + message);
        }
    }

}
