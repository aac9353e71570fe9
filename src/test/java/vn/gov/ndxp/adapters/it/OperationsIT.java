package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Roles on the console's Jolokia, stopped and maintenance services, health per adapter. */
class OperationsIT extends SandboxTestSupport {

    private static final String RECORD = "/ndxp/v1/civil-status/birth-records/001203000001";
    private static final String ROUTE_MBEAN = "org.apache.camel:context=ndxp-adapters,type=routes,name=\\\"civil-status-birth-record\\\"";

    @Autowired
    CamelContext camel;

    @Test
    void aViewerMayReadButNotStopARouteOverJolokia() throws Exception {
        HttpResponse<String> read = jolokia("viewer", "sandbox-viewer",
                "{\"type\":\"read\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"attribute\":\"State\"}");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(body(read).get("value").asText()).isEqualTo("Started");

        // Jolokia's restrictor refuses: its error JSON with status 403 (one per forbidden item of a bulk request)
        HttpResponse<String> stop = jolokia("viewer", "sandbox-viewer",
                "{\"type\":\"exec\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"operation\":\"stop()\"}");
        assertThat(jolokiaStatus(stop)).as(stop.body()).isEqualTo(403);
        HttpResponse<String> bulk = jolokia("viewer", "sandbox-viewer",
                "[{\"type\":\"read\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"attribute\":\"State\"},"
                        + "{\"type\":\"exec\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"operation\":\"suspend()\"}]");
        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
        assertThat(body(bulk).get(0).get("value").asText()).isEqualTo("Started");
        assertThat(body(bulk).get(1).get("status").asInt()).as("the suspend of a bulk request is refused").isEqualTo(403);
        HttpResponse<String> viaGet = send(HttpRequest.newBuilder(URI.create(base()
                        + "/actuator/jolokia/exec/org.apache.camel:context=ndxp-adapters,type=routes,name=%22civil-status-birth-record%22/stop()"))
                .header("Authorization", basic("viewer", "sandbox-viewer")).build());
        assertThat(jolokiaStatus(viaGet)).as(viaGet.body()).isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus("civil-status-birth-record").isStarted()).isTrue();

        HttpResponse<String> replay = send(HttpRequest.newBuilder(URI.create(base() + "/ops/dead-letters/1/replay"))
                .header("Authorization", basic("viewer", "sandbox-viewer")).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(replay.statusCode()).as("viewers cannot replay dead letters").isEqualTo(403);
        HttpResponse<String> list = send(HttpRequest.newBuilder(URI.create(base() + "/ops/dead-letters"))
                .header("Authorization", basic("viewer", "sandbox-viewer")).build());
        assertThat(list.statusCode()).isEqualTo(200);
    }

    @Test
    void aStoppedServiceAnswers503AdapterStoppedAndUnknownPaths404() throws Exception {
        camel.getRouteController().stopRoute("civil-status-birth-record");
        try {
            HttpResponse<String> res = send(ndxp(RECORD).GET().build());
            assertThat(res.statusCode()).isEqualTo(503);
            assertThat(res.headers().firstValue("X-NDXP-Error")).contains("adapter.stopped");
            assertThat(res.headers().firstValue("Retry-After")).isPresent();
            assertThat(res.headers().firstValue("Content-Type")).contains("application/problem+json");
            String txId = res.headers().firstValue("X-NDXP-Transaction-Id").orElseThrow();
            assertThat(body(res).get("transactionId").asText()).isEqualTo(txId);
            awaitRecorded(txId);
            assertThat(jdbc.queryForObject("SELECT error_category FROM ndxp_transaction WHERE transaction_id = ?", String.class, txId))
                    .isEqualTo("adapter.stopped");
        } finally {
            camel.getRouteController().startRoute("civil-status-birth-record");
        }
        assertThat(send(ndxp(RECORD).GET().build()).statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = send(ndxp("/ndxp/v1/civil-status/no-such-thing").GET().build());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("X-NDXP-Error")).contains("client.not-found");
    }

    @Test
    void maintenanceModeAnswers503WithRetryAfterOnRestAndSoap() throws Exception {
        assertThat(ops("viewer", "sandbox-viewer", "/ops/adapters/civil-status/maintenance?on=true").statusCode()).isEqualTo(403);
        assertThat(ops("operator", "sandbox-operator", "/ops/adapters/civil-status/maintenance?on=true").statusCode()).isEqualTo(200);
        HttpResponse<String> jmx = jolokia("operator", "sandbox-operator",
                "{\"type\":\"exec\",\"mbean\":\"ndxp:type=Adapters\",\"operation\":\"setMaintenance\",\"arguments\":[\"one-stop-office\",true]}");
        assertThat(body(jmx).get("value").asBoolean()).as(jmx.body()).isTrue();
        try {
            HttpResponse<String> res = send(ndxp(RECORD).GET().build());
            assertThat(res.statusCode()).isEqualTo(503);
            assertThat(res.headers().firstValue("X-NDXP-Error")).contains("adapter.maintenance");
            assertThat(res.headers().firstValue("Retry-After")).isPresent();
            HttpResponse<String> soap = send(HttpRequest.newBuilder(URI.create(base() + "/soap/one-stop-office"))
                    .header("Content-Type", "text/xml; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                            + "<c:LookupCitizen xmlns:c=\"http://motcua.gov.vn/ws/citizen/v1\"><c:CitizenID>001203000001</c:CitizenID>"
                            + "</c:LookupCitizen></soap:Body></soap:Envelope>")).build());
            assertThat(soap.statusCode()).isEqualTo(500);
            assertThat(soap.body()).contains("adapter.maintenance");
            JsonNode health = body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/adapters/civil-status"))
                    .header("Authorization", basic("operator", "sandbox-operator")).build()));
            assertThat(health.get("status").asText()).isEqualTo("OUT_OF_SERVICE");
        } finally {
            ops("operator", "sandbox-operator", "/ops/adapters/civil-status/maintenance?on=false");
            ops("operator", "sandbox-operator", "/ops/adapters/one-stop-office/maintenance?on=false");
        }
        assertThat(send(ndxp(RECORD).GET().build()).statusCode()).isEqualTo(200);
    }

    /** /actuator/info, open like the health status: the build (version, time) and its git commit, nothing else. */
    @Test
    void infoShowsTheBuildAndTheGitCommitToAnybody() throws Exception {
        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/info")).build());
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode info = body(res);
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
        String version = pom.replaceFirst("(?s).*?<artifactId>ndxp-adapters</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        assertThat(info.at("/build/version").asText()).isEqualTo(version);
        assertThat(info.at("/build/artifact").asText()).isEqualTo("ndxp-adapters");
        assertThat(java.time.Instant.parse(info.at("/build/time").asText())).isBefore(java.time.Instant.now());
        if (!java.nio.file.Files.exists(java.nio.file.Path.of(".git"))) {
            assertThat(info.at("/git/commit/id").isMissingNode()).as("a source tarball builds without a commit").isTrue();
            return;
        }
        String commit = info.at("/git/commit/id").asText();
        assertThat(commit).as(info.toString()).matches("[0-9a-f]{7}");
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of(".git"))) {
            assertThat(commit).isEqualTo(git("rev-parse", "--short=7", "HEAD"));
        } else {
            // a git worktree: the plugin reads the main checkout's HEAD, a commit of the same repository
            git("cat-file", "-e", commit + "^{commit}");
        }
        assertThat(info.at("/git/commit/time").isMissingNode()).isFalse();
        assertThat(info.has("env")).isFalse();
        assertThat(info.has("java")).isFalse();
    }

    private static String git(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("git"));
        cmd.addAll(java.util.List.of(args));
        Process git = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(git.waitFor()).as(cmd + ": " + out).isZero();
        return out;
    }

    @Test
    void healthHasAComponentPerAdapterAndProbes() throws Exception {
        JsonNode civil = body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/adapters/civil-status"))
                .header("Authorization", basic("viewer", "sandbox-viewer")).build()));
        assertThat(civil.get("status").asText()).isEqualTo("UP");
        assertThat(civil.at("/details/routes/civil-status-birth-record").asText()).isEqualTo("Started");
        assertThat(civil.at("/details/backends/legacy-soap").asText()).isEqualTo("reachable");
        JsonNode office = body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/adapters/one-stop-office"))
                .header("Authorization", basic("operator", "sandbox-operator")).build()));
        assertThat(office.at("/details/platformToken").asText()).isEqualTo("obtainable");
        assertThat(body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/liveness")).build())).get("status").asText()).isEqualTo("UP");
        assertThat(body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness")).build())).get("status").asText()).isEqualTo("UP");

        legacy.stop();
        try {
            JsonNode down = body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/adapters/civil-status"))
                    .header("Authorization", basic("operator", "sandbox-operator")).build()));
            assertThat(down.get("status").asText()).isEqualTo("DOWN");
            assertThat(down.at("/details/backends/legacy-soap").asText()).startsWith("unreachable");
            assertThat(body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness")).build())).get("status").asText())
                    .as("a legacy backend down does not take the runtime out of service").isEqualTo("UP");
        } finally {
            legacy.start();
        }
    }

    private HttpResponse<String> jolokia(String user, String password, String request) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + "/actuator/jolokia"))
                .header("Authorization", basic(user, password)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build());
    }

    /** The status Jolokia answered: HTTP 403 or its JSON status. */
    private int jolokiaStatus(HttpResponse<String> res) throws Exception {
        return res.statusCode() == 200 ? body(res).path("status").asInt() : res.statusCode();
    }

    private HttpResponse<String> ops(String user, String password, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", basic(user, password))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
