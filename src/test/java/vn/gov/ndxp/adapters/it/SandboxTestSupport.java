package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.audit.TransactionLog;
import vn.gov.ndxp.adapters.sandbox.LegacyCivilStatusServer;
import vn.gov.ndxp.adapters.sandbox.SandboxPlatform;

/**
 * One shared Spring context for the integration tests: the whole runtime in the sandbox profile on a
 * random port, the legacy SOAP stand-in on another free port. Tests talk to it over real HTTP, and
 * play faults only through the stand-ins' switches, which are put back after every test.
 */
// Spring Boot tests turn JMX off by default; the runtime's MBeans are part of what is tested
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.jmx.enabled=true")
@ActiveProfiles("sandbox")
@AutoConfigureObservability // Spring Boot tests turn metrics export off unless asked; /actuator/prometheus is tested
public abstract class SandboxTestSupport {

    public static final String CLIENT = "VN:GOV:000.00.00.H41:one-stop-office";
    public static final String CIVIL_STATUS = "VN:GOV:000.00.00.G22:civil-status";
    private static final int LEGACY_PORT = freePort();
    protected static final int LEGACY_DB_PORT = freePort();
    protected static final int SFTP_PORT = freePort();
    /** The one reverse proxy the runtime trusts in the tests (NDXP_TRUSTED_PROXIES): a loopback address no other test uses. */
    protected static final String TRUSTED_PROXY = "127.0.0.3";
    /** Drop folders, receipts and the SFTP server's files of this test run. */
    protected static final Path FILES_DIR = Path.of("target", "it-files", UUID.randomUUID().toString())
            .toAbsolutePath();
    /** A further adapters folder the runtime scans, for reload tests (the shipped adapters/ stays untouched). */
    protected static final Path ADAPTERS_DIR = Path.of("target", "it-adapters", UUID.randomUUID().toString())
            .toAbsolutePath();

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) {
        registry.add("ndxp.sandbox.legacy-soap.port", () -> LEGACY_PORT);
        registry.add("NDXP_TRUSTED_PROXIES", () -> TRUSTED_PROXY.replace(".", "\\."));
        registry.add("ndxp.sandbox.postgres.port", () -> 0);
        registry.add("ndxp.sandbox.legacy-db.port", () -> LEGACY_DB_PORT);
        registry.add("ndxp.sandbox.legacy-db.data-dir", () -> "");
        registry.add("ndxp.sandbox.postgres.data-dir", () -> "");
        registry.add("ndxp.sandbox.kafka.port", () -> 0);
        // short breaker wait so the close-again test does not idle; read timeout for the 504 test
        registry.add("ndxp.backend-defaults.wait-in-open", () -> "2s");
        registry.add("ndxp.platform.wait-in-open", () -> "2s");
        registry.add("CIVIL_STATUS_SOAP_READ_TIMEOUT", () -> "1500ms");
        // file-drop: small batches and quick polls so files of a few thousand records exercise
        // checkpoints; a crashed instance's locks are taken over after 6 s
        registry.add("ndxp.files.dir", FILES_DIR::toString);
        registry.add("ndxp.adapters.extra-dirs", ADAPTERS_DIR::toString);
        registry.add("ndxp.sandbox.sftp.port", () -> SFTP_PORT);
        registry.add("SOCIAL_INSURANCE_POLL_DELAY", () -> "300");
        registry.add("SOCIAL_INSURANCE_BATCH_SIZE", () -> "50");
        registry.add("ndxp.files.retry-delay", () -> "200ms");
        registry.add("ndxp.files.lock-max-age", () -> "6s");
        registry.add("ndxp.files.lock-keep-alive", () -> "2s");
        // one origin allowed to call the console's Jolokia cross-origin (ConsoleSecurityIT)
        registry.add("ndxp.console.allowed-origins", () -> "http://console.example");
        // long enough that the attempt right after the failures is surely still refused
        registry.add("ndxp.console.login-throttle.first-delay", () -> "5s");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected ObjectMapper json;
    @Autowired
    protected AdapterRegistry adapters;
    /** The platform stand-in: its switches play the platform's faults. */
    @Autowired
    protected SandboxPlatform platform;
    @Autowired
    protected LegacyCivilStatusServer legacy;
    @Autowired
    protected TransactionLog log;
    @Autowired
    protected JdbcTemplate jdbc;

    @AfterEach
    void resetStandIns() throws IOException {
        platform.reset();
        legacy.reset();
    }

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    protected String base() {
        return "http://127.0.0.1:" + port;
    }

    /** A token of the sandbox client for civil-status's services (the provider most tests call). */
    protected String token() throws Exception {
        return token(CIVIL_STATUS);
    }

    /** A token of the sandbox client issued for the provider subsystem audience (null: for no provider). */
    protected String token(String audience) throws Exception {
        return token("sandbox-client:sandbox-secret", audience);
    }

    /** A token of the stand-in's client with these credentials (key:secret) for the provider subsystem audience. */
    protected String token(String credentials, String audience) throws Exception {
        String basic = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=client_credentials"
                + (audience == null ? "" : "&resource=" + URLEncoder.encode(audience, StandardCharsets.UTF_8));
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base() + "/sandbox/ndxp/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(res.body()).get("access_token").asText();
    }

    /** A request as the sandbox client, with a token for the provider the path belongs to. */
    protected HttpRequest.Builder ndxp(String path) throws Exception {
        return HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token(audienceOf(path)))
                .header("X-NDXP-Client", CLIENT);
    }

    /** The provider subsystem of /ndxp/v1/<adapter>/... or of the platform's /sandbox/ndxp/r1/<service id>/... */
    protected String audienceOf(String path) {
        String r1 = "/sandbox/ndxp/r1/";
        if (path.startsWith(r1)) {
            return path.substring(r1.length()).split("/")[0];
        }
        String[] parts = path.split("/");
        var adapter = parts.length > 3 ? adapters.get(parts[3]) : null;
        return adapter == null ? CIVIL_STATUS : adapter.subsystem();
    }

    /**
     * Waits until each transaction id has its record written or set aside, then until the log has written
     * everything appended so far. An exchange is recorded only after its answer has left, so the answer
     * alone does not mean its record is in the log.
     */
    protected void awaitRecorded(String... transactionIds) throws InterruptedException {
        for (String id : transactionIds) {
            await().atMost(Duration.ofSeconds(20)).alias("the record of " + id).until(() -> jdbc.queryForObject(
                    "SELECT EXISTS (SELECT 1 FROM ndxp_transaction WHERE transaction_id = ?)"
                            + " OR EXISTS (SELECT 1 FROM ndxp_transaction_rejected WHERE transaction_id = ?)",
                    Boolean.class, id, id));
        }
        assertThat(log.flush(Duration.ofSeconds(20))).as("the transaction log caught up").isTrue();
    }

    /**
     * The first call of a test of limited-demo's quota (5 a minute, shared by every test of the run):
     * in a minute window with 20 s to spare, and one with calls left (another test may have used them
     * all: then the next window).
     */
    protected HttpResponse<String> firstCallUnderQuota(java.util.concurrent.Callable<HttpResponse<String>> call) throws Exception {
        await().atMost(Duration.ofSeconds(70)).pollInterval(Duration.ofMillis(200))
                .until(() -> java.time.Instant.now().getEpochSecond() % 60 < 40);
        long minute = java.time.Instant.now().getEpochSecond() / 60;
        HttpResponse<String> first = call.call();
        if (first.statusCode() == 429) {
            await().atMost(Duration.ofSeconds(70)).pollInterval(Duration.ofMillis(200))
                    .until(() -> java.time.Instant.now().getEpochSecond() / 60 > minute);
            first = call.call();
        }
        return first;
    }

    protected HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    protected JsonNode body(HttpResponse<String> res) throws IOException {
        return json.readTree(res.body());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
