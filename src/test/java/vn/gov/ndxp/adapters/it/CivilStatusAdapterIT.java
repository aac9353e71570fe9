package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.gov.ndxp.adapters.backend.BackendResilience;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.sandbox.LegacyCivilStatusServer;

/** civil-status: NDXP REST in front of the legacy SOAP service, over real HTTP and real SOAP. */
class CivilStatusAdapterIT extends SandboxTestSupport {

    private static final String RECORD = "/ndxp/v1/civil-status/birth-records/";
    private static final String SEARCH = "/ndxp/v1/civil-status/birth-records/search";

    @Autowired
    BackendResilience resilience;
    @Autowired
    CamelContext camel;

    @Test
    void oneParentIsStillAnArrayAndTypesComeFromTheSchema() throws Exception {
        HttpResponse<String> res = send(ndxp(RECORD + "001203000001").GET().build());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode r = body(res);
        assertThat(r.get("parents").isArray()).isTrue();
        assertThat(r.get("parents")).hasSize(1);
        assertThat(r.get("parents").get(0).get("fullName").asText()).isEqualTo("Trần Thị Lan");
        assertThat(r.get("birthOrder").isIntegralNumber()).isTrue();
        assertThat(r.get("birthOrder").asInt()).isEqualTo(1);
        assertThat(r.get("birthWeightKg").isNumber()).isTrue();
        assertThat(r.get("birthWeightKg").decimalValue()).isEqualByComparingTo("3.25");
        assertThat(r.get("lateRegistration").isBoolean()).isTrue();
        assertThat(r.get("lateRegistration").asBoolean()).isFalse();
        assertThat(r.get("recordVersion").isIntegralNumber()).isTrue();
        assertThat(r.get("dateOfBirth").asText()).isEqualTo("2003-05-14");
        assertThat(r.get("registeredAt").asText()).isEqualTo("2003-05-20T09:30:00+07:00");
        assertThat(r.get("registryOffice").asText()).isEqualTo("UBND Phường Điện Biên, Quận Ba Đình, Hà Nội");
        assertThat(r.has("remarks")).as("optional element absent in XML").isFalse();
        // nothing of the request or the backend leaks into the reply headers
        assertThat(res.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("authorization")
                || h.equalsIgnoreCase("x-ndxp-client") || h.equalsIgnoreCase("soapaction") || h.equalsIgnoreCase("citizenId"));
    }

    @Test
    void twoParentsAndDiacriticsSurvive() throws Exception {
        JsonNode r = body(send(ndxp(RECORD + "079199000002").GET().build()));
        assertThat(r.get("fullName").asText()).isEqualTo("Nguyễn Thị Hồng Nhung");
        assertThat(r.get("parents")).hasSize(2);
        assertThat(r.get("parents").get(0).get("fullName").asText()).isEqualTo("Nguyễn Văn Đức");
        assertThat(r.get("parents").get(1).get("fullName").asText()).isEqualTo("Lê Thị Thu Hương");
        assertThat(r.get("parents").get(1).has("citizenId")).isFalse();
        assertThat(r.get("remarks").asText()).isEqualTo("Đăng ký khai sinh quá hạn; đã bổ sung giấy chứng sinh.");
        assertThat(r.get("lateRegistration").asBoolean()).isTrue();
        assertThat(r.has("birthWeightKg")).isFalse();
    }

    @Test
    void transactionIdIsEchoedAndPropagatedToTheBackend() throws Exception {
        String txId = UUID.randomUUID().toString();
        HttpResponse<String> res = send(ndxp(RECORD + "001203000001").header("X-NDXP-Transaction-Id", txId).GET().build());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("X-NDXP-Transaction-Id")).contains(txId);
        assertThat(legacy.lastTransactionId()).isEqualTo(txId);
        assertThat(legacy.lastHeaderNames()).as("no path parameter, token or caller header reaches the legacy system")
                .noneMatch(h -> h.equalsIgnoreCase("citizenId") || h.equalsIgnoreCase("Authorization")
                        || h.equalsIgnoreCase("X-Forwarded-For") || h.equalsIgnoreCase("Cookie"));

        HttpResponse<String> generated = send(ndxp(RECORD + "001203000001").GET().build());
        String id = generated.headers().firstValue("X-NDXP-Transaction-Id").orElseThrow();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id).isNotEqualTo(txId);
    }

    @Test
    void thePlatformStandInRoutesServiceCallsToTheAdapter() throws Exception {
        String txId = UUID.randomUUID().toString();
        HttpResponse<String> res = send(ndxp("/sandbox/ndxp/r1/VN:GOV:000.00.00.G22:civil-status/birth-records/079199000002")
                .header("X-NDXP-Transaction-Id", txId).GET().build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(body(res).get("fullName").asText()).isEqualTo("Nguyễn Thị Hồng Nhung");
        assertThat(legacy.lastTransactionId()).as("one transaction id end to end").isEqualTo(txId);
    }

    @Test
    void unknownCitizenIsA404BackendNotFound() throws Exception {
        HttpResponse<String> res = send(ndxp(RECORD + "000000000000").GET().build());
        assertProblem(res, 404, "backend.not-found", null);
        assertThat(body(res).get("detail").asText()).contains("000000000000");
        assertRecordedAs(res, "backend.not-found");
    }

    @Test
    void aNotFoundInsideANormalAnswerIsA404BackendNotFound() throws Exception {
        legacy.setAnswer(LegacyCivilStatusServer.Answer.STATUS_FLAG); // HTTP 200, Success=false (failWhen of birth-record)
        HttpResponse<String> res = send(ndxp(RECORD + "000000000000").GET().build());
        assertProblem(res, 404, "backend.not-found", null);
        assertThat(body(res).get("detail").asText()).as("detailFrom StatusMessage").contains("no birth record");
        assertRecordedAs(res, "backend.not-found");
        // a known citizen still maps
        assertThat(send(ndxp(RECORD + "001203000001").GET().build()).statusCode()).isEqualTo(200);
    }

    @Test
    void anNdxpFailStepAnswersAndIsRecordedUnderItsCategory() throws Exception {
        if (camel.getRoute("civil-status-test-fail") == null) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    PluginHelper.getResourceLoader(camel).resolveResource("classpath:routes/test-fail.camel.yaml"));
        }
        String txId = UUID.randomUUID().toString();
        Exchange answered = camel.createProducerTemplate().send("direct:civil-status-test-fail",
                x -> x.setProperty(Exchanges.TRANSACTION_ID, txId));
        Message m = answered.getMessage();
        assertThat(m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(404);
        assertThat(m.getHeader("X-NDXP-Error", String.class)).isEqualTo("backend.not-found");
        assertThat(m.getHeader(Exchange.CONTENT_TYPE, String.class)).startsWith("application/problem+json");
        JsonNode problem = json.readTree(m.getBody(String.class));
        assertThat(problem.get("category").asText()).isEqualTo("backend.not-found");
        assertThat(problem.get("detail").asText()).isEqualTo("No birth record for this citizen id");
        awaitRecorded(txId);
        assertThat(jdbc.queryForList("SELECT error_category FROM ndxp_transaction WHERE transaction_id = ?", String.class, txId))
                .containsExactly("backend.not-found");
    }

    @Test
    void anAnswerThatIsNotXmlIsAnInvalidBackendResponse() throws Exception {
        legacy.setAnswer(LegacyCivilStatusServer.Answer.GARBAGE); // reset after each test
        HttpResponse<String> res = send(ndxp(RECORD + "001203000001").GET().build());
        assertProblem(res, 502, "backend.invalid-response", null);
        assertRecordedAs(res, "backend.invalid-response");
    }

    @Test
    void aTruncatedEnvelopeIsAnInvalidBackendResponse() throws Exception {
        legacy.setAnswer(LegacyCivilStatusServer.Answer.TRUNCATED);
        assertProblem(send(ndxp(RECORD + "001203000001").GET().build()), 502, "backend.invalid-response", null);
        // a truncated fault is no fault of the legacy system's client mapping either (faultStatus INVALID_REQUEST: 400)
        assertProblem(send(ndxp(RECORD + "000000000000").GET().build()), 502, "backend.invalid-response", null);
    }

    @Test
    void invalidCitizenIdIsRejectedBeforeTheBackend() throws Exception {
        long calls = legacy.calls();
        assertProblem(send(ndxp(RECORD + "12ab").GET().build()), 400, "client.bad-request", "citizenId");
        assertProblem(send(ndxp(RECORD + "0012030000%27%20OR%201=1--").GET().build()), 400, "client.bad-request", "citizenId");
        assertThat(legacy.calls()).isEqualTo(calls);
    }

    @Test
    void missingClientHeaderIs400() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base() + RECORD + "001203000001"))
                .header("Authorization", "Bearer " + token()).GET().build();
        assertProblem(send(req), 400, "client.bad-request", "X-NDXP-Client");
    }

    @Test
    void missingExpiredOrForgedTokenIs401() throws Exception {
        HttpRequest none = HttpRequest.newBuilder(URI.create(base() + RECORD + "001203000001"))
                .header("X-NDXP-Client", CLIENT).GET().build();
        assertProblem(send(none), 401, "client.unauthorized", null);
        assertThat(send(none).headers().firstValue("WWW-Authenticate")).isPresent();

        String expired = platform.sign(CLIENT, "sandbox-client", Duration.ofSeconds(-120), CIVIL_STATUS);
        assertProblem(send(withToken(expired)), 401, "client.unauthorized", null);

        var foreignKey = new RSAKeyGenerator(2048).keyID("attacker").generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker").build(),
                new JWTClaimsSet.Builder().issuer("ndxp-sandbox").subject(CLIENT).issueTime(new Date())
                        .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        forged.sign(new RSASSASigner(foreignKey));
        assertProblem(send(withToken(forged.serialize())), 401, "client.unauthorized", null);
        assertProblem(send(withToken("not-a-jwt")), 401, "client.unauthorized", null);
    }

    @Test
    void clientNotAllowedOrNotTheTokenOwnerIs403() throws Exception {
        String other = "VN:GOV:000.00.00.G99:tax-office";
        HttpRequest notAllowed = HttpRequest.newBuilder(URI.create(base() + RECORD + "001203000001"))
                .header("Authorization", "Bearer " + platform.sign(other, "tax", Duration.ofMinutes(1), CIVIL_STATUS))
                .header("X-NDXP-Client", other).GET().build();
        assertProblem(send(notAllowed), 403, "client.forbidden", null);

        HttpRequest impostor = HttpRequest.newBuilder(URI.create(base() + RECORD + "001203000001"))
                .header("Authorization", "Bearer " + platform.sign(other, "tax", Duration.ofMinutes(1), CIVIL_STATUS))
                .header("X-NDXP-Client", CLIENT).GET().build();
        assertProblem(send(impostor), 403, "client.forbidden", null);
    }

    @Test
    void searchMapsJsonToTheLegacyRequestAndListsAreArrays() throws Exception {
        HttpResponse<String> res = send(json(SEARCH, "{\"dateOfBirth\":\"1999-09-02\",\"maxResults\":5}"));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode r = body(res);
        assertThat(r.get("total").asInt()).isEqualTo(1);
        assertThat(r.get("total").isIntegralNumber()).isTrue();
        assertThat(r.get("records").isArray()).isTrue();
        assertThat(r.get("records")).hasSize(1);
        assertThat(r.get("records").get(0).get("citizenId").asText()).isEqualTo("079199000002");

        JsonNode none = body(send(json(SEARCH, "{\"dateOfBirth\":\"1950-01-01\"}")));
        assertThat(none.get("total").asInt()).isZero();
        assertThat(none.get("records").isArray()).isTrue();
        assertThat(none.get("records")).isEmpty();
    }

    @Test
    void badJsonBodiesGetClearErrorsNamingTheField() throws Exception {
        long calls = legacy.calls();
        assertProblem(send(json(SEARCH, "{\"dateOfBirth\": \"1999-09-02\",")), 400, "client.bad-request", null);
        assertProblem(send(json(SEARCH, "{\"dateOfBirth\":\"1999-09-02\",\"maxResults\":\"ten\"}")), 400, "client.bad-request", "maxResults");
        assertProblem(send(json(SEARCH, "{\"dateOfBirth\":19990902}")), 400, "client.bad-request", "dateOfBirth");
        assertProblem(send(json(SEARCH, "{\"dateOfBirth\":\"02/09/1999\"}")), 400, "client.bad-request", "dateOfBirth");
        assertProblem(send(json(SEARCH, "{\"fullName\":\"Nhung\"}")), 400, "client.bad-request", "dateOfBirth");
        assertProblem(send(json(SEARCH, "{\"dateOfBirth\":\"1999-09-02\",\"unknown\":1}")), 400, "client.bad-request", "unknown");
        assertProblem(send(json(SEARCH, "[1,2]")), 400, "client.bad-request", null);
        assertThat(legacy.calls()).as("nothing reached the backend").isEqualTo(calls);
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String big = "{\"dateOfBirth\":\"1999-09-02\",\"fullName\":\"" + "a".repeat(300 * 1024) + "\"}";
        assertProblem(send(json(SEARCH, big)), 413, "client.payload-too-large", null);
        // the runtime keeps serving
        assertThat(send(ndxp(RECORD + "001203000001").GET().build()).statusCode()).isEqualTo(200);
    }

    @Test
    void slowBackendIs504() throws Exception {
        legacy.setDelayMs(3000); // beyond the read timeout (1.5 s in tests); reset after each test
        assertProblem(send(ndxp(RECORD + "001203000001").GET().build()), 504, "backend.timeout", null);
    }

    @Test
    void backendDownIs503AndTheCircuitOpensAndClosesAgain() throws Exception {
        CircuitBreaker breaker = resilience.breakers().get("civil-status-legacy-soap");
        legacy.stop();
        try {
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> res = send(ndxp(RECORD + "001203000001").GET().build());
                assertProblem(res, 503, "backend.unavailable", null);
                assertThat(res.headers().firstValue("Retry-After")).isPresent();
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            long calls = legacy.calls();
            assertProblem(send(ndxp(RECORD + "001203000001").GET().build()), 503, "backend.unavailable", null);
            assertThat(legacy.calls()).as("an open circuit does not call the backend").isEqualTo(calls);
        } finally {
            legacy.start();
        }
        // after wait-in-open (2 s in tests) the breaker lets one call try again
        await().atMost(Duration.ofSeconds(30)).until(() -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);
        HttpResponse<String> res = send(ndxp(RECORD + "001203000001").GET().build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private void assertRecordedAs(HttpResponse<String> res, String category) throws Exception {
        String txId = res.headers().firstValue("X-NDXP-Transaction-Id").orElseThrow();
        awaitRecorded(txId);
        assertThat(jdbc.queryForList("SELECT error_category FROM ndxp_transaction WHERE transaction_id = ?", String.class, txId))
                .containsExactly(category);
    }

    private HttpRequest withToken(String token) {
        return HttpRequest.newBuilder(URI.create(base() + RECORD + "001203000001"))
                .header("Authorization", "Bearer " + token).header("X-NDXP-Client", CLIENT).GET().build();
    }

    private HttpRequest json(String path, String body) throws Exception {
        return ndxp(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Test
    void aClientWhosePolicyRequiresAPurposeMustGiveOneOfTheAdaptersAndItIsRecordedInTheChain() throws Exception {
        String limited = "VN:GOV:000.00.00.H41:limited-demo";
        String token = token("sandbox-limited:sandbox-limited-secret", CIVIL_STATUS);
        java.util.function.Function<String, HttpRequest> asLimited = purpose -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + RECORD + "079199000002")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("X-NDXP-Client", limited);
            return (purpose == null ? b : b.header("X-NDXP-Purpose", purpose)).GET().build();
        };
        assertProblem(send(asLimited.apply(null)), 400, "client.purpose-required", "X-NDXP-Purpose");
        assertProblem(send(asLimited.apply("9.999")), 400, "client.purpose-unknown", "X-NDXP-Purpose");
        assertProblem(send(asLimited.apply("1".repeat(33))), 400, "client.bad-request", "X-NDXP-Purpose");
        assertProblem(send(asLimited.apply("1.001;drop")), 400, "client.bad-request", "X-NDXP-Purpose");
        // a query parameter of the header's name is no purpose
        HttpResponse<String> byQuery = send(HttpRequest.newBuilder(URI.create(base() + RECORD + "079199000002?X-NDXP-Purpose=1.001"))
                .header("Authorization", "Bearer " + token).header("X-NDXP-Client", limited).GET().build());
        assertProblem(byQuery, 400, "client.purpose-required", "X-NDXP-Purpose");

        // limited-demo also has a quota: another test may have used this minute's
        HttpResponse<String> ok = firstCallUnderQuota(() -> send(asLimited.apply("1.001")));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        String txId = ok.headers().firstValue("X-NDXP-Transaction-Id").orElseThrow();
        // the client without a policy: no purpose needed, but one given is checked and recorded
        HttpResponse<String> plain = send(ndxp(RECORD + "079199000002").GET().build());
        assertThat(plain.statusCode()).isEqualTo(200);
        String plainTx = plain.headers().firstValue("X-NDXP-Transaction-Id").orElseThrow();
        assertProblem(send(ndxp(RECORD + "079199000002").header("X-NDXP-Purpose", "9.999").GET().build()), 400,
                "client.purpose-unknown", "X-NDXP-Purpose");
        awaitRecorded(txId, plainTx);
        assertThat(jdbc.queryForObject("SELECT purpose FROM ndxp_transaction WHERE transaction_id = ?", String.class, txId)).isEqualTo("1.001");
        assertThat(jdbc.queryForObject("SELECT purpose FROM ndxp_transaction WHERE transaction_id = ?", String.class, plainTx)).isNull();
        assertThat(new vn.gov.ndxp.adapters.audit.ChainVerifier(jdbc).verify().get("valid")).as("the chain covers the purpose").isEqualTo(true);
        // an edited purpose breaks the chain at that record (restored at once: the chain is shared by every test)
        jdbc.update("UPDATE ndxp_transaction SET purpose = '1.002' WHERE transaction_id = ?", txId);
        try {
            assertThat(new vn.gov.ndxp.adapters.audit.ChainVerifier(jdbc).verify().get("valid")).isEqualTo(false);
        } finally {
            jdbc.update("UPDATE ndxp_transaction SET purpose = '1.001' WHERE transaction_id = ?", txId);
        }
        JsonNode catalogue = body(send(HttpRequest.newBuilder(URI.create(base() + "/ndxp/v1/catalog")).GET().build()));
        JsonNode civil = null;
        for (JsonNode a : catalogue.path("adapters")) {
            civil = "civil-status".equals(a.path("id").asText()) ? a : civil;
        }
        assertThat(civil).as(catalogue.toString()).isNotNull();
        assertThat(civil.path("purposes").findValuesAsText("code")).containsExactly("1.001", "1.002", "2.001");
    }

    @Test
    void aClientOverItsQuotaIsAnswered429WithRetryAfterAndTheRateLimitHeadersAndTheRefusalIsCountedPerClient() throws Exception {
        String limited = "VN:GOV:000.00.00.H41:limited-demo";
        String token = token("sandbox-limited:sandbox-limited-secret", CIVIL_STATUS);
        java.util.concurrent.Callable<HttpResponse<String>> call = () -> send(HttpRequest.newBuilder(URI.create(base() + RECORD + "079199000002"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).header("X-NDXP-Client", limited)
                .header("X-NDXP-Purpose", "1.001").GET().build());
        HttpResponse<String> first = firstCallUnderQuota(call);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("RateLimit-Policy")).contains("\"minute\";q=5;w=60");
        assertThat(first.headers().firstValue("RateLimit")).as(first.headers().map().toString()).isPresent();
        java.util.regex.Matcher left = java.util.regex.Pattern.compile("^\"minute\";r=(\\d);t=(\\d+)$")
                .matcher(first.headers().firstValue("RateLimit").orElseThrow());
        assertThat(left.matches()).as(first.headers().map().toString()).isTrue();
        // other tests of this class may have called as limited-demo in this minute
        int remaining = Integer.parseInt(left.group(1));
        assertThat(remaining).isLessThan(5);
        for (int i = remaining - 1; i >= 0; i--) {
            HttpResponse<String> ok = call.call();
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(ok.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"minute\";r=" + i + ";");
        }
        HttpResponse<String> over = call.call();
        assertProblem(over, 429, "client.quota-exceeded", null);
        assertThat(Integer.parseInt(over.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);
        assertThat(over.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"minute\";r=0;");
        assertThat(over.headers().firstValue("RateLimit-Policy")).contains("\"minute\";q=5;w=60");
        String refused = over.headers().firstValue("X-NDXP-Transaction-Id").orElseThrow();
        // the client without a quota goes on, and is told of none
        HttpResponse<String> free = send(ndxp(RECORD + "079199000002").GET().build());
        assertThat(free.statusCode()).isEqualTo(200);
        assertThat(free.headers().firstValue("RateLimit")).isEmpty();
        assertThat(free.headers().firstValue("RateLimit-Policy")).isEmpty();

        // data minimisation: limited-demo's field set leaves out the parents' citizen ids, nothing else
        JsonNode full = body(free);
        JsonNode limitedView = body(first);
        assertThat(full.at("/parents/0/citizenId").asText()).isEqualTo("079170000456");
        assertThat(limitedView.at("/parents/0").has("citizenId")).isFalse();
        assertThat(limitedView.toString()).doesNotContain("079170000456");
        for (JsonNode parent : full.path("parents")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) parent).remove("citizenId");
        }
        assertThat(limitedView).isEqualTo(full);
        assertThat(Long.parseLong(first.headers().firstValue("Content-Length").orElse(String.valueOf(first.body().getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length)))).isEqualTo(first.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        JsonNode catalogue = body(send(HttpRequest.newBuilder(URI.create(base() + "/ndxp/v1/catalog")).GET().build()));
        assertThat(catalogue.toString()).contains("\"fields\":[\"citizenId\"").contains("\"quota\":{\"perMinute\":5}")
                .contains("\"quotaUnavailable\":\"closed\"");

        awaitRecorded(refused);
        assertThat(jdbc.queryForMap("SELECT client, http_status, error_category FROM ndxp_transaction WHERE transaction_id = ?", refused))
                .containsEntry("client", limited).containsEntry("http_status", 429).containsEntry("error_category", "client.quota-exceeded");
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("viewer:sandbox-viewer".getBytes());
        JsonNode stats = body(send(HttpRequest.newBuilder(URI.create(base() + "/ndxp/v1/stats")).header("Authorization", basic).GET().build()));
        assertThat(stats.path("quotaExceededPerClient").toString()).as(stats.toString()).contains(limited);
        JsonNode usage = body(send(HttpRequest.newBuilder(URI.create(base() + "/ops/quotas")).header("Authorization", basic).GET().build()));
        assertThat(usage.toString()).as(usage.toString()).contains(limited).contains("\"remaining\":0").contains("\"limit\":5");
        // Hawtio's view (Jolokia, as a viewer): the policies as declared, and the same use
        for (String attribute : List.of("Policies", "Usage")) {
            HttpResponse<String> jmx = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/jolokia")).header("Authorization", basic)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"type\":\"read\",\"mbean\":\"ndxp:type=Quotas\",\"attribute\":\"" + attribute + "\"}")).build());
            assertThat(jmx.statusCode()).as(jmx.body()).isEqualTo(200);
            JsonNode value = json.readTree(body(jmx).path("value").asText());
            if (attribute.equals("Policies")) {
                JsonNode births = java.util.stream.StreamSupport.stream(value.spliterator(), false)
                        .filter(v -> v.path("service").asText().endsWith("/birth-records")).findFirst().orElseThrow();
                assertThat(births.path("quotaUnavailable").asText()).isEqualTo("closed");
                assertThat(births.path("policies").toString()).contains(limited).contains("\"purpose\":\"required\"")
                        .contains("\"quota\":{\"perMinute\":5}")
                        .contains("\"parents.fullName\"").doesNotContain("parents.citizenId");
            } else {
                assertThat(value.toString()).contains(limited).contains("\"limit\":5");
            }
        }
        String scrape = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus")).GET().build()).body();
        assertThat(scrape).containsPattern("ndxp_quota_exceeded_total\\{[^}]*client=\"" + limited + "\"");
    }

    private void assertProblem(HttpResponse<String> res, int status, String category, String field) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(res.headers().firstValue("X-NDXP-Error")).contains(category);
        JsonNode p = body(res);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asText()).endsWith(category);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        String txId = res.headers().firstValue("X-NDXP-Transaction-Id").orElseThrow();
        assertThat(p.get("transactionId").asText()).isEqualTo(txId);
        if (field != null) {
            assertThat(p.path("field").asText()).isEqualTo(field);
        }
    }
}
