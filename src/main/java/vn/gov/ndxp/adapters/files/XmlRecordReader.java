package vn.gov.ndxp.adapters.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the records of an XML batch file with StAX, one element at a time: every element named
 * {@code recordElement} below the root (in {@code namespace} when one is given; any namespace when it is
 * null) is a record. Its attributes and its direct child elements' text are its values, by local name;
 * only the names in {@code fields} are kept. A child not in {@code fields}, a repeated child, or a child
 * holding elements instead of text is a record problem naming that child; a child with
 * {@code xsi:nil="true"} is null. Text is returned as written (not trimmed).
 * <p>
 * As everywhere in this project (see SecureXml), a DOCTYPE is refused, so no DTD, external entity or
 * entity expansion is ever processed; the factory is also configured so that none could be fetched.
 */
public final class XmlRecordReader implements RecordReader {

    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    private static final XMLInputFactory FACTORY = newFactory();

    private final CountingInputStream raw;
    private final TextReader text;
    private final FileEncoding encoding;
    private final String namespace;
    private final String recordElement;
    private final List<String> fields;
    private final Set<String> known;
    private XMLStreamReader reader;
    private int depth;
    private boolean rootSeen;
    private long number;
    private boolean done;
    private FileFormatException failure;

    public XmlRecordReader(InputStream in, String namespace, String recordElement, List<String> fields) {
        this(in, namespace, recordElement, fields, FileEncoding.UTF_8);
    }

    public XmlRecordReader(InputStream in, String namespace, String recordElement, List<String> fields, FileEncoding encoding) {
        this.raw = new CountingInputStream(in, encoding.wide());
        this.encoding = encoding;
        // Decoded here in the layout's encoding (a prolog naming another is refused) rather than by the
        // parser: its decoder prints "[Fatal Error]" to stderr on bad bytes, and knows neither NFC nor TCVN3.
        this.text = new TextReader(raw, encoding, 1 << 16, true);
        this.namespace = namespace;
        this.recordElement = Objects.requireNonNull(recordElement, "recordElement");
        this.fields = List.copyOf(fields);
        this.known = Set.copyOf(fields);
    }

    // The JDK's own implementation (like SecureXml), so a StAX parser on the classpath cannot weaken this.
    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXMLResolver((publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external entities are not accepted");
        });
        return f;
    }

    @Override
    public FileRecord next() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (done) {
            return null;
        }
        try {
            if (reader == null) {
                reader = FACTORY.createXMLStreamReader(text); // reads the prolog: may fail already
                String declared = reader.getCharacterEncodingScheme();
                if (declared != null && !encoding.isNamedBy(declared)) {
                    throw fail("the XML declaration says encoding " + declared + " but the file layout declares "
                            + encoding.label(), reader.getLocation(), null);
                }
            }
            while (reader.hasNext()) {
                switch (nextEvent()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (depth > 0 && isRecord()) {
                            return readRecord(); // consumes up to the record's end tag: depth unchanged
                        }
                        depth++;
                        rootSeen = true;
                    }
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    default -> {
                    }
                }
            }
            done = true;
            return null;
        } catch (XMLStreamException e) {
            throw translate(e);
        } catch (FileFormatException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public long bytesRead() {
        return raw.count();
    }

    @Override
    public void close() throws IOException {
        try {
            if (reader != null) {
                reader.close(); // does not close the stream
            }
        } catch (XMLStreamException e) {
            // nothing held that needs it
        } finally {
            raw.close();
        }
    }

    private boolean isRecord() {
        return recordElement.equals(reader.getLocalName())
                && (namespace == null || namespace.equals(Objects.toString(reader.getNamespaceURI(), "")));
    }

    /** At the record's start tag: reads it whole. */
    private FileRecord readRecord() throws XMLStreamException {
        long line = reader.getLocation().getLineNumber();
        Map<String, String> values = new LinkedHashMap<>(fields.size() * 2);
        fields.forEach(f -> values.put(f, null));
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String name = reader.getAttributeLocalName(i);
            if (known.contains(name)) {
                values.put(name, reader.getAttributeValue(i));
            }
        }
        Set<String> seen = new HashSet<>();
        String problem = null;
        String problemField = null;
        while (true) {
            int event = nextEvent();
            if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue; // whitespace, comments, processing instructions between the fields
            }
            String name = reader.getLocalName();
            String error = null;
            if (!known.contains(name)) {
                error = "unknown element <" + name + ">";
                skipElement();
            } else if (!seen.add(name)) {
                error = "repeated element <" + name + ">";
                skipElement();
            } else {
                boolean nil = "true".equals(reader.getAttributeValue(XSI, "nil"));
                StringBuilder text = new StringBuilder();
                error = readText(name, text);
                values.put(name, nil ? null : text.toString());
            }
            if (error != null && problem == null) {
                problem = error;
                problemField = name;
            }
        }
        return new FileRecord(++number, line, Collections.unmodifiableMap(values), problemField, problem);
    }

    /** Reads a field element's text up to its end tag; returns a problem when it holds elements. */
    private String readText(String name, StringBuilder text) throws XMLStreamException {
        String problem = null;
        while (true) {
            switch (nextEvent()) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                case XMLStreamConstants.START_ELEMENT -> {
                    if (problem == null) {
                        problem = "element <" + name + "> must hold text, found <" + reader.getLocalName() + ">";
                    }
                    skipElement();
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return problem;
                }
                default -> {
                }
            }
        }
    }

    /**
     * The next event; a DOCTYPE, or a reference to an entity (none can be declared without one), ends the
     * file. The parser is set not to process either; this makes it an error rather than a silent gap.
     */
    private int nextEvent() throws XMLStreamException {
        int event = reader.next();
        if (event == XMLStreamConstants.DTD) {
            throw fail("DOCTYPE is not allowed", reader.getLocation(), null);
        }
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
            Location at = reader.getLocation();
            throw fail("malformed XML at line " + at.getLineNumber() + ", column " + at.getColumnNumber()
                    + ": undeclared entity &" + reader.getLocalName() + ";", at, null);
        }
        return event;
    }

    /** At a start tag: moves to its matching end tag. */
    private void skipElement() throws XMLStreamException {
        int level = 1;
        while (level > 0) {
            int event = nextEvent();
            if (event == XMLStreamConstants.START_ELEMENT) {
                level++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                level--;
            }
        }
    }

    private FileFormatException translate(XMLStreamException e) throws IOException {
        Throwable cause = e.getNestedException() != null ? e.getNestedException() : e.getCause();
        if (cause instanceof TextReader.NotTextException bad) {
            // (the cause is the encoding error itself: the intake types its receipt by it)
            failure = new FileFormatException(bad.getMessage(), bad.line, bad.column, number, bad);
            return failure;
        }
        if (cause instanceof IOException io) {
            throw io; // the stream failed, not the file's content: worth a retry, unlike a bad file
        }
        Location at = e.getLocation();
        long line = at == null ? 0 : Math.max(0, at.getLineNumber());
        if (raw.onlyBlank()) {
            return fail("empty file", null, e);
        }
        // The JDK prefixes "ParseError at [row,col]:[l,c]\nMessage: "; the location is given separately.
        String message = e.getMessage() == null ? "" : e.getMessage();
        int m = message.indexOf("Message: ");
        message = m >= 0 ? message.substring(m + "Message: ".length()) : message;
        if (message.startsWith("Scanner State 24 ")) {
            // The JDK scanner's wording for "<!DOCTYPE" met inside the root element (24 = its DOCTYPE state)
            return fail("DOCTYPE is not allowed", at, e);
        }
        String where = "line " + line + ", column " + (at == null ? 0 : Math.max(0, at.getColumnNumber()));
        return fail(!rootSeen ? "not an XML file (" + where + "): " + message
                : "malformed XML at " + where + ": " + message, at, e);
    }

    private FileFormatException fail(String message, Location at, Throwable cause) {
        long line = at == null ? 0 : Math.max(0, at.getLineNumber());
        long column = at == null ? 0 : Math.max(0, at.getColumnNumber());
        failure = new FileFormatException(message, line, column, number);
        if (cause != null) {
            failure.initCause(cause);
        }
        return failure;
    }
}
