package vn.gov.ndxp.adapters.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import vn.gov.ndxp.adapters.mapping.MappingException;
import vn.gov.ndxp.adapters.mapping.SecureXml;

/**
 * Stand-in for the Ministry of Justice's legacy civil-status SOAP service (document/literal, SOAP 1.1),
 * on its own port as a real legacy host would be. It answers exactly its WSDL
 * (adapters/civil-status/civil-status.wsdl) from the seed records in sandbox/civil-status/*.xml.
 * Tests and benchmarks can add delay and stop/start it; {@link #reset()} puts it back as configured.
 */
public class LegacyCivilStatusServer {

    public static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String NS = "http://hotich.moj.gov.vn/ws/civil-status/v1";
    public static final String PATH = "/legacy/civil-status";
    private static final Logger LOG = LoggerFactory.getLogger(LegacyCivilStatusServer.class);

    private final int requestedPort;
    private final Path wsdl;
    private final String transactionIdHeader;
    private final Map<String, Element> records = new LinkedHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final long configuredDelayMs;
    private volatile long delayMs;
    private volatile Answer answer = Answer.AS_DECLARED;
    private volatile String lastTransactionId;
    private HttpServer server;
    private ExecutorService executor;

    public LegacyCivilStatusServer(int port, Path wsdl, String transactionIdHeader, long delayMs) throws IOException {
        // real SOAP servers answer without Nagle's delay; the JDK server does only when told (read once)
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
        this.requestedPort = port;
        this.wsdl = wsdl;
        this.transactionIdHeader = transactionIdHeader;
        this.configuredDelayMs = delayMs;
        this.delayMs = delayMs;
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath:sandbox/civil-status/*.xml")) {
            try (InputStream in = r.getInputStream()) {
                Element record = SecureXml.parse(in).getDocumentElement();
                records.put(child(record, "CitizenID").getTextContent(), record);
            }
        }
    }

    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port() == 0 ? requestedPort : port()), 256);
        executor = Executors.newFixedThreadPool(64);
        server.setExecutor(executor);
        server.createContext(PATH, this::handle);
        server.start();
        LOG.info("SANDBOX legacy civil-status SOAP service on http://127.0.0.1:{}{} ({} records)", port(), PATH, records.size());
    }

    /** Closes the port, as when the legacy host goes down. */
    public synchronized void stop() {
        if (server != null) {
            boundPort = server.getAddress().getPort();
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private volatile int boundPort;

    public int port() {
        return server != null ? server.getAddress().getPort() : boundPort;
    }

    public String url() {
        return "http://127.0.0.1:" + port() + PATH;
    }

    public void setDelayMs(long delayMs) {
        this.delayMs = delayMs;
    }

    /** How the stand-in answers a SOAP call: as its WSDL says, or as misbehaving legacy hosts do. */
    public enum Answer {
        AS_DECLARED,
        /** HTTP 200 with an HTML error page, as a proxy or a crashed application server sends. */
        GARBAGE,
        /** HTTP 200 with the envelope cut off half way, as a connection dropped mid-answer leaves it. */
        TRUNCATED,
        /**
         * An unknown citizen as ASMX-style services report it: HTTP 200, a response with Success=false and
         * a StatusCode instead of the NOT_FOUND fault (outside the WSDL, as such answers are).
         */
        STATUS_FLAG
    }

    public void setAnswer(Answer answer) {
        this.answer = answer;
    }

    /** The configured delay again, answers as declared, and listening. */
    public void reset() throws IOException {
        delayMs = configuredDelayMs;
        answer = Answer.AS_DECLARED;
        start();
    }

    public long calls() {
        return calls.get();
    }

    public String lastTransactionId() {
        return lastTransactionId;
    }

    /** The HTTP header names of the last SOAP call (tests check nothing personal travels). */
    public Set<String> lastHeaderNames() {
        return lastHeaderNames;
    }

    private volatile Set<String> lastHeaderNames = Set.of();

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            if ("GET".equals(http.getRequestMethod()) && "wsdl".equalsIgnoreCase(http.getRequestURI().getQuery())) {
                reply(http, 200, "text/xml; charset=UTF-8", Files.readAllBytes(wsdl));
                return;
            }
            if (!"POST".equals(http.getRequestMethod())) {
                reply(http, 405, "text/plain", "POST a SOAP 1.1 envelope".getBytes(StandardCharsets.UTF_8));
                return;
            }
            calls.incrementAndGet();
            lastTransactionId = http.getRequestHeaders().getFirst(transactionIdHeader);
            lastHeaderNames = Set.copyOf(http.getRequestHeaders().keySet());
            LOG.debug("call in transaction {}, answered after {} ms", lastTransactionId, delayMs);
            if (delayMs > 0) {
                Thread.sleep(delayMs);
            }
            Answer how = answer;
            if (how == Answer.GARBAGE) {
                reply(http, 200, "text/html; charset=UTF-8",
                        "<html><body><h1>Service Unavailable</h1><p>Request queue full".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Document answer;
            int status = 200;
            try {
                Element request = firstElement(body(SecureXml.parse(http.getRequestBody())));
                answer = answer(request);
            } catch (LegacyFault f) {
                if (how == Answer.STATUS_FLAG && "NOT_FOUND".equals(f.code)) {
                    answer = statusFlag(f.code, f.getMessage());
                } else {
                    answer = fault(f.client ? "soap:Client" : "soap:Server", f.code, f.getMessage());
                    status = 500;
                }
            } catch (MappingException e) {
                answer = fault("soap:Client", "INVALID_REQUEST", e.getMessage());
                status = 500;
            }
            byte[] bytes = SecureXml.toString(answer).getBytes(StandardCharsets.UTF_8);
            if (how == Answer.TRUNCATED) {
                bytes = Arrays.copyOf(bytes, bytes.length / 2);
            }
            reply(http, status, "text/xml; charset=UTF-8", bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Document answer(Element request) {
        if (request == null || !NS.equals(request.getNamespaceURI())) {
            throw new LegacyFault(true, "INVALID_REQUEST", "Unknown operation");
        }
        Document doc = SecureXml.newDocument();
        Element envelope = envelope(doc);
        Element body = (Element) envelope.getFirstChild();
        switch (request.getLocalName()) {
            case "GetBirthRecord" -> {
                String id = text(request, "CitizenID");
                Element record = records.get(id);
                if (record == null) {
                    throw new LegacyFault(false, "NOT_FOUND", "Không tìm thấy hồ sơ khai sinh (no birth record) for " + id);
                }
                Element response = doc.createElementNS(NS, "tns:GetBirthRecordResponse");
                response.appendChild(doc.importNode(record, true));
                body.appendChild(response);
            }
            case "SearchBirthRecords" -> {
                String dob = text(request, "DateOfBirth");
                String name = text(request, "FullName");
                String max = text(request, "MaxResults");
                List<Element> found = new ArrayList<>();
                for (Element r : records.values()) {
                    if (dob != null && dob.equals(text(r, "DateOfBirth"))
                            && (name == null || text(r, "FullName").toLowerCase().contains(name.toLowerCase()))) {
                        found.add(r);
                    }
                }
                Element response = doc.createElementNS(NS, "tns:SearchBirthRecordsResponse");
                response.setAttribute("total", Integer.toString(found.size()));
                int limit = max == null ? Integer.MAX_VALUE : Integer.parseInt(max);
                found.stream().limit(limit).forEach(r -> response.appendChild(doc.importNode(r, true)));
                body.appendChild(response);
            }
            default -> throw new LegacyFault(true, "INVALID_REQUEST", "Unknown operation " + request.getLocalName());
        }
        return doc;
    }

    private static Element envelope(Document doc) {
        Element envelope = doc.createElementNS(SOAP_NS, "soap:Envelope");
        envelope.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:tns", NS);
        doc.appendChild(envelope);
        envelope.appendChild(doc.createElementNS(SOAP_NS, "soap:Body"));
        return envelope;
    }

    private static Document fault(String faultCode, String code, String message) {
        Document doc = SecureXml.newDocument();
        Element body = (Element) envelope(doc).getFirstChild();
        Element fault = doc.createElementNS(SOAP_NS, "soap:Fault");
        fault.appendChild(plain(doc, "faultcode", faultCode));
        fault.appendChild(plain(doc, "faultstring", message));
        Element detail = doc.createElementNS(null, "detail");
        Element f = doc.createElementNS(NS, "tns:CivilStatusFault");
        Element c = doc.createElementNS(NS, "tns:Code");
        c.setTextContent(code);
        Element m = doc.createElementNS(NS, "tns:Message");
        m.setTextContent(message);
        f.appendChild(c);
        f.appendChild(m);
        detail.appendChild(f);
        fault.appendChild(detail);
        body.appendChild(fault);
        return doc;
    }

    /** An ASMX-style refusal inside a normal answer: GetBirthRecordResponse with Success=false. */
    private static Document statusFlag(String code, String message) {
        Document doc = SecureXml.newDocument();
        Element body = (Element) envelope(doc).getFirstChild();
        Element response = doc.createElementNS(NS, "tns:GetBirthRecordResponse");
        Element success = doc.createElementNS(NS, "tns:Success");
        success.setTextContent("false");
        Element status = doc.createElementNS(NS, "tns:StatusCode");
        status.setTextContent(code);
        Element text = doc.createElementNS(NS, "tns:StatusMessage");
        text.setTextContent(message);
        response.appendChild(success);
        response.appendChild(status);
        response.appendChild(text);
        body.appendChild(response);
        return doc;
    }

    private static Element plain(Document doc, String name, String text) {
        Element e = doc.createElementNS(null, name);
        e.setTextContent(text);
        return e;
    }

    private static Element body(Document envelope) {
        Element env = envelope.getDocumentElement();
        if (!SOAP_NS.equals(env.getNamespaceURI()) || !"Envelope".equals(env.getLocalName())) {
            throw new LegacyFault(true, "INVALID_REQUEST", "Not a SOAP 1.1 envelope");
        }
        for (Node n = env.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "Body".equals(e.getLocalName())) {
                return e;
            }
        }
        throw new LegacyFault(true, "INVALID_REQUEST", "No SOAP Body");
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String localName) {
        Element e = child(parent, localName);
        return e == null ? null : e.getTextContent().trim();
    }

    private static void reply(HttpExchange http, int status, String type, byte[] body) throws IOException {
        http.getResponseHeaders().set("Content-Type", type);
        http.sendResponseHeaders(status, body.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(body);
        }
    }

    private static final class LegacyFault extends RuntimeException {
        final boolean client;
        final String code;

        LegacyFault(boolean client, String code, String message) {
            super(message);
            this.client = client;
            this.code = code;
        }
    }
}
