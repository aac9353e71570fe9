package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import vn.gov.ndxp.adapters.NdxpAdaptersApplication;

/**
 * Another runtime instance in its own JVM process, on the test context's runtime database, Kafka and
 * platform stand-in (no embedded servers of its own); its output goes to target/<name>.log.
 */
final class RuntimeProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private RuntimeProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Where this instance answers HTTP. */
    String base() {
        return "http://127.0.0.1:" + port;
    }

    static RuntimeProcess start(String name, String platformBase, JdbcConnectionDetails db, KafkaConnectionDetails kafka,
                                int legacyDbPort, String... extraArgs) throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), NdxpAdaptersApplication.class.getName(),
                "--server.port=" + port, "--ndxp.sandbox.embedded-servers=false",
                "--spring.datasource.url=" + db.getJdbcUrl(), "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres", "--spring.kafka.bootstrap-servers=" + String.join(",", kafka.getBootstrapServers()),
                "--ndxp.sandbox.legacy-db.port=" + legacyDbPort, "--ndxp.platform.url=" + platformBase + "/sandbox/ndxp",
                "--ndxp.sandbox.legacy-soap.port=" + freePort(), "--spring.jmx.enabled=false",
                "--SOCIAL_INSURANCE_SFTP_SOURCE=false", "--ndxp.audit.spill-dir=target/spill/" + name));
        cmd.addAll(List.of(extraArgs));
        if (Arrays.stream(extraArgs).noneMatch(arg -> arg.startsWith("--ndxp.files.dir="))) {
            // not ./data: a developer's sandbox running from this clone drops and receives its files there
            cmd.add("--ndxp.files.dir=" + Path.of("target", "it-files", name).toAbsolutePath());
        }
        Path log = Path.of("target", name + ".log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new RuntimeProcess(p, port, log);
    }

    /** Waits until the instance answers ready (it fails the test if the process exits first). */
    RuntimeProcess awaitUp() {
        HttpClient http = HttpClient.newHttpClient();
        await().alias("instance ready; see " + log).atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(process.isAlive()).as("instance exited early; see " + log).isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false; // not listening yet
            }
        });
        return this;
    }

    /** kill -9: no shutdown hook, no graceful stop. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
