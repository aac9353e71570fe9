package vn.gov.ndxp.adapters.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One {@code failWhen} rule of a response mapping: a legacy answer that reports a failure inside a normal
 * reply (HTTP 200, {@code Success=false}, a status code element) fails the exchange with this category,
 * status and detail instead of being mapped. {@code when} names elements by their path of local names from
 * the mapping's element ({@code Result/Success}); each one's text must fully match its pattern. The paths are
 * not checked against the schema: such answers often lie outside the success answer's schema. Immutable.
 */
public record FailWhen(Map<List<String>, Pattern> when, String category, int status, String detail, List<String> detailFrom) {

    /** An error category: its owner, then a lower-case name (docs/ndxp-contract.md). */
    public static final Pattern CATEGORY = Pattern.compile("(client|adapter|backend|platform)\\.[a-z]+(-[a-z]+)*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][\\w.-]*");
    static final Set<String> KEYS = Set.of("when", "category", "status", "detail", "detailFrom");
    /**
     * Adapter-declared patterns meet legacy text of any length: a longer text counts as no match, so a
     * pattern that backtracks cannot take time in the text's length (a status or code is short).
     */
    public static final int MAX_MATCHED_CHARS = 4096;
    /** A detail taken from the answer (detailFrom) is cut to this many characters. */
    public static final int MAX_DETAIL_CHARS = 500;

    /** Does the pattern match the whole text? False for a text longer than {@value #MAX_MATCHED_CHARS} characters. */
    public static boolean fullyMatches(Pattern pattern, String text) {
        return text.length() <= MAX_MATCHED_CHARS && pattern.matcher(text).matches();
    }

    /** Does the answer (the mapping's element) report this failure? */
    public boolean matches(Element answer) {
        for (Map.Entry<List<String>, Pattern> c : when.entrySet()) {
            String text = text(answer, c.getKey());
            if (text == null || !fullyMatches(c.getValue(), text)) {
                return false;
            }
        }
        return true;
    }

    /** The detail for the caller: the text at detailFrom (cut to {@value #MAX_DETAIL_CHARS} characters) when the answer has one, else detail. */
    public String detail(Element answer) {
        String text = detailFrom == null ? null : text(answer, detailFrom);
        if (text == null || text.isEmpty()) {
            return detail;
        }
        if (text.length() <= MAX_DETAIL_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_DETAIL_CHARS - 1)) ? MAX_DETAIL_CHARS - 1 : MAX_DETAIL_CHARS;
        return text.substring(0, end);
    }

    private static String text(Element from, List<String> path) {
        Element e = from;
        for (String name : path) {
            e = child(e, name);
            if (e == null) {
                return null;
            }
        }
        return e.getTextContent().trim();
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && localName.equals(c.getLocalName() != null ? c.getLocalName() : c.getNodeName())) {
                return c;
            }
        }
        return null;
    }

    /** @throws IllegalArgumentException naming the file and the key at fault */
    static List<FailWhen> load(JsonNode v, String file) {
        List<FailWhen> rules = new ArrayList<>();
        if (v == null || v.isNull()) {
            return rules;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException(file + ": failWhen: must be a list of rules (when, category, status, detail)");
        }
        for (int i = 0; i < v.size(); i++) {
            String p = file + ": failWhen[" + i + "]";
            JsonNode r = v.get(i);
            if (!r.isObject()) {
                throw new IllegalArgumentException(p + ": must be a mapping with keys " + KEYS);
            }
            r.fieldNames().forEachRemaining(k -> {
                if (!KEYS.contains(k)) {
                    throw new IllegalArgumentException(p + "." + k + ": unknown key (allowed: " + KEYS + ")");
                }
            });
            JsonNode when = r.get("when");
            if (when == null || !when.isObject() || when.isEmpty()) {
                throw new IllegalArgumentException(p + ".when: required: a map of element path to pattern, e.g. Success: \"false\"");
            }
            Map<List<String>, Pattern> conditions = new LinkedHashMap<>();
            when.properties().forEach(c -> {
                if (!c.getValue().isValueNode() || c.getValue().isNull()) {
                    throw new IllegalArgumentException(p + ".when." + c.getKey() + ": must be a pattern (text)");
                }
                try {
                    conditions.put(path(c.getKey(), p + ".when"), Pattern.compile(c.getValue().asText(), Pattern.DOTALL));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(p + ".when." + c.getKey() + ": not a valid regular expression: " + e.getDescription());
                }
            });
            String category = r.path("category").asText("");
            if (!CATEGORY.matcher(category).matches()) {
                throw new IllegalArgumentException(p + ".category: required: <client|adapter|backend|platform>.<name>, e.g. backend.not-found"
                        + (category.isEmpty() ? "" : " (got '" + category + "')"));
            }
            String status = r.path("status").asText("");
            if (!status.matches("[45][0-9]{2}")) {
                throw new IllegalArgumentException(p + ".status: required: an HTTP status code (400-599)");
            }
            String detail = r.path("detail").asText("");
            if (detail.isBlank()) {
                throw new IllegalArgumentException(p + ".detail: required: what went wrong, for the caller");
            }
            List<String> detailFrom = r.hasNonNull("detailFrom") ? path(r.get("detailFrom").asText(), p + ".detailFrom") : null;
            rules.add(new FailWhen(conditions, category, Integer.parseInt(status), detail, detailFrom));
        }
        return List.copyOf(rules);
    }

    private static List<String> path(String text, String where) {
        List<String> path = List.of(text.split("/", -1));
        for (String name : path) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ": '" + text + "' is not a path of element names (Result/Success)");
            }
        }
        return path;
    }
}
