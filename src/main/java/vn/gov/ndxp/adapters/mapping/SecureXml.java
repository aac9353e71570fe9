package vn.gov.ndxp.adapters.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The only place XML is parsed. Untrusted XML (SOAP bodies, files) must never reach a DTD, an external
 * entity or XInclude: DOCTYPE is refused outright, which also rules out entity-expansion bombs.
 */
public final class SecureXml {

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";

    // The JDK's own implementations, so a parser that happens to be on the classpath cannot weaken this.
    private static final DocumentBuilderFactory FACTORY = newFactory();
    private static final TransformerFactory TRANSFORMERS = newTransformerFactory();
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(() -> {
        try {
            return FACTORY.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    });

    private SecureXml() {
    }

    private static DocumentBuilderFactory newFactory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature(DISALLOW_DOCTYPE, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser does not support secure configuration", e);
        }
    }

    private static TransformerFactory newTransformerFactory() {
        TransformerFactory f = TransformerFactory.newDefaultInstance();
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (TransformerConfigurationException e) {
            throw new IllegalStateException(e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        return f;
    }

    public static Document parse(InputStream in) throws MappingException {
        return parse(new InputSource(in));
    }

    public static Document parse(String xml) throws MappingException {
        return parse(new InputSource(new StringReader(xml)));
    }

    private static Document parse(InputSource source) {
        try {
            return builder().parse(source);
        } catch (SAXParseException e) {
            // The feature URI is a message argument in every locale, unlike the message text itself.
            if (e.getMessage() != null && e.getMessage().contains(DISALLOW_DOCTYPE)) {
                throw new MappingException(null, "XML with a DOCTYPE is not accepted");
            }
            throw new MappingException(null, "malformed XML at line " + e.getLineNumber() + ": " + e.getMessage());
        } catch (SAXException e) {
            throw new MappingException(null, "malformed XML: " + e.getMessage());
        } catch (IOException e) {
            throw new MappingException(null, "cannot read XML: " + e.getMessage());
        }
    }

    /** This thread's builder, reset: creating one per document cost about as much as parsing a small one. */
    private static DocumentBuilder builder() {
        DocumentBuilder b = BUILDERS.get();
        b.reset(); // reset() drops the handlers: set again
        b.setErrorHandler(THROWING); // default handler prints "[Fatal Error]" to stderr
        b.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entities are not accepted");
        });
        return b;
    }

    public static Document newDocument() {
        return BUILDERS.get().newDocument();
    }

    /** Serializes without XML declaration and without indentation. */
    public static String toString(Node node) {
        try {
            Transformer t = TRANSFORMERS.newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.INDENT, "no");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(node), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialize XML", e);
        }
    }

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
