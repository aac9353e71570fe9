package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.gov.ndxp.adapters.NdxpAdaptersApplication;
import vn.gov.ndxp.adapters.sandbox.LegacyCivilStatusServer;

/**
 * SIGTERM lets in-flight exchanges finish and loses no record: the runtime runs as its own JVM
 * process, is terminated during a slow backend call, and a restart on the same database finds the
 * exchange's transaction record.
 */
class GracefulShutdownIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void sigtermFinishesTheInFlightExchangeAndKeepsItsRecord(@TempDir Path data) throws Exception {
        int port = freePort();
        int pgPort = freePort();
        Process first = start(port, pgPort, data, "first");
        String txId = UUID.randomUUID().toString();
        HttpResponse<String> answer;
        try {
            awaitUp(port, first);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ndxp/v1/civil-status/birth-records/079199000002"))
                    .header("Authorization", "Bearer " + token(port)).header("X-NDXP-Client", SandboxTestSupport.CLIENT)
                    .header("X-NDXP-Transaction-Id", txId).timeout(Duration.ofSeconds(30)).GET().build();
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            // the legacy stand-in has the call, and answers it 3 s later
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log("first")).contains("call in transaction " + txId));
            assertThat(inFlight).as("still in flight").isNotDone();
            first.destroy(); // SIGTERM
            answer = inFlight.get(60, TimeUnit.SECONDS);
            assertThat(first.waitFor(90, TimeUnit.SECONDS)).as("the runtime stops after finishing its work").isTrue();
        } finally {
            first.destroyForcibly();
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(json.readTree(answer.body()).get("fullName").asText()).isEqualTo("Nguyễn Thị Hồng Nhung");

        Process second = start(port, pgPort, data, "second");
        try {
            awaitUp(port, second);
            HttpResponse<String> record = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/transactions/" + txId))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("operator:sandbox-operator".getBytes(StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode rows = json.readTree(record.body());
            assertThat(rows).as(record.body()).hasSize(1);
            assertThat(rows.get(0).get("status").asText()).isEqualTo("success");
            assertThat(rows.get(0).get("http_status").asInt()).isEqualTo(200);
            try (var spilled = Files.list(Files.createDirectories(data.resolve("spill")))) {
                assertThat(spilled.filter(f -> f.toString().endsWith(".jsonl")))
                        .as("nothing left waiting in the transaction log's spill folder").isEmpty();
            }
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
    }

    private Process start(int port, int pgPort, Path data, String name) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), NdxpAdaptersApplication.class.getName(),
                "--server.port=" + port, "--ndxp.sandbox.legacy-soap.port=" + freePort(), "--ndxp.sandbox.legacy-soap.delay=3s",
                "--ndxp.sandbox.postgres.port=" + pgPort, "--ndxp.sandbox.postgres.data-dir=" + data.resolve("pg"),
                "--ndxp.sandbox.kafka.port=0", "--ndxp.sandbox.legacy-db.port=" + freePort(), "--ndxp.sandbox.legacy-db.data-dir=",
                "--spring.jmx.enabled=false", "--ndxp.audit.spill-dir=" + data.resolve("spill"),
                // its own folders and no SFTP server: a sandbox may be running on the default ports
                "--ndxp.files.dir=" + data.resolve("files"), "--ndxp.sandbox.sftp.enabled=false", "--SOCIAL_INSURANCE_SFTP_SOURCE=false",
                // the legacy stand-in logs each call: the test terminates the runtime while one is in flight
                "--logging.level." + LegacyCivilStatusServer.class.getName() + "=DEBUG"));
        Path log = log(name);
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Path log(String name) {
        return Path.of("target", "graceful-shutdown-" + name + ".log");
    }

    private void awaitUp(int port, Process process) {
        await().alias("the runtime answers ready").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(process.isAlive()).as("runtime process exited early; see target/graceful-shutdown-*.log").isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false; // not listening yet
            }
        });
    }

    private String token(int port) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/ndxp/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("sandbox-client:sandbox-secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&resource=" + SandboxTestSupport.CIVIL_STATUS))
                .build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(res.body()).get("access_token").asText();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
