package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.gov.ndxp.adapters.adapter.AdapterControl;
import vn.gov.ndxp.adapters.audit.ChainVerifier;
import vn.gov.ndxp.adapters.files.CsvRecordReader;
import vn.gov.ndxp.adapters.files.FileIntake;
import vn.gov.ndxp.adapters.files.FileNameRule;
import vn.gov.ndxp.adapters.it.RawHttp.Answer;
import vn.gov.ndxp.adapters.it.RawHttp.Body;
import vn.gov.ndxp.adapters.mapping.SecureXml;

/**
 * The hostile-input suite: one table of hostile requests at every door (the NDXP REST door and what the web
 * server refuses before any route, the SOAP facades, the token audience, /ops and the statistics), over raw
 * HTTP so that nothing a client library refuses to send is left out. Each row asserts status, X-NDXP-Error,
 * the transaction id and the body in the NDXP error form (problem+json fields or the SOAP fault); after the
 * whole table the runtime still serves, the transaction log still writes and the chain verifies. The
 * console's rows (Jolokia, the security in front of it, /ops) and the file rows (drop folder, SFTP) are
 * not NDXP exchanges: they assert Jolokia's own answer or the file's receipt, and what must not happen.
 */
// The order is the suite's own: the statistics are taken (0), the table runs (1), and the aftermath (10)
// checks what the whole table left behind; the tests in between (2, 3) stand alone.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT extends FileDropSupport {

    private static final String ENTERPRISE = "/ndxp/v1/business-registry/enterprises/0101234567";
    private static final String INSPECTIONS = "/ndxp/v1/business-registry/inspections";
    private static final String INSPECTION = "{\"taxCode\":\"0101234567\",\"inspectedOn\":\"2026-11-20\",\"authority\":\"X\",\"result\":\"PASSED\"}";
    private static final String BUSINESS_REGISTRY = "VN:GOV:000.00.00.G08:business-registry";
    private static final String BIRTH_RECORD = "/ndxp/v1/civil-status/birth-records/001203000001";
    private static final String FACADE = "/soap/one-stop-office";
    private static final String NS = "http://motcua.gov.vn/ws/citizen/v1";
    private static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    /** ndxp.inbound.max-body-size (default 256KB) and ndxp.inbound.max-soap-body-size (default 1MB) */
    private static final int OVER_BODY_LIMIT = 300 * 1024;
    private static final int SOAP_LIMIT = 1024 * 1024;
    /** soap-allowed-addresses holds 127.0.0.1 only; 127.0.0.2 is a local address that is not allowed */
    private static final String ALLOWED = "127.0.0.1";
    private static final String NOT_ALLOWED = "127.0.0.2";
    /** Where a JSR-160 proxy request would make the runtime connect: nothing may ever arrive here. */
    private static final ServerSocket JMX_TRAP = listen();
    private static final String OPERATOR = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("operator:sandbox-operator".getBytes(StandardCharsets.UTF_8));
    private static final String BAD = "client.bad-request";
    private static final String VIEWER = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("viewer:sandbox-viewer".getBytes(StandardCharsets.UTF_8));
    private static final String JOLOKIA = "/actuator/jolokia";
    private static final String ROUTE = "civil-status-birth-record";
    private static final String ROUTE_MBEAN = "org.apache.camel:context=ndxp-adapters,type=routes,name=\"" + ROUTE + "\"";
    private static final String READ_STATE = "{\"type\":\"read\",\"mbean\":" + quote(ROUTE_MBEAN) + ",\"attribute\":\"State\"}";
    private static final String STOP_ROUTE = "{\"type\":\"exec\",\"mbean\":" + quote(ROUTE_MBEAN) + ",\"operation\":\"stop()\"}";
    private static final String MAINTENANCE_ON = "/ops/adapters/civil-status/maintenance?on=true";
    /** Where a refused heap dump would have been written. */
    private static final Path HEAP = FILES_DIR.resolve("heap-" + UUID.randomUUID() + ".hprof");
    /** A file row's answer is its receipt, not an HTTP answer. */
    private static final int NOT_HTTP = 0;
    /** File names unique to this run: other file tests share the drop folder. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** /ndxp/v1/stats total before the table (taken by the first test). */
    private static long totalBefore = -1;

    @Autowired
    CamelContext camel;
    @Autowired
    AdapterControl control;

    /** Where a hostile input enters; CONSOLE (Jolokia, Hawtio) and FILES (drop folders, SFTP) take rows of {@link #of}. */
    enum Area { REST, SOAP, TOKEN, OPS, CONSOLE, FILES }

    /**
     * The form the answer must have. PROBLEM, SOAP: the NDXP error form; NONE: NDXP headers, only the row's own
     * check looks at the body. Not NDXP exchanges (no X-NDXP headers): JOLOKIA, Jolokia's JSON refusing the item
     * (the last of a bulk request) with status 403; DENIED, Spring Security's refusal before Jolokia or /ops;
     * RECEIPT, a file's receipt (the answer's body) with the receipt status and error.category.
     */
    enum Form { PROBLEM, SOAP, NONE, JOLOKIA, DENIED, RECEIPT, EXTRA }

    /** Sends a case; {@code txId} is the transaction id the request carries where the case sends one. */
    interface Call {
        Answer send(HostileInputIT it, String txId) throws Exception;
    }

    interface Check {
        void check(HostileInputIT it, Answer answer) throws Exception;
    }

    /**
     * The body of a refusal: its form, the field it names and a text its detail holds (null: not checked), a row's
     * own check. JOLOKIA: field is Jolokia's error_type, detail a text of its error; RECEIPT: field is the
     * receipt's status, detail a text of its error.reason.
     */
    record Expect(Form form, String field, String detail, Check extra) {
        static Expect problem(String field, String detail) {
            return new Expect(Form.PROBLEM, field, detail, null);
        }

        static Expect fault(String detail) {
            return new Expect(Form.SOAP, null, detail, null);
        }

        static Expect jolokia(String errorType, String error, Check extra) {
            return new Expect(Form.JOLOKIA, errorType, error, extra);
        }

        static Expect denied(Check extra) {
            return new Expect(Form.DENIED, null, null, extra);
        }

        /** Only the row's own check: what the answer is matters less than what did not happen. */
        static Expect only(Check extra) {
            return new Expect(Form.EXTRA, null, null, extra);
        }

        static Expect receipt(String receiptStatus, String reason, Check extra) {
            return new Expect(Form.RECEIPT, receiptStatus, reason, extra);
        }
    }

    /**
     * One hostile input and its refusal. echoed: the answer carries the transaction id the request sent;
     * recorded: the refusal is in the transaction log under that id.
     */
    record Case(String name, Area area, Call call, int status, String category, Expect expect, boolean echoed, boolean recorded) {
        @Override
        public String toString() {
            return area + ": " + name;
        }
    }

    /** The extension point: any input sent by {@code call} (a console request, a file dropped, an SFTP upload) and its refusal. */
    static Case of(String name, Area area, Call call, int status, String category, Expect expect) {
        return new Case(name, area, call, status, category, expect, false, false);
    }

    /** A refusal at the REST door: recorded under the transaction id it answers with. */
    private static Case atTheDoor(String name, Call call, int status, String category, Expect expect) {
        return new Case(name, Area.REST, call, status, category, expect, false, true);
    }

    private static Case get(String name, String target, boolean auth, List<String> headers, int status, String category, String field, String detail) {
        return atTheDoor(name, (it, tx) -> it.exchange("GET", target, auth, headers, Body.none()), status, category, Expect.problem(field, detail));
    }

    /** A request the web server refuses before the REST door sees it, with a token: 400 in the NDXP form, not recorded. */
    private static Case byTheServer(String name, String target, List<String> headers) {
        return of(name, Area.REST, (it, tx) -> it.exchange("GET", target, true, headers, Body.none()), 400, BAD,
                Expect.problem(null, "refused"));
    }

    private static Case post(String name, String contentType, Body body, int status, String category, String field, String detail) {
        List<String> headers = contentType == null ? List.of() : List.of("Content-Type: " + contentType);
        return atTheDoor(name, (it, tx) -> it.exchange("POST", INSPECTIONS, true, headers, body), status, category, Expect.problem(field, detail));
    }

    /** A request the facade refuses before its route: a fault, recorded under the transaction id it sent. */
    private static Case refusedByFacade(String name, Call call, String category) {
        return new Case(name, Area.SOAP, call, 500, category, Expect.fault(null), true, true);
    }

    private static Case audience(String name, Call call, boolean recorded) {
        return new Case(name, Area.TOKEN, call, 401, "client.unauthorized", Expect.problem(null, null), true, recorded);
    }

    /** A bad parameter of /ops or the statistics, as operator: 400 naming it. */
    private static Case ops(String method, String target, String field) {
        String shown = target.length() > 70 ? target.substring(0, 50) + "...(" + target.length() + " chars)" : target;
        return of(method + " " + shown, Area.OPS, (it, tx) -> it.asOperator(method, target), 400, BAD, Expect.problem(field, null));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\\\"") + "\"";
    }

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No connection is waiting at the trap (a connect happens before the answer, so it would be queued). */
    private static void nothingReachedTheTrap() throws Exception {
        JMX_TRAP.setSoTimeout(200);
        try (Socket s = JMX_TRAP.accept()) {
            throw new AssertionError("the runtime connected to " + s.getLocalSocketAddress() + " for a console user");
        } catch (SocketTimeoutException expected) {
            // nothing came
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Case> cases() {
        return Stream.of(restCases(), soapCases(), tokenCases(), opsCases(), consoleCases(), fileCases()).flatMap(s -> s);
    }

    static Stream<Case> restCases() {
        String client = "X-NDXP-Client: " + CLIENT;
        String longClient = "X-NDXP-Client: VN:GOV:" + "0".repeat(130) + ":one-stop-office";
        String nested = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        String json = "application/json";
        String media = "client.unsupported-media-type";
        return Stream.of(
                // declared header shapes, checked before the token (none of these sends one)
                get("client id longer than its limit", ENTERPRISE, false, List.of(longClient), 400, BAD, "X-NDXP-Client", "longer than 128"),
                get("client id not a subsystem id", ENTERPRISE, false, List.of("X-NDXP-Client: someone"), 400, BAD, "X-NDXP-Client", "subsystem id"),
                get("client id twice", ENTERPRISE, false, List.of(client, client), 400, BAD, "X-NDXP-Client", "once"),
                get("transaction id not a UUID", ENTERPRISE, false, List.of(client, "X-NDXP-Transaction-Id: 42; DROP TABLE"), 400, BAD,
                        "X-NDXP-Transaction-Id", "UUID"),
                get("transaction id far too long", ENTERPRISE, false, List.of(client, "X-NDXP-Transaction-Id: " + "a".repeat(2000)), 400, BAD,
                        "X-NDXP-Transaction-Id", "longer than 36"),
                get("officer id longer than its column", ENTERPRISE, false, List.of(client, "X-NDXP-User-Id: " + "u".repeat(65)), 400, BAD,
                        "X-NDXP-User-Id", "longer than 64"),
                get("officer id with markup", ENTERPRISE, false, List.of(client, "X-NDXP-User-Id: <b>officer</b>"), 400, BAD,
                        "X-NDXP-User-Id", "officer id"),
                get("officer id with Vietnamese letters (UTF-8 bytes)", ENTERPRISE, false, List.of(client, "X-NDXP-User-Id: Nguyễn"), 400, BAD,
                        "X-NDXP-User-Id", "printable ASCII"),
                get("any header not ASCII", ENTERPRISE, true, List.of(client, "X-Note: trả lời"), 400, BAD, "X-Note", "printable ASCII"),
                get("path longer than its limit", "/ndxp/v1/business-registry/enterprises/" + "1".repeat(1100), false, List.of(client), 400, BAD,
                        "path", "longer than 1024"),
                get("path segment longer than its limit", "/ndxp/v1/business-registry/enterprises/" + "1".repeat(200), false, List.of(client),
                        400, BAD, "path", "longer than 128"),
                get("path with an encoded non-ASCII letter", "/ndxp/v1/business-registry/enterprises/%C3%A9", false, List.of(client), 400, BAD,
                        "path", "printable ASCII"),
                get("query longer than its limit", ENTERPRISE + "?q=" + "x".repeat(3000), false, List.of(client), 400, BAD, "query",
                        "longer than 2048"),
                // what Tomcat or Spring Security refuse before any route: still the NDXP form (answered before
                // the request is an exchange, so not in the transaction log)
                byTheServer("encoded slash in the path", "/ndxp/v1/business-registry/enterprises/01%2F23", List.of(client)),
                byTheServer("encoded NUL in the path", "/ndxp/v1/business-registry/enterprises/01%0023", List.of(client)),
                byTheServer("path parameter with ;", "/ndxp/v1/business-registry/enterprises/0101234567;x=1", List.of(client)),
                byTheServer("header block beyond the server limit", ENTERPRISE, List.of(client, "X-Pad: " + "p".repeat(10_000))),
                byTheServer("control character in a header", ENTERPRISE, List.of(client, "X-Note: a\u0001b")),
                byTheServer("character not allowed in a request target", "/ndxp/v1/business-registry/enterprises/01{23}", List.of(client)),
                byTheServer("not HTTP at all after the target", ENTERPRISE + " HTTP/1.1 extra", List.of(client)),
                // query parameters are not headers (Camel's binding copies them into the message's headers)
                get("client id given as a query parameter only", ENTERPRISE + "?X-NDXP-Client=%0D%0Aforged", false, List.of(), 400, BAD,
                        "X-NDXP-Client", "required"),
                // a form body is not parsed before the token: declared, never sent, answered at once
                atTheDoor("form body declared, no token: 401 without reading it", (it, tx) -> it.exchange("POST", INSPECTIONS, false,
                        List.of(client, "Content-Type: application/x-www-form-urlencoded"), Body.declaredOnly(4096)), 401,
                        "client.unauthorized", Expect.problem(null, null)),
                // bodies: authentication and the declared size come before the body is read
                atTheDoor("oversized body declared, no token: 401 before the body is sent", (it, tx) -> it.exchange("POST", INSPECTIONS,
                        false, List.of(client, "Content-Type: " + json), Body.declaredOnly(OVER_BODY_LIMIT)), 401, "client.unauthorized",
                        Expect.problem(null, null)),
                // a body is read only for a token valid at the provider: these bodies are never sent, and the
                // answer comes at once (a runtime that waited for them would hang the row)
                atTheDoor("body within the limit declared, no token: 401 without reading it", (it, tx) -> it.exchange("POST", INSPECTIONS,
                        false, List.of(client, "Content-Type: " + json), Body.declaredOnly(4096)), 401, "client.unauthorized",
                        Expect.problem(null, null)),
                atTheDoor("body within the limit declared, token of another provider: 401 without reading it", (it, tx) -> it.exchange("POST",
                        INSPECTIONS, false, List.of(client, "Content-Type: " + json, "Authorization: Bearer " + it.token(CIVIL_STATUS)),
                        Body.declaredOnly(4096)), 401, "client.unauthorized", Expect.problem(null, "not issued for")),
                post("oversized body declared: 413 before the body is sent", json, Body.declaredOnly(OVER_BODY_LIMIT), 413,
                        "client.payload-too-large", null, "262144 bytes"),
                post("oversized chunked body is cut at the limit", json, Body.chunked(utf8("[" + "1,".repeat(OVER_BODY_LIMIT / 2) + "1]")), 413,
                        "client.payload-too-large", null, "262144 bytes"),
                post("invalid UTF-8 in the body", json, Body.whole(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}),
                        400, BAD, "charset", "UTF-8"),
                post("declared charset not UTF-8", json + "; charset=ISO-8859-1", Body.whole(utf8(INSPECTION)), 400, BAD, "charset", "UTF-8"),
                post("declared charset unknown", json + "; charset=x-klingon", Body.whole(utf8(INSPECTION)), 400, BAD, "charset", "UTF-8"),
                post("JSON nested beyond the limit", json, Body.whole(utf8(nested)), 400, BAD, "body", "ndxp.inbound.json.max-nesting-depth"),
                post("JSON number beyond the limit", json, Body.whole(utf8("{\"n\":" + "9".repeat(200) + "}")), 400, BAD, "body",
                        "ndxp.inbound.json.max-number-length"),
                post("JSON string beyond the limit", json, Body.whole(utf8("{\"s\":\"" + "s".repeat(70_000) + "\"}")), 400, BAD, "body",
                        "ndxp.inbound.json.max-string-length"),
                post("content after the JSON document", json, Body.whole(utf8(INSPECTION + " {\"more\":1}")), 400, BAD, null, "Trailing token"),
                post("application/jsonp is not JSON", "application/jsonp", Body.whole(utf8(INSPECTION)), 415, media, "Content-Type",
                        "application/jsonp"),
                post("text/json is not JSON", "text/json", Body.whole(utf8(INSPECTION)), 415, media, "Content-Type", "text/json"),
                post("application/json-seq is not JSON", "application/json-seq", Body.whole(utf8(INSPECTION)), 415, media, "Content-Type",
                        "json-seq"),
                post("no media type at all", "not a media type", Body.whole(utf8(INSPECTION)), 415, media, "Content-Type", null));
    }

    static Stream<Case> soapCases() {
        String tooLarge = "client.payload-too-large";
        String lookup = lookup();
        return Stream.of(
                // what Tomcat refuses before the facade: still a fault
                of("encoded slash in the path", Area.SOAP, (it, tx) -> it.exchange("POST", FACADE + "%2Fx", false,
                        List.of("Content-Type: text/xml"), Body.whole(utf8("<x/>"))), 500, BAD, Expect.fault("refused")),
                of("header block beyond the server limit", Area.SOAP, (it, tx) -> it.exchange("POST", FACADE, false,
                        List.of("Content-Type: text/xml", "X-Pad: " + "p".repeat(10_000)), Body.whole(utf8("<x/>"))), 500, BAD,
                        Expect.fault("refused")),
                refusedByFacade("declared Content-Length over the limit, refused before any byte is read",
                        (it, tx) -> it.facade(ALLOWED, tx, List.of(), Body.declaredOnly(20 * 1024 * 1024)), tooLarge),
                // a well-formed envelope start, then comments in chunks past the limit; the last chunk never comes
                refusedByFacade("PUT with a declared Content-Length over the limit (CXF reads a PUT body too)",
                        (it, tx) -> it.exchange("PUT", FACADE, false, List.of("Content-Type: text/xml", "X-NDXP-Transaction-Id: " + tx),
                                Body.declaredOnly(20 * 1024 * 1024)), tooLarge),
                refusedByFacade("chunked body cut at the limit", (it, tx) -> it.facade(ALLOWED, tx, List.of(), Body.endlessChunks(
                        "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"" + SOAP_ENV + "\"><soap:Body>",
                        "<!--" + "x".repeat(8184) + "-->", SOAP_LIMIT + 256 * 1024)), tooLarge),
                refusedByFacade("element depth over the limit", (it, tx) -> it.facade(ALLOWED, tx,
                        envelope("<c:x>".repeat(40) + "001203000001" + "</c:x>".repeat(40))), BAD),
                // on the envelope, where no mapping looks: only the XML limit refuses them
                refusedByFacade("too many attributes", (it, tx) -> it.facade(ALLOWED, tx, lookup.replace("<soap:Envelope ", "<soap:Envelope"
                        + Stream.iterate(0, i -> i + 1).limit(40).map(i -> " a" + i + "=\"v\"").reduce("", String::concat) + " ")), BAD),
                refusedByFacade("attribute value over the size limit", (it, tx) -> it.facade(ALLOWED, tx,
                        lookup.replace("<soap:Envelope ", "<soap:Envelope a=\"" + "v".repeat(5000) + "\" ")), BAD),
                refusedByFacade("DOCTYPE with an internal entity", (it, tx) -> it.facade(ALLOWED, tx,
                        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY id \"001203000001\">]>"
                                + envelope("<c:CitizenID>&id;</c:CitizenID>").substring("<?xml version=\"1.0\"?>".length())), BAD),
                refusedByFacade("caller outside soap-allowed-addresses", (it, tx) -> it.facade(NOT_ALLOWED, tx, lookup), "client.forbidden"),
                // Tomcat's own default would trust 127.0.0.2 (127/8) as a proxy and take 127.0.0.1 from the header
                refusedByFacade("forged X-Forwarded-For naming an allowed address from an untrusted peer", (it, tx) -> it.facade(NOT_ALLOWED, tx,
                        List.of("X-Forwarded-For: " + ALLOWED, "X-Forwarded-Proto: https"), Body.whole(utf8(lookup))), "client.forbidden"));
    }

    static Stream<Case> tokenCases() {
        return Stream.of(
                audience("token for civil-status presented to business-registry",
                        (it, tx) -> it.bearer(ENTERPRISE, it.token(CIVIL_STATUS), tx), true),
                audience("token without audience", (it, tx) -> it.bearer(BIRTH_RECORD, it.token(null), tx), true),
                audience("platform refuses a token for another provider", (it, tx) -> it.bearer(
                        "/sandbox/ndxp/r1/" + CIVIL_STATUS + "/birth-records/001203000001", it.token(BUSINESS_REGISTRY), tx), false));
    }

    static Stream<Case> opsCases() {
        return Stream.of(
                ops("GET", "/ndxp/v1/stats?from=yesterday", "from"),
                ops("GET", "/ndxp/v1/stats?to=2025-13-45", "to"),
                ops("GET", "/ndxp/v1/stats?from=2025-02-01&to=2025-01-01", "from"),
                ops("GET", "/ndxp/v1/stats?from=" + "2".repeat(41), "from"),
                ops("GET", "/ndxp/v1/stats?to=%2B999999999-01-01T00:00:00Z", "to"),
                ops("GET", "/ops/dead-letters?limit=0", "limit"),
                ops("GET", "/ops/dead-letters?limit=-5", "limit"),
                ops("GET", "/ops/dead-letters?limit=1001", "limit"),
                ops("GET", "/ops/dead-letters?limit=abc", "limit"),
                ops("GET", "/ops/dead-letters?limit=99999999999999999999", "limit"),
                ops("GET", "/ops/dead-letters?adapter=no-such-adapter", "adapter"),
                ops("GET", "/ops/dead-letters?adapter=" + "a".repeat(65), "adapter"),
                ops("GET", "/ops/dead-letters?status=BOGUS", "status"),
                ops("GET", "/ops/dead-letters/abc", "id"),
                ops("GET", "/ops/transactions/rejected?limit=0", "limit"),
                ops("GET", "/ops/transactions/rejected?before=x", "before"),
                ops("GET", "/ops/transactions/rejected?before=0", "before"),
                ops("GET", "/ops/transactions/" + "t".repeat(65), "transactionId"),
                ops("POST", "/ops/adapters/civil-status/maintenance?on=maybe", "on"),
                ops("POST", "/ops/adapters/civil-status/maintenance", "on"),
                ops("POST", "/ops/adapters/" + "x".repeat(65) + "/maintenance?on=true", "id"));
    }

    /** As viewer (and once as operator) each form Jolokia accepts of a forbidden request; cross-site and role refusals of /ops. */
    static Stream<Case> consoleCases() {
        // Jolokia answers HTTP 200 and refuses in its body: status 403, the restrictor's reason as error
        String denied = "java.lang.Exception";
        String forbidden = "forbidden for MBean";
        String heap = HEAP.toString().replace("/", "!/");
        String suspend = URLEncoder.encode("/exec/" + ROUTE_MBEAN + "/suspend()", StandardCharsets.UTF_8);
        String bulk = "[" + READ_STATE + ",{\"type\":\"write\",\"mbean\":" + quote(ROUTE_MBEAN) + ",\"attribute\":\"Tracing\",\"value\":true}]";
        return Stream.of(
                of("viewer POST exec stop() on the civil-status route: refused, the route still Started", Area.CONSOLE,
                        (it, tx) -> it.jolokiaPost(VIEWER, JOLOKIA, STOP_ROUTE), 200, null, Expect.jolokia(denied, forbidden, null)),
                of("viewer POST exec stop() through Hawtio's Jolokia path: refused, the route still Started", Area.CONSOLE,
                        (it, tx) -> it.jolokiaPost(VIEWER, "/actuator/hawtio/jolokia", STOP_ROUTE), 200, null, Expect.jolokia(denied, forbidden, null)),
                of("viewer GET path form exec dumpHeap to a file: refused, no file written", Area.CONSOLE, (it, tx) -> it.exchange("GET",
                        JOLOKIA + "/exec/com.sun.management:type=HotSpotDiagnostic/dumpHeap/" + heap + "/true", List.of(VIEWER), Body.none()),
                        200, null, Expect.jolokia(denied, "Operation dumpHeap forbidden", (it, a) -> assertThat(HEAP).doesNotExist())),
                of("viewer GET ?p= query form exec suspend(): refused, the route still Started", Area.CONSOLE,
                        (it, tx) -> it.exchange("GET", JOLOKIA + "?p=" + suspend, List.of(VIEWER), Body.none()), 200, null,
                        Expect.jolokia(denied, forbidden, null)),
                of("viewer bulk POST [read State, write Tracing]: the read answered, the write refused", Area.CONSOLE,
                        (it, tx) -> it.jolokiaPost(VIEWER, JOLOKIA, bulk), 200, null, Expect.jolokia(denied, "Writing attribute Tracing forbidden",
                                (it, a) -> assertThat(it.json.readTree(a.body()).path(0).path("value").asText()).isEqualTo("Started"))),
                of("no credentials at all, Jolokia read: 403, nothing read", Area.CONSOLE,
                        (it, tx) -> it.exchange("POST", JOLOKIA, List.of("Content-Type: application/json"), Body.whole(utf8(READ_STATE))), 403, null,
                        Expect.denied((it, a) -> assertThat(a.text()).doesNotContain("Started"))),
                of("operator GET path form exec stop() (operators act by POST only): refused, the route still Started", Area.CONSOLE,
                        (it, tx) -> it.exchange("GET", JOLOKIA + "/exec/" + ROUTE_MBEAN.replace("\"", "%22") + "/stop()", List.of(OPERATOR),
                                Body.none()), 200, null, Expect.jolokia(denied, "HTTP method get is not allowed", null)),
                of("cross-site Basic POST (Origin https://evil.example) of /ops maintenance on: 403, maintenance stays off", Area.CONSOLE,
                        (it, tx) -> it.exchange("POST", MAINTENANCE_ON, List.of(OPERATOR, "Origin: https://evil.example"), Body.whole(new byte[0])),
                        403, null, Expect.denied(null)),
                of("viewer POST with a JSR-160 proxy target: the runtime connects nowhere", Area.CONSOLE,
                        (it, tx) -> it.jolokiaPost(VIEWER, JOLOKIA, "{\"type\":\"version\",\"target\":{\"url\":"
                                + "\"service:jmx:rmi:///jndi/rmi://127.0.0.1:" + JMX_TRAP.getLocalPort() + "/jmxrmi\"}}"), 200, null,
                        Expect.only((it, a) -> nothingReachedTheTrap())),
                of("viewer GET with a JSONP callback (another site's <script> could read the answer): 403", Area.CONSOLE,
                        (it, tx) -> it.exchange("GET", JOLOKIA + "/read/ndxp:type=Audit?callback=steal", List.of(VIEWER), Body.none()), 403,
                        null, Expect.denied((it, a) -> assertThat(a.text()).doesNotContain("steal("))),
                of("viewer POST /ops maintenance on: 403, maintenance stays off", Area.CONSOLE,
                        (it, tx) -> it.exchange("POST", MAINTENANCE_ON, List.of(VIEWER), Body.whole(new byte[0])), 403, null,
                        Expect.denied(null)));
    }

    /** Files that can never be processed as they are: one receipt each (status, error.category), moved aside once, nothing sent. */
    static Stream<Case> fileCases() {
        String newline = "nl-" + RUN + "\nforged line.csv";
        String latin1 = "latin1-" + RUN + ".csv";
        // 9 + 79 * 3 + 4 = 250 bytes of UTF-8: over the rule's 200 and too long for a local work file
        String longName = RUN + "-" + "ệ".repeat(79) + ".csv";
        String runaway = "runaway-quote-" + RUN + ".csv";
        String openAtEnd = "open-quote-" + RUN + ".csv";
        byte[] good = csv(1, "hostile-name-" + RUN);
        byte[] notUtf8 = (HEADER + "\n1300000001,001090000031,Trần Văn Đức " + RUN + ",1990-01-01,Hà Nội,TA0001A,2026-10,1,1\n")
                .getBytes(Charset.forName("windows-1258"));
        // a quote opened in the first record and never closed: the rest of the file is one field, beyond the record limit
        byte[] runawayQuote = (HEADER + "\n1300000001,001090000031,Trần Văn Đức,1990-01-01,\"Số 1 " + RUN + "\n"
                + "Lý Thường Kiệt, Hoàn Kiếm, Hà Nội\n".repeat(CsvRecordReader.DEFAULT_MAX_RECORD_CHARS / 32)).getBytes(StandardCharsets.UTF_8);
        byte[] quoteOpenAtEnd = (HEADER + "\n1300000001,001090000031,Trần Văn Đức " + RUN + ",1990-01-01,\"Số 1 Hà Nội,TA0001A,2026-10,1,1\n")
                .getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                of("dropped name with a newline: receipt refused, file.name, moved to error/<safe name>, nothing sent", Area.FILES,
                        (it, tx) -> it.dropped(newline, good), NOT_HTTP, FileIntake.CATEGORY_NAME,
                        Expect.receipt("refused", null, (it, a) -> it.movedAside(drop(), newline, FileNameRule.safe(newline), good))),
                of("dropped CSV in windows-1258: receipt unreadable, file.encoding at line 2, moved to error/, nothing sent", Area.FILES,
                        (it, tx) -> it.dropped(latin1, notUtf8), NOT_HTTP, FileIntake.CATEGORY_ENCODING,
                        Expect.receipt("unreadable", null, (it, a) -> {
                            assertThat(it.json.readTree(a.body()).path("error").path("line").asLong()).isEqualTo(2);
                            it.movedAside(drop(), latin1, latin1, notUtf8);
                        })),
                of("SFTP file with a 250-byte name: receipt refused, file.name (max-bytes), moved to the remote error/, nothing sent",
                        Area.FILES, (it, tx) -> it.uploaded(longName, good), NOT_HTTP, FileIntake.CATEGORY_NAME,
                        Expect.receipt("refused", "max-bytes", (it, a) -> {
                            assertThat(utf8(longName)).hasSize(250);
                            it.movedAside(sftpFolder(), longName, FileNameRule.safe(longName), good);
                        })),
                of("dropped CSV with a quote never closed: receipt unreadable, file.format at the record's line 2, nothing sent", Area.FILES,
                        (it, tx) -> it.dropped(runaway, runawayQuote), NOT_HTTP, FileIntake.CATEGORY_FORMAT,
                        Expect.receipt("unreadable", "quote not closed", (it, a) -> {
                            assertThat(it.json.readTree(a.body()).path("error").path("line").asLong()).isEqualTo(2);
                            it.movedAside(drop(), runaway, runaway, runawayQuote);
                        })),
                of("dropped CSV whose last quote is open at the end: receipt processed, no error, that record rejected at line 2",
                        Area.FILES, (it, tx) -> it.dropped(openAtEnd, quoteOpenAtEnd), NOT_HTTP, null,
                        Expect.receipt("processed", null, (it, a) -> {
                            JsonNode r = it.json.readTree(a.body());
                            assertThat(r.path("accepted").asLong()).isZero();
                            assertThat(r.path("rejections")).singleElement().satisfies(x -> {
                                assertThat(x.path("line").asLong()).isEqualTo(2);
                                assertThat(x.path("reason").asText()).contains("quoted field not closed");
                            });
                            assertThat(it.received(sha(quoteOpenAtEnd))).as("nothing sent").isEmpty();
                        })));
    }

    @Order(0)
    @Test
    void beforeTheTableTheStatisticsAreTaken() throws Exception {
        assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
        totalBefore = statisticsTotal();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedInTheNdxpForm(Case c) throws Exception {
        String sent = UUID.randomUUID().toString();
        Answer a = c.call().send(this, sent);

        assertThat(a.status()).as(c + ": " + a.text()).isEqualTo(c.status());
        switch (c.expect().form()) {
            case PROBLEM, SOAP, NONE -> assertNdxpRefusal(c, a, sent);
            case JOLOKIA -> assertJolokia(c, a);
            case DENIED -> assertDenied(c, a);
            case RECEIPT -> assertReceipt(c, a);
            case EXTRA -> { }
        }
        if (c.expect().extra() != null) {
            c.expect().extra().check(this, a);
        }
        if (c.recorded()) {
            awaitRecorded(a.header("x-ndxp-transaction-id"));
            assertThat(jdbc.queryForList("SELECT error_category FROM ndxp_transaction WHERE transaction_id = ?", String.class,
                    a.header("x-ndxp-transaction-id"))).as("the refusal is in the transaction log").containsExactly(c.category());
        }
        if (c.area() == Area.SOAP || c.area() == Area.TOKEN) {
            theFacadeAndAProviderServe();
        }
        if (c.area() == Area.CONSOLE) {
            // what a refused console request must not have done
            assertThat(camel.getRouteController().getRouteStatus(ROUTE)).as(c.name()).isEqualTo(ServiceStatus.Started);
            assertThat(camel.getRoute(ROUTE).isTracing()).as(c.name()).isFalse();
            assertThat(control.inMaintenance("civil-status")).as(c.name()).isFalse();
        }
    }

    private void assertNdxpRefusal(Case c, Answer a, String sent) throws Exception {
        assertThat(a.header("x-ndxp-error")).as(c + ": " + a.text()).isEqualTo(c.category());
        String txId = a.header("x-ndxp-transaction-id");
        assertThat(txId).as("a transaction id").isNotNull();
        assertThat(UUID.fromString(txId).toString()).isEqualTo(txId.toLowerCase(Locale.ROOT));
        if (c.echoed()) {
            assertThat(txId).as("the transaction id sent").isEqualTo(sent);
        }
        assertThat(a.text()).doesNotContainIgnoringCase("<html").doesNotContain("Exception");
        switch (c.expect().form()) {
            case PROBLEM -> assertProblem(c, a, txId);
            case SOAP -> assertFault(c, a, txId);
            default -> { }
        }
    }

    /** Jolokia's own JSON: the (last) item refused with status 403, its error_type and error; no NDXP headers, no stack trace. */
    private void assertJolokia(Case c, Answer a) throws Exception {
        assertThat(a.header("x-ndxp-error")).as(c.name()).isNull();
        assertThat(a.header("content-type")).as(c.name()).contains("json");
        JsonNode body = json.readTree(a.body());
        JsonNode item = body.isArray() ? body.get(body.size() - 1) : body;
        assertThat(item.path("status").asInt()).as(a.text()).isEqualTo(403);
        assertThat(item.path("error_type").asText()).as(a.text()).isEqualTo(c.expect().field());
        assertThat(item.path("error").asText()).as(a.text()).contains(c.expect().detail());
        assertThat(item.has("stacktrace")).as(a.text()).isFalse();
    }

    /** Refused by Spring Security before Jolokia or /ops ran: no NDXP headers, no HTML page. */
    private static void assertDenied(Case c, Answer a) {
        assertThat(a.header("x-ndxp-error")).as(c.name()).isNull();
        assertThat(a.text()).as(c.name()).doesNotContainIgnoringCase("<html").doesNotContain("Exception");
    }

    /** The receipt: its status and error.category (null: no error), one receipt only, with a transaction id. */
    private void assertReceipt(Case c, Answer a) throws Exception {
        JsonNode r = json.readTree(a.body());
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo(c.expect().field());
        if (c.category() == null) {
            assertThat(r.has("error")).as(r.toString()).isFalse();
        } else {
            assertThat(r.path("error").path("category").asText()).as(r.toString()).isEqualTo(c.category());
        }
        if (c.expect().detail() != null) {
            assertThat(r.path("error").path("reason").asText()).as(r.toString()).contains(c.expect().detail());
        }
        assertThat(UUID.fromString(r.path("transactionId").asText())).isNotNull();
        assertThat(receiptsOf(r.path("file").asText())).as("one receipt, not one per poll").hasSize(1);
    }

    private void assertProblem(Case c, Answer a, String txId) throws Exception {
        assertThat(a.header("content-type")).as(c.name()).startsWith("application/problem+json");
        JsonNode p = json.readTree(a.body());
        assertThat(p.path("status").asInt()).isEqualTo(c.status());
        assertThat(p.path("category").asText()).isEqualTo(c.category());
        assertThat(p.path("type").asText()).isEqualTo("urn:ndxp:error:" + c.category());
        assertThat(p.path("transactionId").asText()).isEqualTo(txId);
        String field = c.expect().field();
        if (field != null && field.startsWith("X-")) {
            // header names other than the contract's come as received (HTTP header names are case-insensitive)
            assertThat(p.path("field").asText()).as(p.toString()).isEqualToIgnoringCase(field);
        } else if (field != null) {
            assertThat(p.path("field").asText()).as(p.toString()).isEqualTo(field);
        }
        if (c.expect().detail() != null) {
            assertThat(p.path("detail").asText()).as(p.toString()).contains(c.expect().detail());
        }
    }

    private static void assertFault(Case c, Answer a, String txId) throws Exception {
        assertThat(a.header("content-type")).as(c.name()).startsWith("text/xml");
        Document doc = SecureXml.parse(a.text());
        Element code = (Element) doc.getElementsByTagName("faultcode").item(0);
        String[] qname = code.getTextContent().split(":", 2);
        assertThat(code.lookupNamespaceURI(qname[0])).isEqualTo("urn:ndxp:error");
        assertThat(qname[1]).isEqualTo(c.category());
        assertThat(doc.getElementsByTagNameNS("urn:ndxp:error", "category").item(0).getTextContent()).isEqualTo(c.category());
        assertThat(doc.getElementsByTagNameNS("urn:ndxp:error", "transactionId").item(0).getTextContent()).isEqualTo(txId);
        assertThat(a.text()).doesNotContain("Could not parse").doesNotContain("Trần Minh Khôi");
        if (c.expect().detail() != null) {
            assertThat(doc.getElementsByTagName("faultstring").item(0).getTextContent()).contains(c.expect().detail());
        }
    }

    /** After the whole table: the refusals are recorded with declared values only, the log moves on, the chain holds. */
    @Order(2)
    @Test
    void aRejectedCallIsRecordedWithTheDeclaredValuesOnlyAndTheLogMovesOn() throws Exception {
        // no token, a client id and an officer id beyond their columns: refused at the door, recorded
        // without either value, and the log keeps writing (a value too long for its column once froze it)
        Answer refused = exchange("GET", ENTERPRISE, List.of("X-NDXP-Client: VN:GOV:" + "0".repeat(300) + ":x",
                "X-NDXP-User-Id: " + "u".repeat(500), "X-NDXP-Transaction-Id: not-a-uuid-" + "9".repeat(100)), Body.none());
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
        Answer served = exchange("GET", ENTERPRISE, List.of("X-NDXP-Client: " + CLIENT, "Authorization: Bearer " + token(BUSINESS_REGISTRY),
                "X-NDXP-Transaction-Id: " + next, "X-NDXP-User-Id: officer.01@moj"), Body.none());
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
        List<String> headers = List.of("X-NDXP-Client: " + CLIENT, "Authorization: Bearer " + token(BUSINESS_REGISTRY), "X-NDXP-Transaction-Id: " + txId,
                "Content-Type: application/json");

        Answer created = exchange("POST", INSPECTIONS, headers, Body.whole(utf8(first)));
        assertThat(created.status()).as(created.text()).isEqualTo(200);

        Answer conflict = exchange("POST", INSPECTIONS, headers, Body.whole(utf8(other)));
        assertThat(conflict.status()).as(conflict.text()).isEqualTo(409);
        assertThat(conflict.header("x-ndxp-error")).isEqualTo("client.conflict");
        assertThat(conflict.header("content-type")).startsWith("application/problem+json");
        assertThat(json.readTree(conflict.body()).path("detail").asText()).contains("transaction id was already used");

        // the same record again, also with other whitespace: the first answer again, nothing written twice
        Answer replay = exchange("POST", INSPECTIONS, headers, Body.whole(utf8(first.replace(",", ", "))));
        assertThat(replay.status()).as(replay.text()).isEqualTo(200);
        assertThat(json.readTree(replay.body())).isEqualTo(json.readTree(created.body()));
        assertThat(legacyCount("SELECT count(*) FROM inspection WHERE authority = ?", authority)).isEqualTo(1);
        assertThat(legacyCount("SELECT count(*) FROM inspection WHERE authority = ? AND result = 'FAILED'", authority)).isZero();
    }

    /** After the whole table and the tests above: the runtime serves, the log has written every refusal, the chain holds. */
    @Order(10)
    @Test
    void afterTheWholeTableTheRuntimeServesTheLogWritesAndTheChainVerifies() throws Exception {
        assertThat(totalBefore).as("statistics taken before the table").isNotNegative();
        theFacadeAndAProviderServe();
        long recorded = cases().filter(Case::recorded).count();
        // every recorded refusal and the two good calls just made
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(statisticsTotal() - totalBefore)
                .isGreaterThanOrEqualTo(recorded + 2));
        Answer verify = asOperator("GET", "/ops/transactions/verify");
        assertThat(verify.status()).as(verify.text()).isEqualTo(200);
        assertThat(json.readTree(verify.body()).path("valid").asBoolean()).as(verify.text()).isTrue();

        // the refused /ops calls changed nothing and the same endpoints answer good parameters
        Answer maintenance = asOperator("GET", "/ops/adapters/maintenance");
        assertThat(json.readTree(maintenance.body()).path("civil-status").asBoolean()).as("a refused change changed nothing").isFalse();
        assertThat(asOperator("GET", "/ops/dead-letters?limit=1000&status=NEW&adapter=one-stop-office").status()).isEqualTo(200);
        assertThat(asOperator("GET", "/ndxp/v1/stats?from=2025-01-01&to=2025-01-31").status()).isEqualTo(200);
    }

    /** A good lookup through the SOAP facade and a good REST call with an audience-bound token are served. */
    private void theFacadeAndAProviderServe() throws Exception {
        Answer ok = facade(ALLOWED, UUID.randomUUID().toString(), lookup());
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.text()).containsPattern("CitizenID>001203000001</").contains("Trần Minh Khôi");
        Answer rest = bearer(ENTERPRISE, token(BUSINESS_REGISTRY), UUID.randomUUID().toString());
        assertThat(rest.status()).as(rest.text()).isEqualTo(200);
    }

    private long statisticsTotal() throws Exception {
        Answer stats = exchange("GET", "/ndxp/v1/stats", List.of(), Body.none());
        assertThat(stats.status()).as(stats.text()).isEqualTo(200);
        return json.readTree(stats.body()).path("total").asLong();
    }

    // --- how rows are sent ---

    private Answer jolokiaPost(String credentials, String path, String request) throws Exception {
        return exchange("POST", path, List.of(credentials, "Content-Type: application/json"), Body.whole(utf8(request)));
    }

    /** Drops a file and waits for its receipt (under the safe name if the name is refused): the row's answer. */
    private Answer dropped(String name, byte[] content) throws Exception {
        dropFile(name, content);
        return receipt(name);
    }

    /** Uploads a file to the sandbox SFTP server and waits for its receipt. */
    private Answer uploaded(String name, byte[] content) throws Exception {
        putOnSftp(name, content);
        return receipt(name);
    }

    private Answer receipt(String name) throws Exception {
        Path safe = receipts().resolve(FileNameRule.safe(name) + ".receipt.json");
        Path plain = receipts().resolve(name + ".receipt.json");
        Path[] found = new Path[1];
        await().atMost(Duration.ofSeconds(90)).until(() -> (found[0] = Files.exists(safe) ? safe : Files.exists(plain) ? plain : null) != null);
        return new Answer(NOT_HTTP, Map.of(), Files.readAllBytes(found[0]));
    }

    /** The original left {@code folder} once, is in its error/ as {@code storedAs} unchanged, and nothing of it was sent. */
    private void movedAside(Path folder, String name, String storedAs, byte[] content) throws Exception {
        Path moved = folder.resolve("error/" + storedAs);
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(moved) && !Files.exists(folder.resolve(name)));
        assertThat(moved).hasBinaryContent(content);
        assertThat(received(sha(content))).as("nothing sent").isEmpty();
    }

    private Answer exchange(String method, String target, List<String> headers, Body body) throws Exception {
        return RawHttp.exchange(port, null, method, target, headers, body);
    }

    /** With {@code auth}: a token for the provider of {@code target} and, unless given, the sandbox client id. */
    private Answer exchange(String method, String target, boolean auth, List<String> headers, Body body) throws Exception {
        List<String> all = new ArrayList<>(headers);
        if (auth) {
            all.add("Authorization: Bearer " + token(audienceOf(target)));
            if (all.stream().noneMatch(h -> h.startsWith("X-NDXP-Client:"))) {
                all.add("X-NDXP-Client: " + CLIENT);
            }
        }
        return exchange(method, target, all, body);
    }

    private Answer bearer(String path, String token, String txId) throws Exception {
        return exchange("GET", path, List.of("Authorization: Bearer " + token, "X-NDXP-Client: " + CLIENT, "X-NDXP-Transaction-Id: " + txId),
                Body.none());
    }

    private Answer asOperator(String method, String target) throws Exception {
        return exchange(method, target, List.of(OPERATOR), "GET".equals(method) ? Body.none() : Body.whole(new byte[0]));
    }

    private Answer facade(String from, String txId, String envelope) throws Exception {
        return facade(from, txId, List.of(), Body.whole(utf8(envelope)));
    }

    /** A LookupCitizen POST to the one-stop-office facade from the local address {@code from}. */
    private Answer facade(String from, String txId, List<String> headers, Body body) throws Exception {
        List<String> all = new ArrayList<>(List.of("Content-Type: text/xml; charset=UTF-8", "SOAPAction: \"" + NS + "/LookupCitizen\"",
                "X-NDXP-Transaction-Id: " + txId));
        all.addAll(headers);
        return RawHttp.exchange(port, from, "POST", FACADE, all, body);
    }

    private static String envelope(String citizen) {
        return "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"" + SOAP_ENV + "\"><soap:Body>"
                + "<c:LookupCitizen xmlns:c=\"" + NS + "\">" + citizen + "</c:LookupCitizen></soap:Body></soap:Envelope>";
    }

    private static String lookup() {
        return envelope("<c:CitizenID>001203000001</c:CitizenID>");
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
