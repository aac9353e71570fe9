package vn.gov.ndxp.adapters.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;

/**
 * A complex type flattened to ordered element fields, attribute fields and, for simpleContent, the
 * type of its text. Built once by {@link ModelBuilder}, read-only afterwards.
 */
final class ComplexType {

    final String name;                 // for messages
    final String documentation;
    final List<Field> elements = new ArrayList<>();
    final List<Field> attributes = new ArrayList<>();
    SimpleType text;                   // non-null for simpleContent
    private final Map<QName, Field> elementsByXml = new HashMap<>();
    private final Map<QName, Field> attributesByXml = new HashMap<>();
    private final Map<String, Field> byJson = new HashMap<>();

    ComplexType(String name, String documentation) {
        this.name = name;
        this.documentation = documentation;
    }

    /** Adds a field; returns the field already using the same XML or JSON name instead, if any. */
    Field add(Field f) {
        Map<QName, Field> byXml = f.attribute ? attributesByXml : elementsByXml;
        Field clash = byXml.containsKey(f.xmlName) ? byXml.get(f.xmlName) : byJson.get(f.jsonName);
        if (clash != null) {
            return clash;
        }
        (f.attribute ? attributes : elements).add(f);
        byXml.put(f.xmlName, f);
        byJson.put(f.jsonName, f);
        return null;
    }

    Field element(QName xmlName) {
        return elementsByXml.get(xmlName);
    }

    Field attribute(QName xmlName) {
        return attributesByXml.get(xmlName);
    }

    Field field(String jsonName) {
        return byJson.get(jsonName);
    }

    /** All fields in JSON order: elements in schema order, then attributes. */
    List<Field> fields() {
        List<Field> all = new ArrayList<>(elements);
        all.addAll(attributes);
        return Collections.unmodifiableList(all);
    }
}
