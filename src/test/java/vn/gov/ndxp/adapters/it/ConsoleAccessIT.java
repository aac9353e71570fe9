package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's Jolokia policy per role, enforced by Jolokia's restrictor: every form Jolokia accepts
 * of a forbidden operation is refused for the viewer (POST single and bulk, GET path form with !
 * escapes and with %2F, GET ?p= query form, odd spellings of the type, both Jolokia paths), and
 * afterwards the route still runs, no heap dump was written and no flight recording exists.
 */
class ConsoleAccessIT extends SandboxTestSupport {

    private static final String ROUTE = "civil-status-birth-record";
    private static final String ROUTE_MBEAN = "org.apache.camel:context=ndxp-adapters,type=routes,name=\"" + ROUTE + "\"";
    private static final String CONTEXT_MBEAN = "org.apache.camel:context=ndxp-adapters,type=context,name=\"ndxp-adapters\"";
    private static final String[] JOLOKIA = {"/actuator/jolokia", "/actuator/hawtio/jolokia"};
    private static Path dumpDir;
    private static Path heapDump;

    @Autowired
    CamelContext camel;

    /** A forbidden operation: MBean, operation, arguments (as JSON values and as path parts). */
    record Forbidden(String what, String type, String mbean, String operation, List<String> jsonArgs, List<String> pathArgs) {
        @Override
        public String toString() {
            return what;
        }
    }

    @BeforeAll
    static void dumpTarget() throws Exception {
        dumpDir = Files.createTempDirectory("ndxp-heap");
        heapDump = dumpDir.resolve("heap.hprof");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Files.deleteIfExists(heapDump);
        Files.deleteIfExists(dumpDir);
    }

    /** Each row on its own: whatever a refused-too-late request did is undone (only without the policy). */
    @AfterEach
    void undo() throws Exception {
        if (!camel.getStatus().isStarted()) {
            camel.start();
        }
        if (!camel.getRouteController().getRouteStatus(ROUTE).isStarted()) {
            camel.getRouteController().startRoute(ROUTE);
        }
        Files.deleteIfExists(heapDump);
    }

    static List<Forbidden> forbidden() {
        String heap = heapDump.toString();
        return List.of(
                new Forbidden("stop a route", "exec", ROUTE_MBEAN, "stop()", List.of(), List.of()),
                new Forbidden("stop a route (no signature)", "exec", ROUTE_MBEAN, "stop", List.of(), List.of()),
                new Forbidden("suspend a route", "exec", ROUTE_MBEAN, "suspend()", List.of(), List.of()),
                new Forbidden("stop the Camel context", "exec", CONTEXT_MBEAN, "stop()", List.of(), List.of()),
                new Forbidden("write an attribute", "write", ROUTE_MBEAN, "Tracing", List.of("true"), List.of("true")),
                new Forbidden("dump the heap", "exec", "com.sun.management:type=HotSpotDiagnostic",
                        "dumpHeap(java.lang.String,boolean)", List.of(quote(heap), "true"), List.of(heap, "true")),
                new Forbidden("dump the heap (no signature)", "exec", "com.sun.management:type=HotSpotDiagnostic",
                        "dumpHeap", List.of(quote(heap), "false"), List.of(heap, "false")),
                new Forbidden("start a flight recording", "exec", "jdk.management.jfr:type=FlightRecorder",
                        "newRecording()", List.of(), List.of()),
                new Forbidden("run the garbage collector", "exec", "java.lang:type=Memory", "gc", List.of(), List.of()),
                new Forbidden("a diagnostic command", "exec", "com.sun.management:type=DiagnosticCommand",
                        "vmSystemProperties()", List.of(), List.of()),
                new Forbidden("replay a dead letter", "exec", "ndxp:type=Audit", "replayDeadLetter(long)", List.of("1"), List.of("1")),
                new Forbidden("maintenance mode", "exec", "ndxp:type=Adapters", "setMaintenance(java.lang.String,boolean)",
                        List.of("\"civil-status\"", "true"), List.of("civil-status", "true")));
    }

    /** Every form of every forbidden request, on both Jolokia paths. */
    static Stream<Object[]> viewerForms() {
        List<Object[]> cases = new ArrayList<>();
        for (String jolokia : JOLOKIA) {
            for (Forbidden f : forbidden()) {
                for (String form : List.of("POST", "POST type in capitals", "POST bulk", "GET path", "GET path capitals",
                        "GET path %2F", "GET ?p=")) {
                    cases.add(new Object[] {jolokia, form, f});
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "viewer {1} {0}: {2}")
    @MethodSource("viewerForms")
    void everyFormOfAForbiddenRequestIsRefusedForTheViewer(String jolokia, String form, Forbidden f) throws Exception {
        long recordings = flightRecordings();
        HttpResponse<String> res = send(request(jolokia, form, f, "viewer", "sandbox-viewer"));
        assertRefused(res, form);
        assertThat(camel.getRouteController().getRouteStatus(ROUTE)).as("route after %s", f).isEqualTo(ServiceStatus.Started);
        assertThat(Files.exists(heapDump)).as("heap dump after %s", f).isFalse();
        assertThat(flightRecordings()).as("flight recordings after %s", f).isEqualTo(recordings);
        assertThat(camel.getRoute(ROUTE).isTracing()).as("route tracing after %s", f).isFalse();
    }

    @Test
    void theViewerReadsListsSearchesAndCallsNamedReadOperations() throws Exception {
        JsonNode state = jolokia("viewer", "sandbox-viewer", "{\"type\":\"read\",\"mbean\":" + quote(ROUTE_MBEAN) + ",\"attribute\":\"State\"}");
        assertThat(state.path("value").asText()).as(state.toString()).isEqualTo("Started");
        HttpResponse<String> viaGet = send(get("/actuator/hawtio/jolokia/read/" + pathMBean(ROUTE_MBEAN) + "/State", "viewer", "sandbox-viewer"));
        assertThat(body(viaGet).path("value").asText()).as(viaGet.body()).isEqualTo("Started");
        JsonNode list = jolokia("viewer", "sandbox-viewer", "{\"type\":\"list\",\"path\":\"org.apache.camel\"}");
        assertThat(list.path("status").asInt()).as(list.toString()).isEqualTo(200);
        JsonNode search = jolokia("viewer", "sandbox-viewer", "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}");
        assertThat(search.path("value").toString()).contains(ROUTE);
        JsonNode xml = jolokia("viewer", "sandbox-viewer",
                "{\"type\":\"exec\",\"mbean\":" + quote(CONTEXT_MBEAN) + ",\"operation\":\"dumpRoutesAsXml()\"}");
        assertThat(xml.path("value").asText()).as(xml.toString()).contains(ROUTE);
        JsonNode stats = jolokia("viewer", "sandbox-viewer",
                "{\"type\":\"exec\",\"mbean\":" + quote(CONTEXT_MBEAN) + ",\"operation\":\"dumpRoutesStatsAsXml\",\"arguments\":[true,true]}");
        assertThat(stats.path("value").asText()).as(stats.toString()).contains("routeStat");
        JsonNode letters = jolokia("viewer", "sandbox-viewer",
                "{\"type\":\"exec\",\"mbean\":\"ndxp:type=Audit\",\"operation\":\"listDeadLetters\",\"arguments\":[\"\"]}");
        assertThat(letters.path("status").asInt()).as(letters.toString()).isEqualTo(200);
        JsonNode secrets = jolokia("viewer", "sandbox-viewer",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"InputArguments\"}");
        assertThat(secrets.path("status").asInt()).as("JVM arguments: %s", secrets).isEqualTo(403);
    }

    @Test
    void theOperatorStopsAndStartsARouteButCannotDumpTheHeapNorActByGet() throws Exception {
        try {
            JsonNode stop = jolokia("operator", "sandbox-operator",
                    "{\"type\":\"exec\",\"mbean\":" + quote(ROUTE_MBEAN) + ",\"operation\":\"stop()\"}");
            assertThat(stop.path("status").asInt()).as(stop.toString()).isEqualTo(200);
            assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Stopped);
            JsonNode start = jolokia("operator", "sandbox-operator",
                    "{\"type\":\"exec\",\"mbean\":" + quote(ROUTE_MBEAN) + ",\"operation\":\"start\"}");
            assertThat(start.path("status").asInt()).as(start.toString()).isEqualTo(200);
            assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Started);
        } finally {
            camel.getRouteController().startRoute(ROUTE);
        }
        long recordings = flightRecordings();
        for (Forbidden f : forbidden()) {
            if (f.mbean().startsWith("org.apache.camel") || f.mbean().startsWith("ndxp")) {
                continue; // the operator's to do
            }
            assertRefused(send(request("/actuator/jolokia", "POST", f, "operator", "sandbox-operator")), "POST");
        }
        // GET can be sent cross-site with cached Basic credentials (an image): the operator's policy is POST only
        assertRefused(send(request("/actuator/jolokia", "GET path", forbidden().get(0), "operator", "sandbox-operator")), "GET");
        assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Started);
        assertThat(Files.exists(heapDump)).isFalse();
        assertThat(flightRecordings()).isEqualTo(recordings);
        JsonNode threads = jolokia("operator", "sandbox-operator",
                "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Threading\",\"operation\":\"dumpAllThreads(boolean, boolean)\",\"arguments\":[false,false]}");
        assertThat(threads.path("status").asInt()).as("Hawtio's Threads view").isEqualTo(200);
    }

    @Test
    void withoutAConsoleRoleNothingIsAllowed() throws Exception {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/jolokia"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}")).build());
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).doesNotContain("agent");
    }

    // ---------------------------------------------------------------------------------------------

    private HttpRequest request(String jolokia, String form, Forbidden f, String user, String password) {
        String single = json(f, form.contains("capitals") ? f.type().toUpperCase() : f.type());
        return switch (form) {
            case "POST", "POST type in capitals" -> post(jolokia, single, user, password);
            case "POST bulk" -> post(jolokia, "[{\"type\":\"read\",\"mbean\":" + quote(ROUTE_MBEAN) + ",\"attribute\":\"State\"},"
                    + single + "]", user, password);
            case "GET path" -> get(jolokia + "/" + path(f, f.type(), false), user, password);
            case "GET path capitals" -> get(jolokia + "/" + path(f, f.type().toUpperCase(), false), user, password);
            case "GET path %2F" -> get(jolokia + "/" + path(f, f.type(), true), user, password);
            case "GET ?p=" -> get(jolokia + "?p=" + URLEncoder.encode("/" + rawPath(f), StandardCharsets.UTF_8), user, password);
            default -> throw new IllegalArgumentException(form);
        };
    }

    private static String json(Forbidden f, String type) {
        if (f.type().equals("write")) {
            return "{\"type\":\"" + type + "\",\"mbean\":" + quote(f.mbean()) + ",\"attribute\":\"" + f.operation()
                    + "\",\"value\":" + f.jsonArgs().get(0) + "}";
        }
        return "{\"type\":\"" + type + "\",\"mbean\":" + quote(f.mbean()) + ",\"operation\":\"" + f.operation()
                + "\",\"arguments\":[" + String.join(",", f.jsonArgs()) + "]}";
    }

    /** Jolokia's GET path: type/mbean/operation/args, slashes inside a part escaped as !/ (or sent as %2F). */
    private static String path(Forbidden f, String type, boolean encodedSlashes) {
        StringBuilder p = new StringBuilder(type).append('/').append(pathMBean(f.mbean())).append('/').append(enc(f.operation()));
        for (String arg : f.pathArgs()) {
            p.append('/').append(encodedSlashes ? enc(arg).replace("/", "%2F") : enc(arg.replace("/", "!/")));
        }
        return p.toString();
    }

    /** The path for the ?p= parameter: as Jolokia reads it once the query is decoded. */
    private static String rawPath(Forbidden f) {
        StringBuilder p = new StringBuilder(f.type()).append('/').append(f.mbean()).append('/').append(f.operation());
        f.pathArgs().forEach(arg -> p.append('/').append(arg.replace("/", "!/")));
        return p.toString();
    }

    private static String pathMBean(String mbean) {
        return enc(mbean);
    }

    /** URL-encodes what a URL path cannot carry as it is, keeping / : , = ! as they are. */
    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/").replace("%3A", ":")
                .replace("%2C", ",").replace("%3D", "=").replace("%21", "!");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Refused: Jolokia's error (HTTP 403, or its JSON status 403 for each forbidden item), or the firewall's 400. */
    private void assertRefused(HttpResponse<String> res, String form) throws Exception {
        if (res.statusCode() != 200) {
            assertThat(res.statusCode()).as("%s: %s", form, res.body()).isIn(400, 403);
            return;
        }
        JsonNode body = body(res);
        JsonNode forbidden = body.isArray() ? body.get(1) : body;
        assertThat(forbidden.path("status").asInt()).as("%s answered %s", form, res.body()).isEqualTo(403);
        assertThat(forbidden.path("error").asText()).as("%s answered %s", form, res.body()).containsPattern("(?i)forbidden|not allowed");
        if (body.isArray()) {
            assertThat(body.get(0).path("value").asText()).as("the harmless read of the bulk").isEqualTo("Started");
        }
    }

    private JsonNode jolokia(String user, String password, String request) throws Exception {
        HttpResponse<String> res = send(post("/actuator/jolokia", request, user, password));
        assertThat(res.statusCode()).as(res.body()).isIn(200, 403);
        return body(res);
    }

    private HttpRequest post(String path, String body, String user, String password) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(user, password)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest get(String path, String user, String password) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(user, password)).GET().build();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static long flightRecordings() throws Exception {
        ObjectName jfr = new ObjectName("jdk.management.jfr:type=FlightRecorder");
        Object recordings = ManagementFactory.getPlatformMBeanServer().getAttribute(jfr, "Recordings");
        return ((Object[]) recordings).length;
    }
}
