package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.gov.ndxp.adapters.audit.ChainVerifier;

/**
 * Hostile input at the NDXP REST door (and what the web server refuses before any route on /ndxp/**
 * and /soap/**), over raw HTTP so that nothing a client library refuses to send is left out. Each case
 * asserts status, X-NDXP-Error, the NDXP error form and the field or detail it names.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestBoundaryIT extends SandboxTestSupport {

    private static final String ENTERPRISE = "/ndxp/v1/business-registry/enterprises/0101234567";
    private static final String INSPECTIONS = "/ndxp/v1/business-registry/inspections";
    private static final String INSPECTION = "{\"taxCode\":\"0101234567\",\"inspectedOn\":\"2026-11-20\",\"authority\":\"X\",\"result\":\"PASSED\"}";
    private static final int OVER_BODY_LIMIT = 300 * 1024;

    @Autowired
    JdbcTemplate jdbc;

    /** One hostile request and the refusal it must get. */
    record Case(String name, String method, String target, boolean auth, List<String> headers, byte[] body,
                Send send, int status, String category, Form form, String field, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    enum Send { NONE, WHOLE, DECLARED_ONLY, CHUNKED }

    enum Form { PROBLEM, SOAP }

    private static Case get(String name, String target, boolean auth, List<String> headers, int status, String category, String field, String detail) {
        return new Case(name, "GET", target, auth, headers, null, Send.NONE, status, category, Form.PROBLEM, field, detail);
    }

    private static Case post(String name, String contentType, byte[] body, Send send, int status, String category, String field, String detail) {
        List<String> headers = contentType == null ? List.of() : List.of("Content-Type: " + contentType);
        return new Case(name, "POST", INSPECTIONS, true, headers, body, send, status, category, Form.PROBLEM, field, detail);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Case> cases() {
        String bad = "client.bad-request";
        String client = "X-NDXP-Client: " + CLIENT;
        String longClient = "X-NDXP-Client: VN:GOV:" + "0".repeat(130) + ":one-stop-office";
        String nested = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        return Stream.of(
                // declared header shapes, checked before the token (none of these sends one)
                get("client id longer than its limit", ENTERPRISE, false, List.of(longClient), 400, bad, "X-NDXP-Client", "longer than 128"),
                get("client id not a subsystem id", ENTERPRISE, false, List.of("X-NDXP-Client: someone"), 400, bad, "X-NDXP-Client", "subsystem id"),
                get("client id twice", ENTERPRISE, false, List.of(client, client), 400, bad, "X-NDXP-Client", "once"),
                get("transaction id not a UUID", ENTERPRISE, false, List.of(client, "X-NDXP-Transaction-Id: 42; DROP TABLE"), 400, bad,
                        "X-NDXP-Transaction-Id", "UUID"),
                get("transaction id far too long", ENTERPRISE, false, List.of(client, "X-NDXP-Transaction-Id: " + "a".repeat(2000)), 400, bad,
                        "X-NDXP-Transaction-Id", "longer than 36"),
                get("officer id longer than its column", ENTERPRISE, false, List.of(client, "X-NDXP-User-Id: " + "u".repeat(65)), 400, bad,
                        "X-NDXP-User-Id", "longer than 64"),
                get("officer id with markup", ENTERPRISE, false, List.of(client, "X-NDXP-User-Id: <b>officer</b>"), 400, bad,
                        "X-NDXP-User-Id", "officer id"),
                get("officer id with Vietnamese letters (UTF-8 bytes)", ENTERPRISE, false, List.of(client, "X-NDXP-User-Id: Nguyễn"), 400, bad,
                        "X-NDXP-User-Id", "printable ASCII"),
                get("any header not ASCII", ENTERPRISE, true, List.of(client, "X-Note: trả lời"), 400, bad, "X-Note", "printable ASCII"),
                get("path longer than its limit", "/ndxp/v1/business-registry/enterprises/" + "1".repeat(1100), false, List.of(client), 400, bad,
                        "path", "longer than 1024"),
                get("path segment longer than its limit", "/ndxp/v1/business-registry/enterprises/" + "1".repeat(200), false, List.of(client),
                        400, bad, "path", "longer than 128"),
                get("path with an encoded non-ASCII letter", "/ndxp/v1/business-registry/enterprises/%C3%A9", false, List.of(client), 400, bad,
                        "path", "printable ASCII"),
                get("query longer than its limit", ENTERPRISE + "?q=" + "x".repeat(3000), false, List.of(client), 400, bad, "query",
                        "longer than 2048"),
                // what Tomcat or Spring Security refuse before any route: still the NDXP form
                get("encoded slash in the path", "/ndxp/v1/business-registry/enterprises/01%2F23", true, List.of(client), 400, bad, null, "refused"),
                get("encoded NUL in the path", "/ndxp/v1/business-registry/enterprises/01%0023", true, List.of(client), 400, bad, null, "refused"),
                get("path parameter with ;", "/ndxp/v1/business-registry/enterprises/0101234567;x=1", true, List.of(client), 400, bad, null,
                        "refused"),
                get("header block beyond the server limit", ENTERPRISE, true, List.of(client, "X-Pad: " + "p".repeat(10_000)), 400, bad, null,
                        "refused"),
                get("control character in a header", ENTERPRISE, true, List.of(client, "X-Note: a\u0001b"), 400, bad, null, "refused"),
                get("character not allowed in a request target", "/ndxp/v1/business-registry/enterprises/01{23}", true, List.of(client), 400,
                        bad, null, "refused"),
                get("not HTTP at all after the target", ENTERPRISE + " HTTP/1.1 extra", true, List.of(client), 400, bad, null, "refused"),
                new Case("SOAP facade: encoded slash in the path", "POST", "/soap/one-stop-office%2Fx", false,
                        List.of("Content-Type: text/xml"), utf8("<x/>"), Send.WHOLE, 500, bad, Form.SOAP, null, "refused"),
                new Case("SOAP facade: header block beyond the server limit", "POST", "/soap/one-stop-office", false,
                        List.of("Content-Type: text/xml", "X-Pad: " + "p".repeat(10_000)), utf8("<x/>"), Send.WHOLE, 500, bad, Form.SOAP, null,
                        "refused"),
                // bodies: authentication and the declared size come before the body is read
                new Case("oversized body declared, no token: 401 before the body is sent", "POST", INSPECTIONS, false,
                        List.of(client, "Content-Type: application/json"), new byte[OVER_BODY_LIMIT], Send.DECLARED_ONLY, 401,
                        "client.unauthorized", Form.PROBLEM, null, null),
                post("oversized body declared: 413 before the body is sent", "application/json", new byte[OVER_BODY_LIMIT], Send.DECLARED_ONLY,
                        413, "client.payload-too-large", null, "262144 bytes"),
                post("oversized chunked body is cut at the limit", "application/json", utf8("[" + "1,".repeat(OVER_BODY_LIMIT / 2) + "1]"),
                        Send.CHUNKED, 413, "client.payload-too-large", null, "262144 bytes"),
                post("invalid UTF-8 in the body", "application/json", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        Send.WHOLE, 400, bad, "charset", "UTF-8"),
                post("declared charset not UTF-8", "application/json; charset=ISO-8859-1", utf8(INSPECTION), Send.WHOLE, 400, bad, "charset",
                        "UTF-8"),
                post("declared charset unknown", "application/json; charset=x-klingon", utf8(INSPECTION), Send.WHOLE, 400, bad, "charset",
                        "UTF-8"),
                post("JSON nested beyond the limit", "application/json", utf8(nested), Send.WHOLE, 400, bad, "body",
                        "ndxp.inbound.json.max-nesting-depth"),
                post("JSON number beyond the limit", "application/json", utf8("{\"n\":" + "9".repeat(200) + "}"), Send.WHOLE, 400, bad, "body",
                        "ndxp.inbound.json.max-number-length"),
                post("JSON string beyond the limit", "application/json", utf8("{\"s\":\"" + "s".repeat(70_000) + "\"}"), Send.WHOLE, 400, bad,
                        "body", "ndxp.inbound.json.max-string-length"),
                post("content after the JSON document", "application/json", utf8(INSPECTION + " {\"more\":1}"), Send.WHOLE, 400, bad, null,
                        "Trailing token"),
                post("application/jsonp is not JSON", "application/jsonp", utf8(INSPECTION), Send.WHOLE, 415, "client.unsupported-media-type",
                        "Content-Type", "application/jsonp"),
                post("text/json is not JSON", "text/json", utf8(INSPECTION), Send.WHOLE, 415, "client.unsupported-media-type", "Content-Type",
                        "text/json"),
                post("application/json-seq is not JSON", "application/json-seq", utf8(INSPECTION), Send.WHOLE, 415,
                        "client.unsupported-media-type", "Content-Type", "json-seq"),
                post("no media type at all", "not a media type", utf8(INSPECTION), Send.WHOLE, 415, "client.unsupported-media-type",
                        "Content-Type", null));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedInTheNdxpForm(Case c) throws Exception {
        List<String> headers = new ArrayList<>(c.headers());
        if (c.auth()) {
            headers.add("Authorization: Bearer " + token());
            if (headers.stream().noneMatch(h -> h.startsWith("X-NDXP-Client:"))) {
                headers.add("X-NDXP-Client: " + CLIENT);
            }
        }
        Raw res = exchange(c.method(), c.target(), headers, c.body(), c.send());

        assertThat(res.status()).as(c.name() + ": " + res.text()).isEqualTo(c.status());
        assertThat(res.header("x-ndxp-error")).as(c.name()).isEqualTo(c.category());
        String txId = res.header("x-ndxp-transaction-id");
        assertThat(txId).as("a transaction id").isNotNull();
        assertThat(UUID.fromString(txId).toString()).isEqualTo(txId.toLowerCase(Locale.ROOT));
        assertThat(res.text()).doesNotContainIgnoringCase("<html").doesNotContain("Exception");
        if (c.form() == Form.SOAP) {
            assertThat(res.header("content-type")).startsWith("text/xml");
            assertThat(res.text()).contains("<faultcode>ndxp:" + c.category() + "</faultcode>").contains(txId);
            if (c.detail() != null) {
                assertThat(res.text()).contains(c.detail());
            }
            return;
        }
        assertThat(res.header("content-type")).startsWith("application/problem+json");
        JsonNode p = json.readTree(res.body());
        assertThat(p.path("status").asInt()).isEqualTo(c.status());
        assertThat(p.path("category").asText()).isEqualTo(c.category());
        assertThat(p.path("type").asText()).isEqualTo("urn:ndxp:error:" + c.category());
        assertThat(p.path("transactionId").asText()).isEqualTo(txId);
        if (c.field() != null) {
            // header names other than the contract's come as received (HTTP header names are case-insensitive)
            assertThat(p.path("field").asText()).as(p.toString()).isEqualToIgnoringCase(c.field());
        }
        if (c.detail() != null) {
            assertThat(p.path("detail").asText()).as(p.toString()).contains(c.detail());
        }
    }

    /** After the whole table: the refusals are recorded with declared values only, the log moves on, the chain holds. */
    @Order(2)
    @Test
    void aRejectedCallIsRecordedWithTheDeclaredValuesOnlyAndTheLogMovesOn() throws Exception {
        // no token, a client id and an officer id beyond their columns: refused at the door, recorded
        // without either value, and the log keeps writing (a value too long for its column once froze it)
        Raw refused = exchange("GET", ENTERPRISE, List.of("X-NDXP-Client: VN:GOV:" + "0".repeat(300) + ":x",
                "X-NDXP-User-Id: " + "u".repeat(500), "X-NDXP-Transaction-Id: not-a-uuid-" + "9".repeat(100)), null, Send.NONE);
        assertThat(refused.status()).isEqualTo(400);
        String txId = refused.header("x-ndxp-transaction-id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                jdbc.queryForList("SELECT client, user_id, error_category FROM ndxp_transaction WHERE transaction_id = ?", txId))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("client")).isNull();
                    assertThat(row.get("user_id")).isNull();
                    assertThat(row.get("error_category")).isEqualTo("client.bad-request");
                }));

        String next = UUID.randomUUID().toString();
        Raw served = exchange("GET", ENTERPRISE, List.of("X-NDXP-Client: " + CLIENT, "Authorization: Bearer " + token(),
                "X-NDXP-Transaction-Id: " + next, "X-NDXP-User-Id: officer.01@moj"), null, Send.NONE);
        assertThat(served.status()).as(served.text()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                jdbc.queryForList("SELECT status FROM ndxp_transaction WHERE transaction_id = ?", String.class, next)).containsExactly("success"));
        assertThat(new ChainVerifier(jdbc).verify().get("valid")).isEqualTo(true);
    }

    @Order(3)
    @Test
    void aReusedTransactionIdWithAnotherRecordIsAConflictAndTheSameRecordGetsTheFirstAnswer() throws Exception {
        String txId = UUID.randomUUID().toString();
        String authority = "Sở Kế hoạch và Đầu tư " + txId.substring(0, 8);
        String first = "{\"taxCode\":\"0101234567\",\"inspectedOn\":\"2026-11-20\",\"authority\":\"" + authority + "\",\"result\":\"PASSED\"}";
        String other = first.replace("PASSED", "FAILED");
        List<String> headers = List.of("X-NDXP-Client: " + CLIENT, "Authorization: Bearer " + token(), "X-NDXP-Transaction-Id: " + txId,
                "Content-Type: application/json");

        Raw created = exchange("POST", INSPECTIONS, headers, utf8(first), Send.WHOLE);
        assertThat(created.status()).as(created.text()).isEqualTo(200);

        Raw conflict = exchange("POST", INSPECTIONS, headers, utf8(other), Send.WHOLE);
        assertThat(conflict.status()).as(conflict.text()).isEqualTo(409);
        assertThat(conflict.header("x-ndxp-error")).isEqualTo("client.conflict");
        assertThat(conflict.header("content-type")).startsWith("application/problem+json");
        assertThat(json.readTree(conflict.body()).path("detail").asText()).contains("transaction id was already used");

        // the same record again, also with other whitespace: the first answer again, nothing written twice
        Raw replay = exchange("POST", INSPECTIONS, headers, utf8(first.replace(",", ", ")), Send.WHOLE);
        assertThat(replay.status()).as(replay.text()).isEqualTo(200);
        assertThat(json.readTree(replay.body())).isEqualTo(json.readTree(created.body()));
        assertThat(legacyCount("SELECT count(*) FROM inspection WHERE authority = ?", authority)).isEqualTo(1);
        assertThat(legacyCount("SELECT count(*) FROM inspection WHERE authority = ? AND result = 'FAILED'", authority)).isZero();
    }

    // --- raw HTTP/1.1 ---

    record Raw(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Raw exchange(String method, String target, List<String> headers, byte[] body, Send send) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        if (send == Send.CHUNKED) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            // a hang detector, not a timing expectation: an answer that waits for an unsent body never comes
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            try {
                if (send == Send.WHOLE) {
                    out.write(body);
                } else if (send == Send.CHUNKED) {
                    for (int i = 0; i < body.length; i += 8192) {
                        int n = Math.min(8192, body.length - i);
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body, i, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException e) {
                // the server answered and closed before taking the whole body: read its answer
            }
            return read(socket.getInputStream());
        }
    }

    private static Raw read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.merge(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int n = Integer.parseInt(line(in).split(";")[0].trim(), 16); n > 0; n = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(n));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Raw(status, headers, body.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static long legacyCount(String sql, Object... args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + LEGACY_DB_PORT + "/business_registry",
                "postgres", "postgres"); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
