package vn.gov.ndxp.adapters.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import org.w3c.dom.Attr;
import org.w3c.dom.CharacterData;
import org.w3c.dom.Comment;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Maps between XML and JSON following the schema behind a {@link Mapping}: repeated elements are always
 * arrays, typed values become JSON numbers and booleans, and toXml restores namespaces, attributes and
 * element order. Stateless and thread-safe.
 */
public final class XmlJsonMapper {

    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    // ---------------------------------------------------------------- XML -> JSON

    /** @param xml the element named by {@link Mapping#element()} */
    public JsonNode toJson(Element xml, Mapping m) {
        Field root = m.root();
        if (!qname(xml).equals(root.xmlName)) {
            throw new MappingException(null, "expected element " + root.xmlName + " but got " + qname(xml));
        }
        if (m.select() == null) {
            return value(xml, root, "", m);
        }
        // Unwrap: the JSON is the content of the selected child; siblings must still be known.
        ComplexType wrapper = (ComplexType) root.type;
        List<Element> selected = new ArrayList<>();
        checkNoText(xml, "");
        for (Element child : childElements(xml)) {
            Field f = wrapper.element(qname(child));
            if (f == null) {
                throw unknownElement(child, "", m);
            }
            if (f == m.select()) {
                selected.add(child);
            }
        }
        JsonNode v = occurrences(selected, m.select(), "", m);
        return v == null ? NullNode.getInstance() : v;
    }

    /** The JSON value of all occurrences of one element field, or null when it is to be omitted. */
    private JsonNode occurrences(List<Element> found, Field f, String path, Mapping m) {
        if (f.repeated()) {
            ArrayNode array = JSON.arrayNode(); // also for one or zero items
            for (int i = 0; i < found.size(); i++) {
                array.add(value(found.get(i), f, index(path, i), m));
            }
            return array;
        }
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() > 1) {
            throw new MappingException(pathOrNull(path), "occurs " + found.size() + " times but the schema allows one");
        }
        return value(found.get(0), f, path, m);
    }

    private JsonNode value(Element e, Field f, String path, Mapping m) {
        String nil = e.getAttributeNS(XSI, "nil");
        if (nil.equals("true") || nil.equals("1")) {
            return NullNode.getInstance();
        }
        List<Element> children = childElements(e);
        if (f.unwrapped != null) {
            // an unwrapped wrapper: its JSON is its only child's value (an array when that child repeats)
            checkAttributes(e, null, path, m);
            checkNoText(e, path);
            for (Element child : children) {
                if (!qname(child).equals(f.unwrapped.xmlName)) {
                    throw unknownElement(child, path, m);
                }
            }
            JsonNode v = occurrences(children, f.unwrapped, path, m);
            return v == null ? NullNode.getInstance() : v;
        }
        if (f.type instanceof SimpleType st) {
            checkAttributes(e, null, path, m);
            if (!children.isEmpty()) {
                throw unknownElement(children.get(0), path, m);
            }
            return st.toJson(e.getTextContent(), pathOrNull(path));
        }
        ComplexType c = (ComplexType) f.type;
        ObjectNode out = JSON.objectNode();
        if (c.text != null) {
            if (!children.isEmpty()) {
                throw unknownElement(children.get(0), path, m);
            }
            out.set(m.textField(), c.text.toJson(e.getTextContent(), child(path, m.textField())));
        } else {
            checkNoText(e, path);
            Map<Field, List<Element>> byField = new HashMap<>();
            for (Element child : children) {
                Field cf = c.element(qname(child));
                if (cf == null) {
                    throw unknownElement(child, path, m);
                }
                byField.computeIfAbsent(cf, k -> new ArrayList<>()).add(child);
            }
            for (Field cf : c.elements) { // schema order, whatever the XML order
                JsonNode v = occurrences(byField.getOrDefault(cf, List.of()), cf, child(path, cf.jsonName), m);
                if (v != null) {
                    out.set(cf.jsonName, v);
                }
            }
        }
        checkAttributes(e, c, path, m);
        for (Field af : c.attributes) {
            Attr a = e.getAttributeNodeNS(af.namespace(), af.xmlName.getLocalPart());
            if (a != null) {
                out.set(af.jsonName, ((SimpleType) af.type).toJson(a.getValue(), child(path, af.jsonName)));
            }
        }
        return out;
    }

    private static List<Element> childElements(Element e) {
        List<Element> result = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                result.add(child);
            }
        }
        return result;
    }

    /** Element-only content: text would be silently lost, so it is an error (whitespace is fine). */
    private static void checkNoText(Element e, String path) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof CharacterData t && !(n instanceof Comment) && !t.getData().isBlank()) {
                throw new MappingException(pathOrNull(path), "unexpected text content");
            }
        }
    }

    private void checkAttributes(Element e, ComplexType c, String path, Mapping m) {
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node a = attrs.item(i);
            String ns = a.getNamespaceURI();
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(ns) || XSI.equals(ns)) {
                continue; // namespace declarations and xsi:nil/type/schemaLocation are not data
            }
            if (c == null || c.attribute(qname(a)) == null) {
                throw new MappingException(child(path, m.jsonName(localName(a))), "unknown attribute " + qname(a));
            }
        }
    }

    private MappingException unknownElement(Element child, String path, Mapping m) {
        return new MappingException(child(path, m.jsonName(localName(child))), "unknown element " + qname(child));
    }

    // ---------------------------------------------------------------- JSON -> XML

    /**
     * @param strict reject JSON fields the schema does not know (requests); false ignores them (responses)
     * @param owner  document to create the element in; null creates a new document with it as root
     * @return an element named {@link Mapping#element()}, not appended unless owner was null
     */
    public Element toXml(JsonNode json, Mapping m, boolean strict, Document owner) {
        Document doc = owner != null ? owner : SecureXml.newDocument();
        Writer w = new Writer(doc, m, strict);
        Field root = m.root();
        Element el = w.newElement(root);
        // Declare every namespace once on the root, so descendants need no declarations of their own.
        m.prefixes().forEach((ns, prefix) ->
                el.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + prefix, ns));
        if (m.select() == null) {
            w.value(el, root, json == null ? NullNode.getInstance() : json, "");
        } else {
            w.field(el, m.select(), json == null || json.isMissingNode() ? null : json, "");
        }
        if (w.usedXsi) {
            el.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xsi", XSI);
        }
        if (owner == null) {
            doc.appendChild(el);
        }
        return el;
    }

    private static final class Writer {
        private final Document doc;
        private final Mapping m;
        private final boolean strict;
        boolean usedXsi;

        Writer(Document doc, Mapping m, boolean strict) {
            this.doc = doc;
            this.m = m;
            this.strict = strict;
        }

        Element newElement(Field f) {
            String ns = f.namespace();
            String local = f.xmlName.getLocalPart();
            return ns == null ? doc.createElementNS(null, local) : doc.createElementNS(ns, m.prefix(ns) + ":" + local);
        }

        /** Writes the content of {@code target} (an element of field f) from v. */
        void value(Element target, Field f, JsonNode v, String path) {
            if (v.isNull()) {
                if (!f.nillable) {
                    throw new MappingException(pathOrNull(path), "must not be null");
                }
                target.setAttributeNS(XSI, "xsi:nil", "true");
                usedXsi = true;
                return;
            }
            if (f.unwrapped != null) {
                field(target, f.unwrapped, v, path); // the wrapper around its only child, as the schema has it
                return;
            }
            if (f.type instanceof SimpleType st) {
                target.setTextContent(st.toXml(v, pathOrNull(path)));
                return;
            }
            ComplexType c = (ComplexType) f.type;
            if (!v.isObject()) {
                throw new MappingException(pathOrNull(path), "expected an object");
            }
            if (strict) {
                v.fieldNames().forEachRemaining(name -> {
                    if (c.field(name) == null && !(c.text != null && name.equals(m.textField()))) {
                        throw new MappingException(child(path, name), "unknown field");
                    }
                });
            }
            if (c.text != null) {
                String p = child(path, m.textField());
                JsonNode t = v.get(m.textField());
                if (t == null) {
                    throw new MappingException(p, "required field is missing");
                }
                if (t.isNull() && !f.nillable) {
                    throw new MappingException(p, "must not be null");
                }
                if (t.isNull()) {
                    target.setAttributeNS(XSI, "xsi:nil", "true");
                    usedXsi = true;
                } else {
                    target.setTextContent(c.text.toXml(t, p));
                }
            }
            for (Field ef : c.elements) {
                field(target, ef, v.get(ef.jsonName), child(path, ef.jsonName));
            }
            for (Field af : c.attributes) {
                String p = child(path, af.jsonName);
                JsonNode av = v.get(af.jsonName);
                if (av == null) {
                    if (af.required()) {
                        throw new MappingException(p, "required field is missing");
                    }
                    continue;
                }
                if (av.isNull()) {
                    throw new MappingException(p, "must not be null");
                }
                String text = ((SimpleType) af.type).toXml(av, p);
                String ns = af.namespace();
                String local = af.xmlName.getLocalPart();
                target.setAttributeNS(ns, ns == null ? local : m.prefix(ns) + ":" + local, text);
            }
        }

        /** Appends the element(s) of one element field to {@code parent}; v null = absent from the JSON. */
        void field(Element parent, Field ef, JsonNode v, String p) {
            if (v == null) {
                if (ef.required()) {
                    throw new MappingException(pathOrNull(p), "required field is missing");
                }
                return;
            }
            if (!ef.repeated()) {
                Element e = newElement(ef);
                parent.appendChild(e);
                value(e, ef, v, p);
                return;
            }
            if (!v.isArray()) {
                throw new MappingException(pathOrNull(p), "expected an array");
            }
            if (v.size() < ef.minOccurs) {
                throw new MappingException(pathOrNull(p), "must have at least " + ef.minOccurs + " item(s)");
            }
            if (v.size() > ef.maxOccurs) {
                throw new MappingException(pathOrNull(p), "must have at most " + ef.maxOccurs + " item(s)");
            }
            for (int i = 0; i < v.size(); i++) {
                Element e = newElement(ef);
                parent.appendChild(e);
                value(e, ef, v.get(i), index(p, i));
            }
        }
    }

    // ---------------------------------------------------------------- JSON Schema

    /** JSON Schema (OpenAPI 3.0 subset) of the JSON that toJson produces and toXml accepts. */
    public ObjectNode jsonSchema(Mapping m) {
        return fieldSchema(m.select() != null ? m.select() : m.root(), m, new HashSet<>());
    }

    private ObjectNode fieldSchema(Field f, Mapping m, Set<ComplexType> open) {
        ObjectNode item = f.unwrapped != null ? fieldSchema(f.unwrapped, m, open) : typeSchema(f.type, m, open);
        if (f.documentation != null) {
            item.put("description", f.documentation);
        }
        if (f.nillable) {
            item.put("nullable", true);
        }
        if (!f.repeated()) {
            return item;
        }
        ObjectNode array = JSON.objectNode();
        array.put("type", "array");
        array.set("items", item);
        return array;
    }

    private ObjectNode typeSchema(Object type, Mapping m, Set<ComplexType> open) {
        if (type instanceof SimpleType st) {
            return st.jsonSchema(JSON);
        }
        ComplexType c = (ComplexType) type;
        ObjectNode s = JSON.objectNode();
        s.put("type", "object");
        if (!open.add(c)) {
            s.put("description", "recursive " + c.name); // JSON Schema here has no $ref target to point at
            return s;
        }
        if (c.documentation != null) {
            s.put("description", c.documentation);
        }
        ObjectNode props = s.putObject("properties");
        List<String> required = new ArrayList<>();
        if (c.text != null) {
            props.set(m.textField(), c.text.jsonSchema(JSON));
            required.add(m.textField());
        }
        for (Field f : c.fields()) {
            props.set(f.jsonName, fieldSchema(f, m, open));
            if (f.required()) {
                required.add(f.jsonName);
            }
        }
        if (!required.isEmpty()) {
            required.forEach(s.putArray("required")::add);
        }
        open.remove(c);
        return s;
    }

    // ---------------------------------------------------------------- helpers

    private static QName qname(Node n) {
        String ns = n.getNamespaceURI();
        return new QName(ns == null ? "" : ns, localName(n));
    }

    private static String localName(Node n) {
        return n.getLocalName() != null ? n.getLocalName() : n.getNodeName(); // non-namespace-aware DOM
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    private static String pathOrNull(String path) {
        return path.isEmpty() ? null : path;
    }
}
