package vn.gov.ndxp.adapters.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import vn.gov.ndxp.adapters.mapping.MappingException;
import vn.gov.ndxp.adapters.mapping.RecordLayout;

/**
 * How the records of a batch file look: a {@code <name>.file.yaml} in the adapter folder or its
 * mappings/. The record layout (*.record.yaml) gives columns (CSV) or child elements (XML), types and
 * JSON field names; the JSON Schema says what a record must satisfy; the format follows the file's
 * extension.
 * <pre>
 * record: contribution                 # mappings/contribution.record.yaml
 * schema: contribution.schema.json     # JSON Schema (draft 2020-12) every record must pass
 * encoding: UTF-8                      # or UTF-16, UTF-16LE, UTF-16BE, windows-1258, TCVN3 ({@link FileEncoding})
 * csv: { delimiter: ",", header: true }
 * xml: { namespace: "urn:...", element: contribution }
 * </pre>
 */
public final class FileLayout {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("record", "schema", "encoding", "csv", "xml", "description");

    private final String name;
    private final RecordLayout record;
    private final JsonSchema schema;
    private final JsonNode schemaJson;
    private final CsvFormat csv;
    private final String xmlNamespace;
    private final String xmlElement;
    private final FileEncoding encoding;
    /** JSON field -> legacy column, so a schema error names what the file calls it. */
    private final Map<String, String> columnOf = new HashMap<>();

    private FileLayout(String name, RecordLayout record, JsonNode schemaJson, FileEncoding encoding, CsvFormat csv, String xmlNamespace,
                       String xmlElement) {
        this.encoding = encoding;
        this.name = name;
        this.record = record;
        this.schemaJson = schemaJson;
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson);
        this.csv = csv;
        this.xmlNamespace = xmlNamespace;
        this.xmlElement = xmlElement;
        record.fields().forEach(f -> columnOf.put(f.name(), f.column()));
    }

    /** Loads {@code <name>.file.yaml}; a bad file fails the route (and startup) naming what is wrong. */
    public static FileLayout load(Path adapterFolder, String name, BiFunction<Path, String, RecordLayout> layouts) {
        Path file = find(adapterFolder, name + ".file.yaml");
        String where = adapterFolder.relativize(file).toString();
        try {
            JsonNode root = YAML.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(where + ": expected a mapping with record, schema, csv and/or xml");
            }
            root.fieldNames().forEachRemaining(k -> {
                if (!KEYS.contains(k)) {
                    throw new IllegalArgumentException(where + ": unknown key '" + k + "' (allowed: " + KEYS + ")");
                }
            });
            String recordName = text(root, "record", where);
            RecordLayout record;
            try {
                record = layouts.apply(adapterFolder, recordName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": record: " + e.getMessage(), e);
            }
            JsonNode schema = new ObjectMapper().readTree(find(adapterFolder, text(root, "schema", where)).toFile());
            FileEncoding encoding = FileEncoding.UTF_8;
            if (root.hasNonNull("encoding")) {
                try {
                    encoding = FileEncoding.of(root.get("encoding").asText());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": encoding: " + e.getMessage(), e);
                }
            }
            CsvFormat csv = null;
            if (root.has("csv")) {
                JsonNode c = root.get("csv");
                String delimiter = c.path("delimiter").asText(",");
                String quote = c.path("quote").asText("\"");
                if (delimiter.length() != 1 || quote.length() != 1) {
                    throw new IllegalArgumentException(where + ": csv.delimiter and csv.quote are single characters");
                }
                csv = new CsvFormat(delimiter.charAt(0), quote.charAt(0), c.path("header").asBoolean(true),
                        record.fields().stream().map(RecordLayout.Field::column).toList());
            }
            String ns = null;
            String element = null;
            if (root.has("xml")) {
                ns = root.get("xml").path("namespace").asText(null);
                element = text(root.get("xml"), "element", where + " xml");
            }
            if (csv == null && element == null) {
                throw new IllegalArgumentException(where + ": declare csv and/or xml");
            }
            return new FileLayout(name, record, schema, encoding, csv, ns, element);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Path find(Path folder, String fileName) {
        for (Path p : new Path[] {folder.resolve(fileName), folder.resolve("mappings").resolve(fileName)}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException(folder.getFileName() + ": no file " + fileName + " (in the adapter folder or mappings/)");
    }

    private static String text(JsonNode node, String key, String where) {
        if (!node.hasNonNull(key) || node.get(key).asText().isBlank()) {
            throw new IllegalArgumentException(where + ": '" + key + "' is required");
        }
        return node.get(key).asText();
    }

    public String name() {
        return name;
    }

    public FileEncoding encoding() {
        return encoding;
    }

    public JsonNode schemaJson() {
        return schemaJson;
    }

    /** A reader for this file, chosen by its extension; null when the layout has no such format. */
    public RecordReader open(String fileName, InputStream in) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") && csv != null) {
            return new CsvRecordReader(in, csv, CsvRecordReader.DEFAULT_MAX_RECORD_CHARS, encoding);
        }
        if (lower.endsWith(".xml") && xmlElement != null) {
            return new XmlRecordReader(in, xmlNamespace, xmlElement, record.fields().stream().map(RecordLayout.Field::column).toList(),
                    encoding);
        }
        return null;
    }

    /** The record as NDXP JSON, or a {@link MappingException} naming the file's column. */
    public ObjectNode toJson(Map<String, String> values) {
        ObjectNode json = record.toJson(values);
        if (Boolean.TRUE.equals(schema.validate(json, OutputFormat.BOOLEAN))) {
            return json; // the usual case, without building messages
        }
        List<ValidationMessage> errors = schema.validate(json).stream().toList();
        if (!errors.isEmpty()) {
            ValidationMessage first = errors.get(0);
            throw new MappingException(column(first), first.getMessage());
        }
        return json;
    }

    /** The file's name (column / element) of a JSON field; the field itself when it has none. */
    public String column(String jsonField) {
        return jsonField == null ? null : columnOf.getOrDefault(jsonField, jsonField);
    }

    private String column(ValidationMessage m) {
        // "required" names the missing property; otherwise the instance location is $.field
        String field = m.getProperty() != null ? m.getProperty()
                : m.getInstanceLocation() != null && m.getInstanceLocation().getNameCount() > 0
                ? String.valueOf(m.getInstanceLocation().getName(0)) : null;
        return column(field);
    }
}
