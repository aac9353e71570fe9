package vn.gov.ndxp.adapters.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The layout of a flat record from a legacy source (a database row, a CSV line): each JSON field,
 * the column it comes from, its type and its constraints. One file, *.record.yaml, serves both
 * directions and the contract (JSON Schema). Errors name the column when reading the legacy side and
 * the JSON field when reading a client's JSON.
 * <pre>
 * fields:
 *   - { name: taxCode, column: tax_code, type: string, required: true, pattern: "^[0-9]{10}$" }
 *   - { name: charterCapital, column: charter_capital, type: decimal }
 * </pre>
 * Types: string, integer, decimal, boolean, date (ISO yyyy-MM-dd), datetime (ISO with offset). A date,
 * date-time or boolean may declare its legacy spelling ({@link FieldFormat}); JSON stays ISO and true/false.
 * Decimals keep their scale: 152.40 stays 152.40.
 */
public final class RecordLayout {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TYPES = Set.of("string", "integer", "decimal", "boolean", "date", "datetime");
    private static final Set<String> KEYS = Set.of("name", "column", "type", "required", "maxLength", "pattern", "enum", "description",
            "format", "zone", "trueValues", "falseValues");
    private static final String LOCAL_DATE_TIME = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?$";

    /** One field of the layout; {@code format} is the legacy spelling of a date, date-time or boolean, or null. */
    public record Field(String name, String column, String type, boolean required, Integer maxLength, Pattern pattern,
                        List<String> allowed, String description, FieldFormat format) {
        String lowerColumn() {
            return column.toLowerCase(Locale.ROOT);
        }
    }

    private final String name;
    private final List<Field> fields;

    private final Set<String> columns;

    private RecordLayout(String name, List<Field> fields) {
        this.name = name;
        this.fields = fields;
        this.columns = fields.stream().map(Field::column).collect(Collectors.toUnmodifiableSet());
    }

    public static RecordLayout load(Path file) {
        String fileName = file.getFileName().toString();
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage());
        }
        JsonNode list = root == null ? null : root.get("fields");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException(file + ": fields: a list of fields is required");
        }
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode f = list.get(i);
            String at = file + ": fields[" + i + "]";
            f.fieldNames().forEachRemaining(k -> {
                if (!KEYS.contains(k)) {
                    throw new IllegalArgumentException(at + "." + k + ": unknown key (allowed: " + KEYS + ")");
                }
            });
            String fieldName = f.path("name").asText(null);
            if (fieldName == null || fieldName.isBlank()) {
                throw new IllegalArgumentException(at + ".name: required");
            }
            String type = f.path("type").asText("string");
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException(at + ".type: must be one of " + TYPES);
            }
            List<String> allowed = null;
            if (f.has("enum")) {
                allowed = new ArrayList<>();
                for (JsonNode v : f.get("enum")) {
                    allowed.add(v.asText());
                }
            }
            fields.add(new Field(fieldName, f.path("column").asText(fieldName), type, f.path("required").asBoolean(false),
                    f.has("maxLength") ? f.get("maxLength").asInt() : null,
                    f.has("pattern") ? Pattern.compile(f.get("pattern").asText()) : null, allowed, f.path("description").asText(null),
                    format(f, type, at + " (" + fieldName + ")")));
        }
        return new RecordLayout(fileName.substring(0, fileName.indexOf('.')), List.copyOf(fields));
    }

    /** The field's declared legacy spelling, compiled now so that no record pays for it; an error names file and field. */
    private static FieldFormat format(JsonNode f, String type, String at) {
        boolean bool = "boolean".equals(type);
        boolean dateTime = "datetime".equals(type);
        if (f.has("format") && !dateTime && !"date".equals(type)) {
            throw new IllegalArgumentException(at + ".format: only for date and datetime fields"
                    + (bool ? " (a boolean declares trueValues and falseValues)" : ""));
        }
        if (f.has("zone") && !dateTime) {
            throw new IllegalArgumentException(at + ".zone: only for datetime fields");
        }
        if ((f.has("trueValues") || f.has("falseValues")) && !bool) {
            throw new IllegalArgumentException(at + ".trueValues, falseValues: only for boolean fields");
        }
        if (bool) {
            if (!f.has("trueValues") && !f.has("falseValues")) {
                return FieldFormat.BOOLEAN;
            }
            try {
                return FieldFormat.booleans(FieldFormat.spellings(f.get("trueValues"), "trueValues"),
                        FieldFormat.spellings(f.get("falseValues"), "falseValues"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage());
            }
        }
        if (!f.has("format")) {
            if (f.has("zone")) {
                throw new IllegalArgumentException(at + ".zone: needs format (the legacy pattern of the local date-time)");
            }
            return null;
        }
        if (!f.get("format").isTextual() || f.get("format").asText().isBlank()) {
            throw new IllegalArgumentException(at + ".format: a java.time pattern such as dd/MM/yyyy");
        }
        ZoneId zone = null;
        if (f.has("zone")) {
            try {
                zone = ZoneId.of(f.get("zone").asText());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(at + ".zone: unknown zone '" + f.get("zone").asText()
                        + "' (a region such as Asia/Ho_Chi_Minh, or an offset such as +07:00)");
            }
        }
        try {
            return FieldFormat.pattern(f.get("format").asText(), dateTime, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ".format: " + e.getMessage());
        }
    }

    public String name() {
        return name;
    }

    public List<Field> fields() {
        return fields;
    }

    /** A legacy record (column -> value, any case) to JSON; a bad value names its column. */
    public ObjectNode toJson(Map<String, ?> record) {
        // database drivers name columns in their own case; a record keyed exactly by our columns needs no copy
        Map<String, ?> byColumn = record;
        if (!record.keySet().containsAll(columns)) {
            Map<String, Object> lower = new LinkedHashMap<>();
            record.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
            byColumn = lower;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Field f : fields) {
            Object v = byColumn.containsKey(f.column()) ? byColumn.get(f.column()) : byColumn.get(f.lowerColumn());
            if (v == null || (v instanceof String s && s.isEmpty() && !"string".equals(f.type()))) {
                if (f.required()) {
                    throw new MappingException(f.column(), "required column is empty (NULL)");
                }
                continue;
            }
            try {
                out.set(f.name(), fromLegacy(f, v));
            } catch (RuntimeException e) {
                throw new MappingException(f.column(), "expected " + expected(f) + ", got '" + abbreviate(v) + "'");
            }
            check(f, out.get(f.name()), f.column());
        }
        return out;
    }

    /**
     * A client's JSON to typed values for the legacy side, keyed by field name and by column, so SQL
     * can use either (:#taxCode or :#tax_code). A bad value names its JSON field.
     */
    public Map<String, Object> fromJson(JsonNode json, boolean strict) {
        if (json == null || !json.isObject()) {
            throw new MappingException(null, "expected a JSON object");
        }
        if (strict) {
            Iterator<String> names = json.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (fields.stream().noneMatch(f -> f.name().equals(n))) {
                    throw new MappingException(n, "unknown field");
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : fields) {
            JsonNode v = json.get(f.name());
            Object value = null;
            if (v == null || v.isNull()) {
                if (f.required()) {
                    throw new MappingException(f.name(), "required field is missing");
                }
            } else {
                value = fromJsonValue(f, v);
                check(f, v, f.name());
            }
            out.put(f.name(), value);
            out.put(f.column(), value);
        }
        return out;
    }

    /** JSON Schema (OpenAPI 3.0 subset) of the JSON records. */
    public ObjectNode jsonSchema() {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("type", "object");
        ObjectNode props = s.putObject("properties");
        ArrayNode required = JsonNodeFactory.instance.arrayNode();
        for (Field f : fields) {
            ObjectNode p = props.putObject(f.name());
            switch (f.type()) {
                case "integer" -> p.put("type", "integer");
                case "decimal" -> p.put("type", "number");
                case "boolean" -> p.put("type", "boolean");
                case "date" -> p.put("type", "string").put("format", "date");
                case "datetime" -> {
                    p.put("type", "string");
                    if (f.format() == null || f.format().withZone()) {
                        p.put("format", "date-time");
                    } else if (f.pattern() == null) {
                        p.put("pattern", LOCAL_DATE_TIME); // JSON Schema's date-time has an offset; this has none
                    }
                }
                default -> p.put("type", "string");
            }
            if (f.maxLength() != null) {
                p.put("maxLength", f.maxLength());
            }
            if (f.pattern() != null) {
                p.put("pattern", f.pattern().pattern());
            }
            if (f.allowed() != null) {
                ArrayNode e = p.putArray("enum");
                f.allowed().forEach(e::add);
            }
            if (f.description() != null) {
                p.put("description", f.description());
            }
            if (f.required()) {
                required.add(f.name());
            }
        }
        if (!required.isEmpty()) {
            s.set("required", required);
        }
        return s;
    }

    private static JsonNode fromLegacy(Field f, Object v) {
        JsonNodeFactory n = JsonNodeFactory.instance;
        String text = v.toString().trim();
        return switch (f.type()) {
            case "integer" -> v instanceof Number num && !(v instanceof BigDecimal) ? n.numberNode(new BigInteger(num.toString()))
                    : integer(text);
            case "decimal" -> n.numberNode(v instanceof BigDecimal b ? b : new BigDecimal(text));
            // a declared format reads text; typed database values (DATE, TIMESTAMP, BOOLEAN) are taken as they are
            case "boolean" -> v instanceof Boolean b ? n.booleanNode(b) : f.format().toJson(text);
            case "date" -> v instanceof Date d ? n.textNode(d.toLocalDate().toString())
                    : v instanceof LocalDate ld ? n.textNode(ld.toString())
                    : f.format() != null ? f.format().toJson(text) : n.textNode(LocalDate.parse(text).toString());
            case "datetime" -> v instanceof Timestamp t ? n.textNode(t.toInstant().atOffset(ZoneOffset.UTC).toString())
                    : v instanceof OffsetDateTime odt ? n.textNode(odt.toString())
                    : f.format() != null ? f.format().toJson(text) : n.textNode(OffsetDateTime.parse(text).toString());
            default -> n.textNode(v.toString());
        };
    }

    /** Most integers fit a long; the rest (and "12.0") go through BigDecimal. */
    private static JsonNode integer(String text) {
        try {
            return JsonNodeFactory.instance.numberNode(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return JsonNodeFactory.instance.numberNode(new BigDecimal(text).toBigIntegerExact());
        }
    }

    private static Object fromJsonValue(Field f, JsonNode v) {
        try {
            return switch (f.type()) {
                case "integer" -> {
                    if (!v.isIntegralNumber()) {
                        throw new MappingException(f.name(), "expected an integer");
                    }
                    yield v.longValue();
                }
                case "decimal" -> {
                    if (!v.isNumber()) {
                        throw new MappingException(f.name(), "expected a number");
                    }
                    yield v.decimalValue();
                }
                case "boolean" -> {
                    if (!v.isBoolean()) {
                        throw new MappingException(f.name(), "expected true or false");
                    }
                    // declared spellings: the legacy side gets its own (the first of each list)
                    yield f.format() == FieldFormat.BOOLEAN ? v.booleanValue() : f.format().toLegacy(v);
                }
                case "date" -> f.format() == null ? LocalDate.parse(text(f, v)) : f.format().toLegacy(TextNode.valueOf(text(f, v)));
                case "datetime" -> f.format() == null ? OffsetDateTime.parse(text(f, v)) : f.format().toLegacy(TextNode.valueOf(text(f, v)));
                default -> text(f, v);
            };
        } catch (DateTimeParseException e) {
            throw new MappingException(f.name(), "expected " + ("date".equals(f.type()) ? "an ISO date (yyyy-MM-dd)"
                    : f.format() != null ? f.format().jsonExpected() : "an ISO date-time"));
        }
    }

    private static String text(Field f, JsonNode v) {
        if (!v.isTextual()) {
            throw new MappingException(f.name(), "expected a string");
        }
        return v.asText();
    }

    private static void check(Field f, JsonNode v, String where) {
        if (!v.isTextual()) {
            return;
        }
        String s = v.asText();
        if (f.maxLength() != null && s.codePointCount(0, s.length()) > f.maxLength()) {
            throw new MappingException(where, "longer than " + f.maxLength() + " characters");
        }
        if (f.pattern() != null && !f.pattern().matcher(s).matches()) {
            throw new MappingException(where, "must match " + f.pattern().pattern());
        }
        if (f.allowed() != null && !f.allowed().contains(s)) {
            throw new MappingException(where, "must be one of " + f.allowed());
        }
    }

    /** What a legacy value of the field must look like, for its error. */
    private static String expected(Field f) {
        if (f.format() != null) {
            return f.format().expected();
        }
        return switch (f.type()) {
            case "date" -> "a date as yyyy-MM-dd";
            case "datetime" -> "an ISO date-time with offset (e.g. 2026-10-01T08:30:00+07:00)";
            default -> f.type();
        };
    }

    private static String abbreviate(Object v) {
        String s = String.valueOf(v);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
