package vn.gov.ndxp.adapters.mapping;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import org.apache.ws.commons.schema.XmlSchemaAll;
import org.apache.ws.commons.schema.XmlSchemaAnnotated;
import org.apache.ws.commons.schema.XmlSchemaAnnotationItem;
import org.apache.ws.commons.schema.XmlSchemaAttribute;
import org.apache.ws.commons.schema.XmlSchemaAttributeGroupRef;
import org.apache.ws.commons.schema.XmlSchemaChoice;
import org.apache.ws.commons.schema.XmlSchemaCollection;
import org.apache.ws.commons.schema.XmlSchemaComplexContentExtension;
import org.apache.ws.commons.schema.XmlSchemaComplexContentRestriction;
import org.apache.ws.commons.schema.XmlSchemaComplexType;
import org.apache.ws.commons.schema.XmlSchemaContent;
import org.apache.ws.commons.schema.XmlSchemaContentModel;
import org.apache.ws.commons.schema.XmlSchemaDocumentation;
import org.apache.ws.commons.schema.XmlSchemaElement;
import org.apache.ws.commons.schema.XmlSchemaEnumerationFacet;
import org.apache.ws.commons.schema.XmlSchemaFacet;
import org.apache.ws.commons.schema.XmlSchemaGroup;
import org.apache.ws.commons.schema.XmlSchemaGroupParticle;
import org.apache.ws.commons.schema.XmlSchemaGroupRef;
import org.apache.ws.commons.schema.XmlSchemaLengthFacet;
import org.apache.ws.commons.schema.XmlSchemaMaxExclusiveFacet;
import org.apache.ws.commons.schema.XmlSchemaMaxInclusiveFacet;
import org.apache.ws.commons.schema.XmlSchemaMaxLengthFacet;
import org.apache.ws.commons.schema.XmlSchemaMinExclusiveFacet;
import org.apache.ws.commons.schema.XmlSchemaMinInclusiveFacet;
import org.apache.ws.commons.schema.XmlSchemaMinLengthFacet;
import org.apache.ws.commons.schema.XmlSchemaParticle;
import org.apache.ws.commons.schema.XmlSchemaPatternFacet;
import org.apache.ws.commons.schema.XmlSchemaSequence;
import org.apache.ws.commons.schema.XmlSchemaSimpleContentExtension;
import org.apache.ws.commons.schema.XmlSchemaSimpleContentRestriction;
import org.apache.ws.commons.schema.XmlSchemaSimpleType;
import org.apache.ws.commons.schema.XmlSchemaSimpleTypeRestriction;
import org.apache.ws.commons.schema.XmlSchemaType;
import org.apache.ws.commons.schema.XmlSchemaUse;
import org.w3c.dom.NodeList;

/**
 * Turns XmlSchema declarations into the mapper's own small model (Field / ComplexType / SimpleType),
 * applying the mapping's JSON naming. Single use, single thread; the result is immutable.
 */
final class ModelBuilder {

    private static final String XSD = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    private final XmlSchemaCollection schemas;
    private final String file;                      // mapping file, for error messages
    private final UnaryOperator<String> naming;
    private final Map<String, String> rename;
    private final String textField;
    private final Set<String> unwrap;               // wrapper elements to unwrap, by local name or {ns}local
    final Set<String> usedUnwraps = new HashSet<>();
    private final Map<XmlSchemaType, Object> built = new IdentityHashMap<>(); // also breaks recursion
    final Set<String> usedRenames = new HashSet<>();
    final Set<String> namespaces = new LinkedHashSet<>(); // every namespace the output can contain

    ModelBuilder(XmlSchemaCollection schemas, String file, UnaryOperator<String> naming, Map<String, String> rename,
            String textField, Set<String> unwrap) {
        this.unwrap = unwrap;
        this.schemas = schemas;
        this.file = file;
        this.naming = naming;
        this.rename = rename;
        this.textField = textField;
    }

    Field root(XmlSchemaElement global) {
        return element(global, 1, 1);
    }

    private Field element(XmlSchemaElement decl, long min, long max) {
        XmlSchemaElement target = decl.isRef() ? decl.getRef().getTarget() : decl;
        if (target == null) {
            throw error("element", "unresolved element reference " + decl.getRef().getTargetQName());
        }
        // Global elements (and refs to them) are always qualified; local ones follow form/elementFormDefault.
        QName wire = target.isTopLevel() ? target.getQName() : decl.getWireName();
        namespaces.add(wire.getNamespaceURI());
        Object type = type(typeOf(target), wire);
        String doc = documentation(decl) != null ? documentation(decl) : documentation(target);
        return new Field(wire, jsonName(wire.getLocalPart()), false, min, max, target.isNillable(), type, doc,
                unwrapped(wire, type));
    }

    /** The only child of a wrapper element named in unwrap (.NET's ArrayOfX), or null when it is not unwrapped. */
    private Field unwrapped(QName wire, Object type) {
        String name = unwrap.contains(wire.toString()) ? wire.toString() : unwrap.contains(wire.getLocalPart()) ? wire.getLocalPart() : null;
        if (name == null) {
            return null;
        }
        usedUnwraps.add(name);
        if (!(type instanceof ComplexType c) || c.elements.size() != 1 || !c.attributes.isEmpty() || c.text != null) {
            throw error("unwrap", name + ": not a wrapper of exactly one child element without attributes");
        }
        return c.elements.get(0);
    }

    private XmlSchemaType typeOf(XmlSchemaElement e) {
        if (e.getSchemaType() != null) {
            return e.getSchemaType();
        }
        if (e.getSchemaTypeName() == null) {
            return null; // no type at all: xs:anyType
        }
        return lookup(e.getSchemaTypeName());
    }

    private XmlSchemaType lookup(QName typeName) {
        XmlSchemaType t = schemas.getTypeByQName(typeName);
        if (t == null) {
            throw error("schema", "type " + typeName + " is not declared");
        }
        return t;
    }

    private Object type(XmlSchemaType t, QName owner) {
        if (t == null || (t instanceof XmlSchemaComplexType && builtin(t))) {
            return SimpleType.of("anyType"); // untyped content is carried as text
        }
        if (t instanceof XmlSchemaSimpleType s) {
            return simple(s);
        }
        Object done = built.get(t);
        if (done != null) {
            return done;
        }
        String name = t.getQName() != null ? t.getQName().getLocalPart() : "anonymous type of " + owner.getLocalPart();
        ComplexType c = new ComplexType(name, documentation(t));
        built.put(t, c); // before filling, so a recursive reference finds it
        fill(c, (XmlSchemaComplexType) t);
        if (c.text != null && c.attributes.isEmpty()) {
            built.put(t, c.text); // simpleContent without attributes is just a value
            return c.text;
        }
        if (c.text != null && c.field(textField) != null) {
            throw error("textField", "'" + textField + "' is also the name of a field of " + name);
        }
        return c;
    }

    private void fill(ComplexType c, XmlSchemaComplexType t) {
        XmlSchemaContentModel model = t.getContentModel();
        if (model == null) {
            particle(c, t.getParticle(), 1, 1, false);
            attributes(c, t.getAttributes());
            return;
        }
        XmlSchemaContent content = model.getContent();
        if (content instanceof XmlSchemaComplexContentExtension ext) {
            fillFromBase(c, ext.getBaseTypeName()); // base fields first
            particle(c, ext.getParticle(), 1, 1, false);
            attributes(c, ext.getAttributes());
        } else if (content instanceof XmlSchemaComplexContentRestriction res) {
            // A restriction restates the content model; attributes not restated are inherited.
            particle(c, res.getParticle(), 1, 1, false);
            attributes(c, res.getAttributes());
            XmlSchemaType base = lookup(res.getBaseTypeName());
            if (base instanceof XmlSchemaComplexType b && !builtin(b)) {
                ComplexType inherited = new ComplexType(c.name, null);
                fill(inherited, b);
                inherited.attributes.forEach(c::add); // same XML name already present -> kept as restated
            }
        } else if (content instanceof XmlSchemaSimpleContentExtension ext) {
            XmlSchemaType base = lookup(ext.getBaseTypeName());
            if (base instanceof XmlSchemaSimpleType s) {
                c.text = simple(s);
            } else {
                fill(c, (XmlSchemaComplexType) base);
            }
            attributes(c, ext.getAttributes());
        } else if (content instanceof XmlSchemaSimpleContentRestriction res) {
            XmlSchemaType base = lookup(res.getBaseTypeName());
            if (base instanceof XmlSchemaComplexType b) {
                fill(c, b);
            }
            SimpleType baseText = c.text != null ? c.text : SimpleType.of("string");
            c.text = restrict(baseText, res.getFacets());
            attributes(c, res.getAttributes());
        }
    }

    private void fillFromBase(ComplexType c, QName baseName) {
        XmlSchemaType base = lookup(baseName);
        if (base instanceof XmlSchemaComplexType b && !builtin(b)) {
            fill(c, b);
        }
    }

    /** Flattens a content model; min/max are the occurrence bounds of the enclosing groups. */
    private void particle(ComplexType c, XmlSchemaParticle p, long min, long max, boolean inChoice) {
        if (p == null) {
            return;
        }
        // Inside a choice any branch may be absent, so nothing there is required on its own.
        long pMin = inChoice ? 0 : min * p.getMinOccurs();
        long pMax = times(max, p.getMaxOccurs());
        if (p instanceof XmlSchemaElement e) {
            add(c, element(e, pMin, pMax));
        } else if (p instanceof XmlSchemaSequence s) {
            s.getItems().forEach(i -> member(c, i, pMin, pMax, false));
        } else if (p instanceof XmlSchemaChoice ch) {
            ch.getItems().forEach(i -> member(c, i, pMin, pMax, true));
        } else if (p instanceof XmlSchemaAll all) {
            all.getItems().forEach(i -> member(c, i, pMin, pMax, false));
        } else if (p instanceof XmlSchemaGroupRef ref) {
            XmlSchemaGroupParticle g = ref.getParticle();
            if (g == null) {
                XmlSchemaGroup group = schemas.getGroupByQName(ref.getRefName());
                if (group == null) {
                    throw error("schema", "group " + ref.getRefName() + " is not declared");
                }
                g = group.getParticle();
            }
            particle(c, g, pMin, pMax, false);
        }
        // xs:any is not mapped: content it would allow is reported as unknown.
    }

    private void member(ComplexType c, Object item, long min, long max, boolean inChoice) {
        if (item instanceof XmlSchemaParticle p) {
            particle(c, p, min, max, inChoice);
        }
    }

    private static long times(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a == Field.UNBOUNDED || b == Field.UNBOUNDED ? Field.UNBOUNDED : a * b;
    }

    private void attributes(ComplexType c, List<?> declarations) {
        for (Object d : declarations) {
            if (d instanceof XmlSchemaAttribute a) {
                if (a.getUse() == XmlSchemaUse.PROHIBITED) {
                    continue;
                }
                XmlSchemaAttribute target = a.isRef() ? a.getRef().getTarget() : a;
                if (target == null) {
                    throw error("schema", "unresolved attribute reference " + a.getRef().getTargetQName());
                }
                QName wire = target.isTopLevel() ? target.getQName() : a.getWireName();
                if (!wire.getNamespaceURI().isEmpty()) {
                    namespaces.add(wire.getNamespaceURI());
                }
                XmlSchemaType type = target.getSchemaType() != null ? target.getSchemaType()
                        : target.getSchemaTypeName() != null ? lookup(target.getSchemaTypeName()) : null;
                SimpleType st = type == null ? SimpleType.of("anySimpleType") : simple((XmlSchemaSimpleType) type);
                String doc = documentation(a) != null ? documentation(a) : documentation(target);
                long min = a.getUse() == XmlSchemaUse.REQUIRED ? 1 : 0;
                add(c, new Field(wire, jsonName(wire.getLocalPart()), true, min, 1, false, st, doc));
            } else if (d instanceof XmlSchemaAttributeGroupRef g) {
                if (g.getRef().getTarget() == null) {
                    throw error("schema", "attribute group " + g.getRef().getTargetQName() + " is not declared");
                }
                attributes(c, g.getRef().getTarget().getAttributes());
            }
        }
    }

    private void add(ComplexType c, Field f) {
        Field clash = c.add(f);
        if (clash == null) {
            return;
        }
        if (clash.xmlName.equals(f.xmlName) && clash.attribute == f.attribute) {
            throw error("element", f.xmlName + " appears more than once in the content of " + c.name
                    + ", which is not supported");
        }
        boolean renamed = rename.containsKey(f.xmlName.getLocalPart()) || rename.containsKey(clash.xmlName.getLocalPart());
        throw error(renamed ? "rename" : "naming", clash.xmlName + " and " + f.xmlName + " of " + c.name
                + " both map to JSON name '" + f.jsonName + "'");
    }

    // ---- simple types ----

    private SimpleType simple(XmlSchemaSimpleType t) {
        Object done = built.get(t);
        if (done != null) {
            return (SimpleType) done;
        }
        SimpleType result;
        if (builtin(t)) {
            result = SimpleType.of(t.getQName().getLocalPart());
        } else if (t.getContent() instanceof XmlSchemaSimpleTypeRestriction r) {
            XmlSchemaType base = r.getBaseType() != null ? r.getBaseType() : lookup(r.getBaseTypeName());
            result = restrict(simple((XmlSchemaSimpleType) base), r.getFacets());
        } else {
            result = SimpleType.of("anySimpleType"); // xs:list / xs:union: kept as the text written
        }
        built.put(t, result);
        return result;
    }

    /** Applies one restriction step's facets on top of its base. */
    private static SimpleType restrict(SimpleType base, List<XmlSchemaFacet> facets) {
        List<String> enumeration = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        Integer minLength = base.minLength;
        Integer maxLength = base.maxLength;
        SimpleType.Bound lower = base.lower;
        SimpleType.Bound upper = base.upper;
        for (XmlSchemaFacet f : facets) {
            String raw = String.valueOf(f.getValue());
            String v = raw.strip();
            boolean lowerBound = f instanceof XmlSchemaMinInclusiveFacet || f instanceof XmlSchemaMinExclusiveFacet;
            boolean upperBound = f instanceof XmlSchemaMaxInclusiveFacet || f instanceof XmlSchemaMaxExclusiveFacet;
            if (f instanceof XmlSchemaEnumerationFacet) {
                enumeration.add(raw);
            } else if (f instanceof XmlSchemaPatternFacet) {
                patterns.add(raw);
            } else if ((lowerBound || upperBound) && base.numeric() && !v.endsWith("INF")) {
                boolean exclusive = f instanceof XmlSchemaMinExclusiveFacet || f instanceof XmlSchemaMaxExclusiveFacet;
                SimpleType.Bound b = new SimpleType.Bound(new BigDecimal(v), exclusive);
                if (lowerBound) {
                    lower = b;
                } else {
                    upper = b;
                }
            } else if (f instanceof XmlSchemaLengthFacet) {
                minLength = Integer.valueOf(v);
                maxLength = Integer.valueOf(v);
            } else if (f instanceof XmlSchemaMinLengthFacet) {
                minLength = Integer.valueOf(v);
            } else if (f instanceof XmlSchemaMaxLengthFacet) {
                maxLength = Integer.valueOf(v);
            }
        }
        List<List<String>> allPatterns = new ArrayList<>();
        if (!patterns.isEmpty()) {
            allPatterns.add(patterns); // most derived first: it is the one shown in JSON Schema
        }
        allPatterns.addAll(base.patterns);
        return new SimpleType(base.builtin, enumeration.isEmpty() ? base.enumeration : enumeration, allPatterns,
                minLength, maxLength, lower, upper);
    }

    private static boolean builtin(XmlSchemaType t) {
        return t.getQName() != null && XSD.equals(t.getQName().getNamespaceURI());
    }

    // ---- naming and helpers ----

    private String jsonName(String localName) {
        String renamed = rename.get(localName);
        if (renamed != null) {
            usedRenames.add(localName);
            return renamed;
        }
        return naming.apply(localName);
    }

    private static String documentation(XmlSchemaAnnotated a) {
        if (a == null || a.getAnnotation() == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (XmlSchemaAnnotationItem item : a.getAnnotation().getItems()) {
            if (item instanceof XmlSchemaDocumentation d && d.getMarkup() != null) {
                NodeList markup = d.getMarkup();
                for (int i = 0; i < markup.getLength(); i++) {
                    sb.append(markup.item(i).getTextContent());
                }
            }
        }
        String text = sb.toString().strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? null : text;
    }

    private IllegalArgumentException error(String key, String what) {
        return new IllegalArgumentException(file + ": " + key + ": " + what);
    }
}
