package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import vn.gov.ndxp.adapters.it.browser.Browser;
import vn.gov.ndxp.adapters.it.browser.HawtioConsole;
import vn.gov.ndxp.adapters.it.browser.RequiresChromium;

/**
 * The operator console in a real browser (headless Chromium driven by Selenium): an operator stops
 * and starts an adapter's REST route in Hawtio and the service follows; a viewer cannot stop it,
 * neither in the console nor by calling Jolokia directly. Skipped without Chromium, except on CI.
 * A failure leaves a screenshot and the page source in target/browser/.
 */
@ExtendWith(RequiresChromium.class)
class HawtioBrowserIT extends SandboxTestSupport {

    private static final String CONTEXT = "ndxp-adapters";
    private static final String REST_ROUTE = "civil-status-birth-record";
    private static final String[] SHIPPED_ROUTES = {
        "civil-status-birth-record", "civil-status-birth-record-search", "one-stop-office-lookup-citizen"};
    private static final String RECORD = "/ndxp/v1/civil-status/birth-records/001203000001";
    private static final String ROUTE_MBEAN = "org.apache.camel:context=ndxp-adapters,type=routes,name=\\\"" + REST_ROUTE + "\\\"";

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void operatorStopsAndStartsTheRestRouteInTheConsole() throws Exception {
        HawtioConsole console = console();
        startingTheRouteAfterwards(() -> {
            logIn(console, "operator", "sandbox-operator");
            console.openRoutesOf(CONTEXT);
            assertThat(console.routeGroupsInTree(CONTEXT)).as("adapters (route groups) in the tree")
                    .contains("civil-status", "one-stop-office");
            assertThat(console.routeNames(SHIPPED_ROUTES)).contains(SHIPPED_ROUTES);
            assertThat(console.routeState(REST_ROUTE)).isEqualTo("Started");

            console.apply("Stop", REST_ROUTE);
            console.awaitRouteState(REST_ROUTE, "Stopped");
            assertThat(jolokiaState("operator", "sandbox-operator")).isEqualTo("Stopped");
            HttpResponse<String> stopped = send(ndxp(RECORD).GET().build());
            assertThat(stopped.statusCode()).as("a stopped route: %s", stopped.body()).isEqualTo(503);
            assertThat(stopped.headers().firstValue("X-NDXP-Error")).as("error category").hasValue("adapter.stopped");

            console.apply("Start", REST_ROUTE);
            console.awaitRouteState(REST_ROUTE, "Started");
            HttpResponse<String> served = awaitServed();
            assertThat(served.statusCode()).as("started again: %s", served.body()).isEqualTo(200);
        });
    }

    @Test
    void viewerCannotStopARoute() throws Exception {
        HawtioConsole console = console();
        startingTheRouteAfterwards(() -> {
            logIn(console, "viewer", "sandbox-viewer");
            console.openRoutesOf(CONTEXT);
            assertThat(console.routeNames(SHIPPED_ROUTES)).contains(SHIPPED_ROUTES);
            assertThat(console.routeState(REST_ROUTE)).isEqualTo("Started");

            Optional<WebElement> stop = console.enabledAction("Stop", REST_ROUTE, Duration.ofSeconds(5));
            if (stop.isPresent()) {
                // the console offers it: the server must refuse it, and the console must keep showing Started
                stop.get().click();
                String seen = console.awaitErrorOrState(REST_ROUTE, "Stopped", Duration.ofSeconds(20));
                assertThat(seen).as("after a viewer clicked Stop (toasts %s)", console.alerts()).isNotEqualTo("state: Stopped");
                console.awaitRefresh(REST_ROUTE, Duration.ofSeconds(15));
                assertThat(console.routeState(REST_ROUTE)).as("after a viewer clicked Stop").isEqualTo("Started");
            }
            assertThat(jolokiaState("operator", "sandbox-operator")).isEqualTo("Started");

            // and directly, without the console
            HttpResponse<String> res = jolokia("viewer", "sandbox-viewer",
                    "{\"type\":\"exec\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"operation\":\"stop()\"}");
            boolean refused = res.statusCode() == 403
                    || (res.statusCode() == 200 && body(res).path("status").asInt() == 403);
            assertThat(refused).as("viewer's Jolokia stop() answered %s %s", res.statusCode(), res.body()).isTrue();
            assertThat(jolokiaState("viewer", "sandbox-viewer")).as("the viewer may still read it").isEqualTo("Started");
            assertThat(send(ndxp(RECORD).GET().build()).statusCode()).isEqualTo(200);
        });
    }

    interface Steps {
        void run() throws Exception;
    }

    /** The Spring context (and its routes) is shared with the other test classes: whatever happens, start it again. */
    private void startingTheRouteAfterwards(Steps steps) throws Exception {
        Throwable failure = null;
        try {
            steps.run();
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            try {
                startRouteOverJolokia();
            } catch (Exception | AssertionError e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    private HawtioConsole console() {
        return new HawtioConsole(browser.driver(), base() + "/actuator/hawtio");
    }

    private void logIn(HawtioConsole console, String user, String password) throws Exception {
        Optional<String> refused = console.logIn(user, password);
        if (refused.isPresent()) {
            // say what the server answered to the login page's request, the page only says "invalid"
            HttpResponse<String> direct = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/hawtio/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                    .build());
            fail("Hawtio's login page refused %s: \"%s\"; POST /actuator/hawtio/auth/login answers %d %s%s",
                    user, refused.get(), direct.statusCode(), direct.body(), direct.statusCode() == 403
                            ? " (refused before Hawtio's login servlet: the console page sends no CSRF token)" : "");
        }
    }

    /** The REST route takes a moment to accept calls again after it is started. */
    private HttpResponse<String> awaitServed() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> send(ndxp(RECORD).GET().build()), res -> res.statusCode() == 200);
    }

    private String jolokiaState(String user, String password) throws Exception {
        HttpResponse<String> res = jolokia(user, password,
                "{\"type\":\"read\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"attribute\":\"State\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode read = body(res);
        assertThat(read.path("status").asInt()).as(res.body()).isEqualTo(200);
        return read.path("value").asText();
    }

    private void startRouteOverJolokia() throws Exception {
        HttpResponse<String> res = jolokia("operator", "sandbox-operator",
                "{\"type\":\"exec\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"operation\":\"start()\"}");
        assertThat(res.statusCode()).as("starting %s again: %s", REST_ROUTE, res.body()).isEqualTo(200);
        assertThat(body(res).path("status").asInt()).as("starting %s again: %s", REST_ROUTE, res.body()).isEqualTo(200);
    }

    private HttpResponse<String> jolokia(String user, String password, String request) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + "/actuator/jolokia"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request))
                .build());
    }
}
