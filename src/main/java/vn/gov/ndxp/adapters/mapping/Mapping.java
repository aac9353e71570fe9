package vn.gov.ndxp.adapters.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.xml.namespace.QName;
import org.apache.ws.commons.schema.XmlSchema;
import org.apache.ws.commons.schema.XmlSchemaCollection;
import org.apache.ws.commons.schema.XmlSchemaElement;
import org.apache.ws.commons.schema.utils.NamespacePrefixList;
import org.w3c.dom.Element;

/**
 * One {@code *.mapping.yaml} file, resolved against its schema at load time so that mapping a
 * message never touches XmlSchema. Immutable and thread-safe.
 */
public final class Mapping {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION); // a repeated key is a mistake, not an override
    private static final Set<String> KEYS = Set.of("schema", "element", "select", "naming", "rename", "textField",
            "failWhen", "unwrap");
    private static final String SUFFIX = ".mapping.yaml";

    private final String name;
    private final QName element;
    private final Field root;             // the element named by `element`
    private final Field select;           // its unwrapped child, or null
    private final String textField;
    private final Map<String, String> prefixes; // namespace -> prefix, declared once on the output root
    private final UnaryOperator<String> jsonName;
    private final List<FailWhen> failWhen;

    private Mapping(String name, QName element, Field root, Field select, String textField,
            Map<String, String> prefixes, UnaryOperator<String> jsonName, List<FailWhen> failWhen) {
        this.name = name;
        this.element = element;
        this.root = root;
        this.select = select;
        this.textField = textField;
        this.prefixes = Collections.unmodifiableMap(new LinkedHashMap<>(prefixes)); // stable output order
        this.jsonName = jsonName;
        this.failWhen = failWhen;
    }

    /** The first failWhen rule the legacy answer (the mapping's element) meets, or null: it is to be mapped. */
    public FailWhen failure(Element answer) {
        for (FailWhen f : failWhen) {
            if (f.matches(answer)) {
                return f;
            }
        }
        return null;
    }

    public QName element() {
        return element;
    }

    public String name() {
        return name;
    }

    Field root() {
        return root;
    }

    Field select() {
        return select;
    }

    String textField() {
        return textField;
    }

    /** Prefix to use for a namespace in generated XML. */
    String prefix(String namespace) {
        return prefixes.get(namespace);
    }

    Map<String, String> prefixes() {
        return prefixes;
    }

    /** JSON name of an XML local name that is not in the schema, for error paths. */
    String jsonName(String localName) {
        return jsonName.apply(localName);
    }

    @Override
    public String toString() {
        return "Mapping[" + name + " -> " + element + "]";
    }

    /** @throws IllegalArgumentException naming the file and the offending key */
    public static Mapping load(Path mappingFile) {
        String file = mappingFile.toString();
        JsonNode yaml;
        try {
            yaml = YAML.readTree(mappingFile.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (yaml == null || !yaml.isObject()) {
            throw new IllegalArgumentException(file + ": expected a YAML mapping with keys " + KEYS);
        }
        yaml.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(file + ": " + k + ": unknown key (allowed: " + KEYS + ")");
            }
        });

        String schema = text(yaml, "schema", file, true);
        String elementText = text(yaml, "element", file, true);
        String selectText = text(yaml, "select", file, false);
        String naming = text(yaml, "naming", file, false);
        String textField = text(yaml, "textField", file, false);
        textField = textField == null ? "value" : textField;
        Map<String, String> rename = rename(yaml, file);
        Set<String> unwrap = unwrap(yaml, file);

        UnaryOperator<String> namingRule;
        if (naming == null || naming.equals("camelCase")) {
            namingRule = s -> s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
        } else if (naming.equals("as-is")) {
            namingRule = s -> s;
        } else {
            throw new IllegalArgumentException(file + ": naming: must be camelCase or as-is, not '" + naming + "'");
        }
        UnaryOperator<String> jsonName = s -> rename.getOrDefault(s, namingRule.apply(s));

        QName element;
        if (!elementText.startsWith("{") || elementText.indexOf('}') < 0) {
            // QName.valueOf would silently accept "tns:Foo" as a local name
            throw new IllegalArgumentException(file + ": element: expected {namespace}LocalName, got '" + elementText + "'");
        }
        element = QName.valueOf(elementText);

        Path base = mappingFile.toAbsolutePath().getParent();
        Path schemaFile = base.resolve(schema).normalize();
        XmlSchemaCollection schemas;
        try {
            schemas = SchemaLoader.load(schemaFile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": schema: " + e.getMessage(), e);
        }

        Field root;
        ModelBuilder builder = new ModelBuilder(schemas, file, namingRule, rename, textField, unwrap);
        // XmlSchema resolves references lazily; one mapping at a time per collection keeps that safe.
        synchronized (schemas) {
            XmlSchemaElement decl = schemas.getElementByQName(element);
            if (decl == null) {
                throw new IllegalArgumentException(file + ": element: " + element + " is not declared in " + schema);
            }
            root = builder.root(decl);
        }
        for (String k : rename.keySet()) {
            if (!builder.usedRenames.contains(k)) {
                throw new IllegalArgumentException(file + ": rename: " + k + ": no element or attribute of that name under " + element.getLocalPart());
            }
        }
        for (String u : unwrap) {
            if (!builder.usedUnwraps.contains(u)) {
                throw new IllegalArgumentException(file + ": unwrap: " + u + ": no element of that name under " + element.getLocalPart());
            }
        }
        Field select = selectText == null ? null : select(root, selectText, file);
        Map<String, String> prefixes;
        synchronized (schemas) {
            prefixes = prefixes(schemas, builder.namespaces);
        }
        return new Mapping(name(mappingFile), element, root, select, textField, prefixes, jsonName,
                FailWhen.load(yaml.get("failWhen"), file));
    }

    private static Field select(Field root, String selectText, String file) {
        if (!(root.type instanceof ComplexType wrapper)) {
            throw new IllegalArgumentException(file + ": select: " + root.xmlName.getLocalPart() + " has no child elements");
        }
        Field select = null;
        for (Field f : wrapper.elements) {
            if (f.xmlName.getLocalPart().equals(selectText) || f.xmlName.toString().equals(selectText)) {
                select = f;
            }
        }
        if (select == null) {
            throw new IllegalArgumentException(file + ": select: " + selectText + " is not a child element of "
                    + root.xmlName.getLocalPart());
        }
        // toXml re-creates the wrapper from the selected content alone, so nothing else may be required.
        for (Field f : wrapper.fields()) {
            if (f != select && f.required()) {
                throw new IllegalArgumentException(file + ": select: " + root.xmlName.getLocalPart()
                        + " also requires " + f.xmlName.getLocalPart() + ", which would be lost");
            }
        }
        return select;
    }

    /** Reuses the prefixes the schema authors declared (tns, ...), falling back to tns, ns1, ns2... */
    private static Map<String, String> prefixes(XmlSchemaCollection schemas, Set<String> namespaces) {
        Map<String, String> declared = new HashMap<>();
        for (XmlSchema s : schemas.getXmlSchemas()) {
            NamespacePrefixList ctx = s.getNamespaceContext();
            if (ctx == null) {
                continue;
            }
            for (String p : ctx.getDeclaredPrefixes()) {
                String ns = ctx.getNamespaceURI(p);
                if (!p.isEmpty() && !p.startsWith("xml") && !p.equals("xsi") && ns != null && !ns.isEmpty()) {
                    declared.putIfAbsent(ns, p);
                }
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        int n = 1;
        for (String ns : namespaces) {
            if (ns.isEmpty()) {
                continue;
            }
            String p = declared.get(ns);
            if (p == null || taken.contains(p)) {
                p = taken.contains("tns") ? null : "tns";
                while (p == null || taken.contains(p)) {
                    p = "ns" + n++;
                }
            }
            taken.add(p);
            result.put(ns, p);
        }
        return result;
    }

    private static String text(JsonNode yaml, String key, String file, boolean required) {
        JsonNode v = yaml.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(file + ": " + key + ": missing");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw new IllegalArgumentException(file + ": " + key + ": must be a non-empty string");
        }
        return v.textValue();
    }

    private static Map<String, String> rename(JsonNode yaml, String file) {
        JsonNode v = yaml.get("rename");
        Map<String, String> rename = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return rename;
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException(file + ": rename: must be a map of XML name to JSON name");
        }
        v.properties().forEach(e -> {
            if (!e.getValue().isTextual() || e.getValue().textValue().isBlank()) {
                throw new IllegalArgumentException(file + ": rename: " + e.getKey() + ": must be a non-empty string");
            }
            rename.put(e.getKey(), e.getValue().textValue());
        });
        return rename;
    }

    private static Set<String> unwrap(JsonNode yaml, String file) {
        JsonNode v = yaml.get("unwrap");
        Set<String> unwrap = new HashSet<>();
        if (v == null || v.isNull()) {
            return unwrap;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException(file + ": unwrap: must be a list of wrapper element names");
        }
        v.forEach(n -> {
            if (!n.isTextual() || n.textValue().isBlank()) {
                throw new IllegalArgumentException(file + ": unwrap: must be a list of wrapper element names");
            }
            unwrap.add(n.textValue());
        });
        return unwrap;
    }

    private static String name(Path file) {
        String n = file.getFileName().toString();
        if (n.endsWith(SUFFIX)) {
            return n.substring(0, n.length() - SUFFIX.length());
        }
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
