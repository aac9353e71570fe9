package vn.gov.ndxp.adapters.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import org.apache.ws.commons.schema.XmlSchemaCollection;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Reads a .wsdl (the xs:schema elements in its types section) or a .xsd into an XmlSchemaCollection.
 * Parsed collections are cached per file, because one WSDL usually backs many mappings.
 */
final class SchemaLoader {

    private record Entry(FileTime modified, XmlSchemaCollection schemas) {
    }

    private static final Map<Path, Entry> CACHE = new ConcurrentHashMap<>();

    private SchemaLoader() {
    }

    /** @throws IllegalArgumentException with a message that can follow "file: schema: " */
    static XmlSchemaCollection load(Path schemaFile) {
        Path key = schemaFile.toAbsolutePath().normalize();
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(key);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("file not found: " + key);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + key + ": " + e.getMessage());
        }
        // Re-read when the file changed, so an edited adapter folder can be reloaded.
        return CACHE.compute(key, (k, old) -> old != null && old.modified().equals(modified)
                ? old : new Entry(modified, read(k))).schemas();
    }

    private static XmlSchemaCollection read(Path file) {
        Document doc;
        try (InputStream in = Files.newInputStream(file)) {
            doc = SecureXml.parse(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        } catch (MappingException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        String uri = file.toUri().toString();
        XmlSchemaCollection schemas = new XmlSchemaCollection();
        schemas.setBaseUri(uri);
        // xs:import / xs:include may only pull in local files: loading an adapter must not fetch from the network.
        schemas.setSchemaResolver((namespace, location, base) -> {
            URI resolved = base == null ? URI.create(location) : URI.create(base).resolve(location);
            if (!"file".equals(resolved.getScheme())) {
                throw new IllegalArgumentException("only local schema imports are allowed, not " + resolved);
            }
            return new InputSource(resolved.toString());
        });
        try {
            Element root = doc.getDocumentElement();
            if (isSchema(root)) {
                schemas.read(doc, uri);
                return schemas;
            }
            List<Element> found = embeddedSchemas(root);
            if (found.isEmpty()) {
                throw new IllegalArgumentException(file + " is neither an XSD nor a WSDL with xs:schema in its types");
            }
            for (int i = 0; i < found.size(); i++) {
                schemas.read(standalone(found.get(i)), uri + "#schema" + i);
            }
            return schemas;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid schema in " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSchema(Node n) {
        return n instanceof Element && "schema".equals(n.getLocalName())
                && XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(n.getNamespaceURI());
    }

    /** xs:schema children of the (WSDL 1.1 or 2.0) types element. */
    private static List<Element> embeddedSchemas(Element definitions) {
        List<Element> result = new ArrayList<>();
        for (Node types = definitions.getFirstChild(); types != null; types = types.getNextSibling()) {
            if (types instanceof Element && "types".equals(types.getLocalName())) {
                for (Node s = types.getFirstChild(); s != null; s = s.getNextSibling()) {
                    if (isSchema(s)) {
                        result.add((Element) s);
                    }
                }
            }
        }
        return result;
    }

    /**
     * Copies an embedded schema into its own document, carrying over the namespace declarations it
     * inherits from wsdl:definitions (e.g. xmlns:tns), which type references rely on.
     */
    private static Document standalone(Element schema) {
        Document doc = SecureXml.newDocument();
        Element copy = (Element) doc.importNode(schema, true);
        doc.appendChild(copy);
        for (Node n = schema.getParentNode(); n instanceof Element; n = n.getParentNode()) {
            NamedNodeMap attrs = n.getAttributes();
            for (int i = 0; i < attrs.getLength(); i++) {
                Attr a = (Attr) attrs.item(i);
                if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())
                        && !copy.hasAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, a.getLocalName())) {
                    copy.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, a.getName(), a.getValue());
                }
            }
        }
        return doc;
    }
}
