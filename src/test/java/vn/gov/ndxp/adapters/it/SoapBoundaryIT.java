package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.gov.ndxp.adapters.audit.TransactionLog;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.gov.ndxp.adapters.mapping.SecureXml;

/**
 * The door of the SOAP facades and the token audience, table-driven: each hostile request gets its typed
 * refusal (SOAP fault ndxp:category with the transaction id, or problem+json) and the runtime keeps serving.
 * SOAP requests go over a raw socket so that the test controls what is sent (a declared length with no
 * body, a chunked body that never ends, the source address 127.0.0.2, headers a proxy would add).
 */
class SoapBoundaryIT extends SandboxTestSupport {

    private static final String NS = "http://motcua.gov.vn/ws/citizen/v1";
    private static final String BUSINESS_REGISTRY = "VN:GOV:000.00.00.G08:business-registry";
    private static final String ENTERPRISE = "/ndxp/v1/business-registry/enterprises/0101234567";
    /** ndxp.inbound.max-soap-body-size (default 1MB) */
    private static final int LIMIT = 1024 * 1024;

    @Autowired
    TransactionLog log;
    @Autowired
    JdbcTemplate jdbc;

    interface Call {
        Answer send(SoapBoundaryIT it, String txId) throws Exception;
    }

    record Case(String name, Call call, int status, String category, boolean recorded) {
        Case(String name, Call call, int status, String category) {
            this(name, call, status, category, true);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("declared Content-Length over the limit, refused before any byte is read", (it, tx) -> it.soap("127.0.0.1",
                        Map.of("Content-Length", "20971520", "X-NDXP-Transaction-Id", tx), null), 500, "client.payload-too-large"),
                new Case("chunked body cut at the limit", (it, tx) -> it.soap("127.0.0.1",
                        Map.of("Transfer-Encoding", "chunked", "X-NDXP-Transaction-Id", tx), SoapBoundaryIT::endlessChunks),
                        500, "client.payload-too-large"),
                new Case("element depth over the limit", (it, tx) -> it.soap("127.0.0.1", tx,
                        envelope("<c:x>".repeat(40) + "001203000001" + "</c:x>".repeat(40))), 500, "client.bad-request"),
                // on the envelope, where no mapping looks: only the XML limit refuses them
                new Case("too many attributes", (it, tx) -> it.soap("127.0.0.1", tx, lookup().replace("<soap:Envelope ", "<soap:Envelope"
                        + Stream.iterate(0, i -> i + 1).limit(40).map(i -> " a" + i + "=\"v\"").reduce("", String::concat) + " ")),
                        500, "client.bad-request"),
                new Case("attribute value over the size limit", (it, tx) -> it.soap("127.0.0.1", tx,
                        lookup().replace("<soap:Envelope ", "<soap:Envelope a=\"" + "v".repeat(5000) + "\" ")), 500, "client.bad-request"),
                new Case("DOCTYPE with an internal entity", (it, tx) -> it.soap("127.0.0.1", tx,
                        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY id \"001203000001\">]>"
                                + envelope("<c:CitizenID>&id;</c:CitizenID>").substring("<?xml version=\"1.0\"?>".length())),
                        500, "client.bad-request"),
                new Case("caller outside soap-allowed-addresses", (it, tx) -> it.soap("127.0.0.2", tx, lookup()),
                        500, "client.forbidden"),
                // Tomcat's own default would trust 127.0.0.2 (127/8) as a proxy and take 127.0.0.1 from the header
                new Case("forged X-Forwarded-For naming an allowed address from an untrusted peer", (it, tx) -> it.soap("127.0.0.2",
                        Map.of("X-Forwarded-For", "127.0.0.1", "X-Forwarded-Proto", "https", "X-NDXP-Transaction-Id", tx,
                                "Content-Length", String.valueOf(lookup().getBytes(StandardCharsets.UTF_8).length)),
                        out -> out.write(lookup().getBytes(StandardCharsets.UTF_8))), 500, "client.forbidden"),
                new Case("token for civil-status presented to business-registry", (it, tx) -> it.rest(ENTERPRISE,
                        it.token(CIVIL_STATUS), tx), 401, "client.unauthorized"),
                new Case("token without audience", (it, tx) -> it.rest("/ndxp/v1/civil-status/birth-records/001203000001",
                        it.token(null), tx), 401, "client.unauthorized"),
                new Case("platform refuses a token for another provider", (it, tx) -> it.rest(
                        "/sandbox/ndxp/r1/VN:GOV:000.00.00.G22:civil-status/birth-records/001203000001", it.token(BUSINESS_REGISTRY), tx),
                        401, "client.unauthorized", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithItsCategoryAndTheRuntimeKeepsServing(Case c) throws Exception {
        String txId = UUID.randomUUID().toString();
        Answer a = c.call().send(this, txId);
        assertThat(a.status()).as(a.body()).isEqualTo(c.status());
        assertThat(a.headers().get("x-ndxp-error")).as(a.body()).isEqualTo(c.category());
        assertThat(a.headers().get("x-ndxp-transaction-id")).isEqualTo(txId);
        if (a.headers().getOrDefault("content-type", "").startsWith("application/problem+json")) {
            JsonNode p = json.readTree(a.body());
            assertThat(p.get("category").asText()).isEqualTo(c.category());
            assertThat(p.get("status").asInt()).isEqualTo(c.status());
            assertThat(p.get("transactionId").asText()).isEqualTo(txId);
        } else {
            assertThat(a.headers().get("content-type")).startsWith("text/xml");
            Document doc = SecureXml.parse(a.body());
            Element code = (Element) doc.getElementsByTagName("faultcode").item(0);
            String[] qname = code.getTextContent().split(":", 2);
            assertThat(code.lookupNamespaceURI(qname[0])).isEqualTo("urn:ndxp:error");
            assertThat(qname[1]).isEqualTo(c.category());
            assertThat(doc.getElementsByTagNameNS("urn:ndxp:error", "category").item(0).getTextContent()).isEqualTo(c.category());
            assertThat(doc.getElementsByTagNameNS("urn:ndxp:error", "transactionId").item(0).getTextContent()).isEqualTo(txId);
            assertThat(a.body()).doesNotContain("Could not parse").doesNotContain("Trần Minh Khôi");
        }
        if (c.recorded()) {
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(jdbc.queryForList("SELECT error_category FROM ndxp_transaction WHERE transaction_id = ?", String.class, txId))
                    .as("the refusal is in the transaction log").containsExactly(c.category());
        }
        // the runtime keeps serving: the facade answers a good request, the provider an audience-bound token
        Answer ok = soap("127.0.0.1", UUID.randomUUID().toString(), lookup());
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).containsPattern("CitizenID>001203000001</").contains("Trần Minh Khôi");
        assertThat(rest(ENTERPRISE, token(BUSINESS_REGISTRY), UUID.randomUUID().toString()).status()).isEqualTo(200);
    }

    private static String envelope(String citizen) {
        return "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<c:LookupCitizen xmlns:c=\"" + NS + "\">" + citizen + "</c:LookupCitizen></soap:Body></soap:Envelope>";
    }

    private static String lookup() {
        return envelope("<c:CitizenID>001203000001</c:CitizenID>");
    }

    /** A well-formed envelope start, then comments in chunks past the limit; the last chunk never comes. */
    private static void endlessChunks(OutputStream out) throws IOException {
        chunk(out, "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>");
        String comment = "<!--" + "x".repeat(8184) + "-->";
        for (int sent = 0; sent < LIMIT + 256 * 1024; sent += comment.length()) {
            chunk(out, comment);
        }
    }

    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    interface Body {
        void write(OutputStream out) throws IOException;
    }

    private Answer soap(String from, String txId, String envelope) throws Exception {
        byte[] b = envelope.getBytes(StandardCharsets.UTF_8);
        return soap(from, Map.of("Content-Length", String.valueOf(b.length), "X-NDXP-Transaction-Id", txId), out -> out.write(b));
    }

    /**
     * A POST to the facade from the local address {@code from}; the body is written by another thread so
     * that an answer given before the whole body was sent is read.
     */
    private Answer soap(String from, Map<String, String> headers, Body body) throws Exception {
        try (Socket s = new Socket()) {
            s.setSoTimeout(30_000);
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            StringBuilder head = new StringBuilder("POST /soap/one-stop-office HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: text/xml; charset=UTF-8\r\nSOAPAction: \"" + NS + "/LookupCitizen\"\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            OutputStream out = s.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = new Thread(() -> {
                try {
                    if (body != null) {
                        body.write(out);
                        out.flush();
                    }
                } catch (IOException e) {
                    // the server answered and closed before the body was all sent: expected for refusals
                }
            });
            writer.setDaemon(true);
            writer.start();
            return read(s.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String status = line(in);
        Map<String, String> headers = new TreeMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(), h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private Answer rest(String path, String token, String txId) throws Exception {
        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + token).header("X-NDXP-Client", CLIENT)
                .header("X-NDXP-Transaction-Id", txId).GET().build());
        Map<String, String> headers = new TreeMap<>();
        res.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        return new Answer(res.statusCode(), headers, res.body());
    }
}
