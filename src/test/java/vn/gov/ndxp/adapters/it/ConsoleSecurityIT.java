package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.gov.ndxp.adapters.adapter.AdapterControl;

/**
 * The console in browsers: CSRF tokens for cookie sessions (Hawtio's login), the HTTP Basic
 * exemption only without a cross-site origin, the session and XSRF cookies' attributes, CORS only
 * for the configured origin (http://console.example in SandboxTestSupport), and throttled Basic logins.
 */
class ConsoleSecurityIT extends SandboxTestSupport {

    private static final String EVIL = "https://evil.example";
    /** http: Jolokia refuses https origins on a plain-http agent (the sandbox) */
    private static final String ALLOWED = "http://console.example";
    private static final String READ_STATE = "{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=ndxp-adapters,type=routes,"
            + "name=\\\"civil-status-birth-record\\\"\",\"attribute\":\"State\"}";
    private static final String MAINTENANCE_ON = "/ops/adapters/civil-status/maintenance?on=true";
    private static final String MAINTENANCE_OFF = "/ops/adapters/civil-status/maintenance?on=false";

    @Autowired
    AdapterControl adapters;

    /** The cookies Hawtio's login page gets: session and XSRF token. */
    record Session(String id, String token, String sessionCookie, String tokenCookie) {
        String cookies() {
            return "JSESSIONID=" + id + "; XSRF-TOKEN=" + token;
        }
    }

    @Test
    void aConsoleSessionNeedsTheCsrfTokenForJolokiaAndOps() throws Exception {
        Session s = logIn("operator", "sandbox-operator");
        assertThat(s.sessionCookie()).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        assertThat(s.tokenCookie()).as("Hawtio reads it").doesNotContainIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");

        HttpResponse<String> noToken = send(jolokia(READ_STATE).header("Cookie", "JSESSIONID=" + s.id()).build());
        assertThat(noToken.statusCode()).as("session without CSRF token: %s", noToken.body()).isEqualTo(403);
        HttpResponse<String> wrongToken = send(jolokia(READ_STATE).header("Cookie", s.cookies()).header("X-XSRF-TOKEN", "forged").build());
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        HttpResponse<String> withToken = send(jolokia(READ_STATE).header("Cookie", s.cookies()).header("X-XSRF-TOKEN", s.token()).build());
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
        assertThat(body(withToken).path("value").asText()).isEqualTo("Started");

        HttpResponse<String> opsNoToken = send(ops(MAINTENANCE_ON).header("Cookie", "JSESSIONID=" + s.id()).build());
        assertThat(opsNoToken.statusCode()).isEqualTo(403);
        assertThat(adapters.inMaintenance("civil-status")).isFalse();
        HttpResponse<String> opsWithToken = send(ops(MAINTENANCE_OFF).header("Cookie", s.cookies()).header("X-XSRF-TOKEN", s.token()).build());
        assertThat(opsWithToken.statusCode()).as(opsWithToken.body()).isEqualTo(200);
    }

    @Test
    void basicCredentialsAreExemptFromTheTokenOnlyWithoutACrossSiteOriginOrASession() throws Exception {
        try {
            for (List<String> crossSite : List.of(List.of("Origin", EVIL), List.of("Origin", "null"), List.of("Sec-Fetch-Site", "cross-site"))) {
                HttpResponse<String> res = send(ops(MAINTENANCE_ON).header("Authorization", basic("operator", "sandbox-operator"))
                        .header(crossSite.get(0), crossSite.get(1)).build());
                assertThat(res.statusCode()).as("Basic with %s", crossSite).isEqualTo(403);
                assertThat(adapters.inMaintenance("civil-status")).as("after Basic with %s", crossSite).isFalse();
            }
            HttpResponse<String> jolokiaCrossSite = send(jolokia("{\"type\":\"exec\",\"mbean\":\"ndxp:type=Adapters\","
                    + "\"operation\":\"setMaintenance\",\"arguments\":[\"civil-status\",true]}")
                    .header("Authorization", basic("operator", "sandbox-operator")).header("Origin", EVIL).build());
            assertThat(jolokiaCrossSite.statusCode()).isEqualTo(403);
            assertThat(adapters.inMaintenance("civil-status")).isFalse();

            Session s = logIn("viewer", "sandbox-viewer");
            HttpResponse<String> withSession = send(ops(MAINTENANCE_ON).header("Authorization", basic("operator", "sandbox-operator"))
                    .header("Cookie", "JSESSIONID=" + s.id()).build());
            assertThat(withSession.statusCode()).as("Basic from a browser with a session").isEqualTo(403);
            assertThat(adapters.inMaintenance("civil-status")).isFalse();

            HttpResponse<String> sameOrigin = send(ops(MAINTENANCE_ON).header("Authorization", basic("operator", "sandbox-operator"))
                    .header("Origin", base()).build());
            assertThat(sameOrigin.statusCode()).as(sameOrigin.body()).isEqualTo(200);
            assertThat(adapters.inMaintenance("civil-status")).isTrue();
        } finally {
            adapters.setMaintenance("civil-status", false);
        }
    }

    @Test
    void hawtiosLoginFormIsRefusedFromAnotherSite() throws Exception {
        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/hawtio/auth/login"))
                .header("Content-Type", "application/json").header("Origin", EVIL)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"operator\",\"password\":\"sandbox-operator\"}")).build());
        assertThat(res.statusCode()).isEqualTo(403);
        assertThat(res.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
    }

    @Test
    void jolokiaAnswersCorsOnlyForTheConfiguredOrigin() throws Exception {
        HttpResponse<String> evil = send(jolokia(READ_STATE).header("Authorization", basic("viewer", "sandbox-viewer")).header("Origin", EVIL).build());
        assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(evil.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(evil.body()).doesNotContain("Started");
        HttpResponse<String> evilPreflight = send(preflight(EVIL));
        assertThat(evilPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(evilPreflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

        HttpResponse<String> preflight = send(preflight(ALLOWED));
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        HttpResponse<String> allowed = send(jolokia(READ_STATE).header("Authorization", basic("viewer", "sandbox-viewer")).header("Origin", ALLOWED).build());
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.headers().allValues("Access-Control-Allow-Origin")).containsExactly(ALLOWED);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(body(allowed).path("value").asText()).as(allowed.body()).isEqualTo("Started");
    }

    @Test
    void repeatedFailedBasicLoginsAreRefusedForAWhileEvenWithTheRightPassword() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(send(deadLetters("viewer", "wrong-" + i)).statusCode()).as("failure %d", i + 1).isEqualTo(401);
        }
        HttpResponse<String> blocked = send(deadLetters("viewer", "sandbox-viewer"));
        assertThat(blocked.statusCode()).as("the right password while blocked").isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(s -> assertThat(s).isPositive());
        assertThat(blocked.headers().firstValue("X-NDXP-Error")).hasValue("client.too-many-requests");
        assertThat(blocked.body()).doesNotContain("dead");
        HttpResponse<String> otherUser = send(deadLetters("operator", "sandbox-operator"));
        assertThat(otherUser.statusCode()).as("another user").isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> send(deadLetters("viewer", "sandbox-viewer")).statusCode() == 200);
        assertThat(send(deadLetters("viewer", "wrong")).statusCode()).as("a success forgets the failures").isEqualTo(401);
        assertThat(send(deadLetters("viewer", "sandbox-viewer")).statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------------------------------------

    /** Hawtio's login page: POST auth/login, then the session and XSRF-TOKEN cookies. */
    private Session logIn(String user, String password) throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/hawtio/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")).build());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String session = cookie(login, "JSESSIONID");
        String token = cookie(login, "XSRF-TOKEN");
        if (token == null) {
            token = cookie(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/hawtio/"))
                    .header("Cookie", "JSESSIONID=" + value(session)).build()), "XSRF-TOKEN");
        }
        assertThat(session).as("session cookie").isNotNull();
        assertThat(token).as("XSRF-TOKEN cookie").isNotNull();
        return new Session(value(session), value(token), session, token);
    }

    private static String cookie(HttpResponse<String> res, String name) {
        return res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
    }

    private static String value(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';') < 0 ? setCookie.length() : setCookie.indexOf(';'));
    }

    private HttpRequest.Builder jolokia(String body) {
        return HttpRequest.newBuilder(URI.create(base() + "/actuator/hawtio/jolokia")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder ops(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody());
    }

    private HttpRequest preflight(String origin) {
        return HttpRequest.newBuilder(URI.create(base() + "/actuator/jolokia")).timeout(Duration.ofSeconds(30))
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
    }

    private HttpRequest deadLetters(String user, String password) {
        return HttpRequest.newBuilder(URI.create(base() + "/ops/dead-letters")).timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(user, password)).GET().build();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
