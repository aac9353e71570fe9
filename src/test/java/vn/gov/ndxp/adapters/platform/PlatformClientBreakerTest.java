package vn.gov.ndxp.adapters.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/** The platform's circuit breaker, against a real HTTP server that plays the platform. */
class PlatformClientBreakerTest {

    HttpServer server;
    final AtomicInteger serviceCalls = new AtomicInteger();
    /** What the service path answers: a status, and an X-NDXP-Error category or null. */
    final AtomicReference<Object[]> answer = new AtomicReference<>(new Object[] {503, null});
    PlatformClient client;
    final PlatformClient.Caller caller = new PlatformClient.Caller("k", "s", "VN:GOV:000.00.00.G16:social-insurance",
            "6f1c1d52-3c55-4f3e-9d0e-2b1e6e4b1a11", null);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", ex -> {
            byte[] b = "{\"access_token\":\"t\",\"expires_in\":300}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.createContext("/r1/", ex -> {
            serviceCalls.incrementAndGet();
            Object[] a = answer.get();
            if (a[1] != null) {
                ex.getResponseHeaders().add("X-NDXP-Error", (String) a[1]);
            }
            ex.sendResponseHeaders((Integer) a[0], -1);
            ex.close();
        });
        server.start();
        NdxpProperties props = new NdxpProperties();
        props.getPlatform().setUrl("http://127.0.0.1:" + server.getAddress().getPort());
        props.getPlatform().setWaitInOpen(Duration.ofMillis(500));
        client = new PlatformClient(props, new PlatformEndpoints(props, new StandardEnvironment()), new ObjectMapper());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void callFails(String category) {
        assertThatThrownBy(() -> client.call(caller, "GET", "VN:GOV:000.00.00.G00:ndxp/records", "/x", null))
                .isInstanceOf(NdxpException.class).satisfies(e -> assertThat(((NdxpException) e).category()).isEqualTo(category));
    }

    @Test
    void aPlatformThatCannotAnswerIsNoLongerCalledForAWhileThenTriedAgain() throws Exception {
        for (int i = 0; i < 10; i++) {
            callFails(NdxpException.PLATFORM_UNAVAILABLE);
        }
        assertThat(serviceCalls.get()).isEqualTo(10);
        assertThatThrownBy(() -> client.call(caller, "GET", "VN:GOV:000.00.00.G00:ndxp/records", "/x", null))
                .hasMessageContaining("circuit breaker");
        assertThat(serviceCalls.get()).as("the open breaker does not call the platform").isEqualTo(10);

        answer.set(new Object[] {200, null});
        // after wait-in-open the breaker lets one call try again; it succeeds and closes the breaker
        await().atMost(Duration.ofSeconds(10)).until(() -> client.breaker().getState() == CircuitBreaker.State.HALF_OPEN);
        assertThat(client.call(caller, "GET", "VN:GOV:000.00.00.G00:ndxp/records", "/x", null).status()).isEqualTo(200);
        assertThat(client.call(caller, "GET", "VN:GOV:000.00.00.G00:ndxp/records", "/x", null).status()).isEqualTo(200);
        assertThat(serviceCalls.get()).isEqualTo(12);
    }

    @Test
    void aFailingServiceBehindThePlatformOrARefusalDoesNotOpenIt() {
        answer.set(new Object[] {503, "backend.unavailable"});
        for (int i = 0; i < 12; i++) {
            callFails("backend.unavailable");
        }
        answer.set(new Object[] {403, null});
        for (int i = 0; i < 12; i++) {
            callFails(NdxpException.PLATFORM_REJECTED);
        }
        assertThat(serviceCalls.get()).as("every call reached the platform").isEqualTo(24);
    }
}
