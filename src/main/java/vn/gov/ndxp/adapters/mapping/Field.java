package vn.gov.ndxp.adapters.mapping;

import javax.xml.namespace.QName;

/** One element or attribute of a complex type, with its JSON name and occurrence rules. Immutable. */
final class Field {

    static final long UNBOUNDED = Long.MAX_VALUE; // XmlSchema's value for maxOccurs="unbounded"

    final QName xmlName;      // as on the wire: empty namespace when unqualified
    final String jsonName;
    final boolean attribute;
    final long minOccurs;     // attributes: 1 when use="required"
    final long maxOccurs;
    final boolean nillable;
    final Object type;        // SimpleType or ComplexType
    final String documentation;
    /** The only child element of a wrapper the mapping unwraps (unwrap): the JSON is its value, or null. */
    final Field unwrapped;

    Field(QName xmlName, String jsonName, boolean attribute, long minOccurs, long maxOccurs, boolean nillable,
            Object type, String documentation) {
        this(xmlName, jsonName, attribute, minOccurs, maxOccurs, nillable, type, documentation, null);
    }

    Field(QName xmlName, String jsonName, boolean attribute, long minOccurs, long maxOccurs, boolean nillable,
            Object type, String documentation, Field unwrapped) {
        this.xmlName = xmlName;
        this.jsonName = jsonName;
        this.attribute = attribute;
        this.minOccurs = minOccurs;
        this.maxOccurs = maxOccurs;
        this.nillable = nillable;
        this.type = type;
        this.documentation = documentation;
        this.unwrapped = unwrapped;
    }

    /** Repeated elements are always JSON arrays, whatever the number of occurrences. */
    boolean repeated() {
        return maxOccurs > 1;
    }

    boolean required() {
        return minOccurs >= 1;
    }

    /** Namespace for DOM calls (null, not "", when unqualified). */
    String namespace() {
        return xmlName.getNamespaceURI().isEmpty() ? null : xmlName.getNamespaceURI();
    }
}
