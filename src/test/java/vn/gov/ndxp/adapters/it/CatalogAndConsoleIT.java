package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.oas.OpenApi30;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** The catalogue generated from the adapter folders, and the operator console (Hawtio, Jolokia). */
class CatalogAndConsoleIT extends SandboxTestSupport {

    private static final String ROUTE_MBEAN = "org.apache.camel:context=ndxp-adapters,type=routes,name=\\\"civil-status-birth-record\\\"";

    @Test
    void catalogueListsEveryAdapterWithUnitServicesStateAndContracts() throws Exception {
        JsonNode catalog = get("/ndxp/v1/catalog");
        JsonNode civil = adapter(catalog, "civil-status");
        assertThat(civil.get("unit").asText()).isEqualTo("000.00.00.G22");
        assertThat(civil.get("kind").asText()).isEqualTo("rest-to-soap");
        assertThat(civil.get("state").asText()).isEqualTo("started");
        assertThat(civil.get("services")).hasSize(2);
        JsonNode birth = civil.get("services").get(0);
        assertThat(birth.get("id").asText()).isEqualTo("VN:GOV:000.00.00.G22:civil-status/birth-records");
        assertThat(birth.get("protocol").asText()).isEqualTo("REST");
        assertThat(birth.get("state").asText()).isEqualTo("started");
        assertThat(civil.at("/contracts/openapi").asText()).isEqualTo("/ndxp/v1/catalog/civil-status/openapi.json");

        JsonNode office = adapter(catalog, "one-stop-office");
        assertThat(office.get("kind").asText()).isEqualTo("soap-to-rest");
        assertThat(office.at("/services/0/protocol").asText()).isEqualTo("SOAP");
        assertThat(office.at("/contracts/wsdl/0").asText()).isEqualTo("/soap/one-stop-office?wsdl");
        HttpResponse<String> wsdl = send(HttpRequest.newBuilder(URI.create(base() + office.at("/contracts/wsdl/0").asText())).build());
        assertThat(wsdl.body()).contains("LookupCitizen");
    }

    @Test
    void openApiIsGeneratedFromTheAdapterFolder() throws Exception {
        JsonNode api = get("/ndxp/v1/catalog/civil-status/openapi.json");
        assertThat(api.get("openapi").asText()).startsWith("3.");
        JsonNode get = api.at("/paths/~1ndxp~1v1~1civil-status~1birth-records~1{citizenId}/get");
        assertThat(get.isMissingNode()).isFalse();
        assertThat(get.at("/parameters/0/name").asText()).isEqualTo("citizenId");
        assertThat(get.at("/parameters/0/schema/pattern").asText()).isEqualTo("^[0-9]{12}$");
        JsonNode record = get.at("/responses/200/content/application~1json/schema");
        assertThat(record.at("/properties/parents/type").asText()).isEqualTo("array");
        assertThat(record.at("/properties/birthOrder/type").asText()).isEqualTo("integer");
        assertThat(record.at("/properties/birthWeightKg/type").asText()).isEqualTo("number");
        assertThat(record.at("/properties/lateRegistration/type").asText()).isEqualTo("boolean");
        assertThat(record.at("/properties/dateOfBirth/format").asText()).isEqualTo("date");
        JsonNode search = api.at("/paths/~1ndxp~1v1~1civil-status~1birth-records~1search/post/requestBody/content/application~1json/schema");
        assertThat(search.at("/required/0").asText()).isEqualTo("dateOfBirth");
        assertThat(get.at("/responses/403/content/application~1problem+json/schema/$ref").asText()).isEqualTo("#/components/schemas/Problem");
        assertThat(send(HttpRequest.newBuilder(URI.create(base() + "/ndxp/v1/catalog/one-stop-office/openapi.json")).build()).statusCode())
                .as("a SOAP facade has a WSDL, not an OpenAPI").isEqualTo(404);
    }

    /**
     * Every generated OpenAPI, written to target/contracts/ where .ci/run lints it with Redocly's CLI
     * (no sandbox runs there).
     */
    @Test
    void everyGeneratedContractIsWrittenForTheLinter() throws Exception {
        Path out = Path.of("target", "contracts");
        Files.createDirectories(out);
        List<String> written = new ArrayList<>();
        for (JsonNode a : get("/ndxp/v1/catalog").get("adapters")) {
            if (a.at("/contracts/openapi").isTextual()) {
                JsonNode api = get(a.at("/contracts/openapi").asText());
                Files.writeString(out.resolve(a.get("id").asText() + ".openapi.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(api));
                written.add(a.get("id").asText());
            }
        }
        assertThat(written).contains("civil-status", "business-registry");
    }

    @Test
    void openApiDeclaresHeadersCategoriesTagsContactAndLicence() throws Exception {
        JsonNode api = get("/ndxp/v1/catalog/civil-status/openapi.json");
        assertThat(api.at("/info/contact/email").asText()).isEqualTo("hotich-it@moj.example.vn");
        assertThat(api.at("/info/license/name").asText()).contains("data-sharing");
        assertThat(api.at("/tags/0/name").asText()).isEqualTo("civil-status");
        JsonNode get = api.at("/paths/~1ndxp~1v1~1civil-status~1birth-records~1{citizenId}/get");
        assertThat(get.at("/tags/0").asText()).isEqualTo("civil-status");
        assertThat(get.at("/responses/200/headers/X-NDXP-Transaction-Id/$ref").asText()).isEqualTo("#/components/headers/TransactionId");
        assertThat(get.at("/responses/404/headers/X-NDXP-Error/schema/enum").toString()).isEqualTo("[\"backend.not-found\"]");
        assertThat(get.at("/responses/404/headers/X-NDXP-Transaction-Id").isMissingNode()).isFalse();
        assertThat(get.at("/responses/401/headers/WWW-Authenticate/$ref").asText()).isEqualTo("#/components/headers/WwwAuthenticate");
        assertThat(get.at("/responses/503/headers/Retry-After/$ref").asText()).isEqualTo("#/components/headers/RetryAfter");
        assertThat(get.at("/responses/503/headers/X-NDXP-Error/schema/enum").toString())
                .contains("backend.unavailable", "adapter.stopped", "adapter.maintenance");
        assertThat(get.at("/responses/502/headers/X-NDXP-Error/schema/enum").toString()).contains("backend.fault", "adapter.mapping");
        // civil-status's faultStatus maps INVALID_REQUEST to 400
        assertThat(get.at("/responses/400/headers/X-NDXP-Error/schema/enum").toString()).contains("client.bad-request", "backend.fault");
        assertThat(get.at("/responses/413").isMissingNode()).as("a GET has no body to be too large").isTrue();
        assertThat(get.at("/parameters/0/examples/one-parent/value").asText()).isEqualTo("001203000001");
        assertThat(api.at("/components/schemas/Problem/required").toString())
                .isEqualTo("[\"type\",\"title\",\"status\",\"detail\",\"category\",\"transactionId\"]");
        JsonNode search = api.at("/paths/~1ndxp~1v1~1civil-status~1birth-records~1search/post");
        assertThat(search.at("/responses/404").isMissingNode()).as("a search finds nothing, it is not a lookup").isTrue();
        assertThat(search.at("/responses/415/headers/X-NDXP-Error/schema/enum/0").asText()).isEqualTo("client.unsupported-media-type");

        JsonNode registry = get("/ndxp/v1/catalog/business-registry/openapi.json");
        assertThat(registry.at("/info/contact/name").asText()).as("the default contact: the unit").contains("000.00.00.G08");
        assertThat(registry.at("/info/license/name").asText()).startsWith("Restricted");
        assertThat(registry.at("/paths/~1ndxp~1v1~1business-registry~1enterprises~1{taxCode}/get/responses/502/headers/X-NDXP-Error/schema/enum").toString())
                .as("a row that breaks the record layout").contains("adapter.mapping");
        assertThat(registry.at("/paths/~1ndxp~1v1~1business-registry~1inspections/post/responses/409/headers/X-NDXP-Error/schema/enum/0").asText())
                .isEqualTo("client.conflict");
        assertThat(registry.at("/paths/~1ndxp~1v1~1business-registry~1enterprises~1{taxCode}/get/responses/404/content/application~1problem+json/examples/unknown/value/category").asText())
                .isEqualTo("backend.not-found");
    }

    /** The examples of every contract are the sandbox's answers to them (its demo data), status and body. */
    @Test
    void openApiExamplesAreTheSandboxsAnswers() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        int replayed = 0;
        for (JsonNode a : get("/ndxp/v1/catalog").get("adapters")) {
            for (JsonNode s : a.get("services")) {
                Path file = Path.of("adapters", a.get("id").asText(), "examples", s.get("code").asText() + ".json");
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = json.readTree(file.toFile()).fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode ex = e.getValue();
                    String path = s.get("path").asText();
                    for (Iterator<Map.Entry<String, JsonNode>> p = ex.path("parameters").fields(); p.hasNext(); ) {
                        Map.Entry<String, JsonNode> param = p.next();
                        path = path.replace("{" + param.getKey() + "}", param.getValue().asText());
                    }
                    HttpRequest.Builder req = ndxp(path);
                    if (ex.has("request")) {
                        req.header("Content-Type", "application/json").method(s.get("method").asText(),
                                HttpRequest.BodyPublishers.ofString(json.writeValueAsString(ex.get("request"))));
                    } else {
                        req.method(s.get("method").asText(), HttpRequest.BodyPublishers.noBody());
                    }
                    HttpResponse<String> res = send(req.build());
                    String where = file + " " + e.getKey() + ": " + res.body();
                    soft.assertThat(res.statusCode()).as(where).isEqualTo(ex.path("status").asInt(200));
                    JsonNode actual = body(res);
                    if (actual instanceof ObjectNode o && o.has("transactionId") && res.statusCode() >= 400) {
                        o.set("transactionId", ex.path("response").path("transactionId"));
                    }
                    soft.assertThat(sameAnswer(ex.get("response"), actual)).as(where).isTrue();
                    replayed++;
                }
            }
        }
        soft.assertAll();
        assertThat(replayed).isGreaterThanOrEqualTo(4);
    }

    /**
     * Equal JSON, except that a timestamp (ISO date-time) only has to be one: the sandbox seeds its
     * legacy rows relative to its start, and tests change them.
     */
    private static boolean sameAnswer(JsonNode expected, JsonNode actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected.isTextual() && actual.isTextual() && isTimestamp(expected.asText()) && isTimestamp(actual.asText())) {
            return true;
        }
        if (expected.isObject() && actual.isObject()) {
            if (expected.size() != actual.size()) {
                return false;
            }
            for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                String n = names.next();
                if (!actual.has(n) || !sameAnswer(expected.get(n), actual.get(n))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return false;
            }
            for (int i = 0; i < expected.size(); i++) {
                if (!sameAnswer(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual);
    }

    private static boolean isTimestamp(String s) {
        try {
            java.time.OffsetDateTime.parse(s);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** Real sandbox answers, validated against the schemas of the generated OpenAPI (OpenAPI 3.0 dialect). */
    @Test
    void realAnswersFitTheGeneratedSchemas() throws Exception {
        JsonNode api = get("/ndxp/v1/catalog/civil-status/openapi.json");
        JsonNode lookup = api.at("/paths/~1ndxp~1v1~1civil-status~1birth-records~1{citizenId}/get/responses");
        JsonNode search = api.at("/paths/~1ndxp~1v1~1civil-status~1birth-records~1search/post");
        for (String id : List.of("001203000001", "079199000002")) {
            HttpResponse<String> res = send(ndxp("/ndxp/v1/civil-status/birth-records/" + id).GET().build());
            assertThat(res.statusCode()).isEqualTo(200);
            assertFits(lookup.at("/200/content/application~1json/schema"), body(res), id);
        }
        HttpResponse<String> found = send(ndxp("/ndxp/v1/civil-status/birth-records/search").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"dateOfBirth\":\"1999-09-02\",\"maxResults\":5}")).build());
        assertThat(found.statusCode()).isEqualTo(200);
        assertFits(search.at("/requestBody/content/application~1json/schema"), json.readTree("{\"dateOfBirth\":\"1999-09-02\",\"maxResults\":5}"), "search request");
        assertFits(search.at("/responses/200/content/application~1json/schema"), body(found), "search");
        HttpResponse<String> missing = send(ndxp("/ndxp/v1/civil-status/birth-records/000000000000").GET().build());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-NDXP-Transaction-Id")).isPresent();
        JsonNode problem = api.at("/components/schemas/Problem");
        assertFits(problem, body(missing), "404 problem");
        // the validator does fail: a problem without its transaction id does not fit
        ObjectNode incomplete = (ObjectNode) body(missing);
        incomplete.remove("transactionId");
        assertThat(schema(problem).validate(incomplete)).isNotEmpty();
    }

    private static JsonSchema schema(JsonNode schema) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                b -> b.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
        return factory.getSchema(schema, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).nullableKeywordEnabled(true).build());
    }

    private static void assertFits(JsonNode schema, JsonNode value, String what) {
        assertThat(schema.isMissingNode()).as(what + ": schema").isFalse();
        assertThat(schema(schema).validate(value)).as(what + ": " + value).isEmpty();
    }

    @Test
    void consoleNeedsALogin() throws Exception {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/jolokia/version")).build());
        // Hawtio answers 403 (not 401, so browsers show its login page rather than a popup)
        assertThat(anonymous.statusCode()).isEqualTo(403);
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/jolokia/version"))
                .header("Authorization", basic("operator", "wrong")).build());
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain("Jolokia");
        HttpResponse<String> hawtio = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/hawtio/"))
                .header("Authorization", basic("operator", "sandbox-operator")).build());
        assertThat(hawtio.statusCode()).isEqualTo(200);
        assertThat(hawtio.body()).containsIgnoringCase("hawtio");
    }

    @Test
    void operatorStopsAndStartsARouteOverJolokiaAndTheCatalogueShowsIt() throws Exception {
        JsonNode group = jolokia("{\"type\":\"read\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"attribute\":\"RouteGroup\"}");
        assertThat(group.at("/value").asText()).isEqualTo("civil-status");
        JsonNode stop = jolokia("{\"type\":\"exec\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"operation\":\"stop()\"}");
        assertThat(stop.get("status").asInt()).as(stop.toString()).isEqualTo(200);
        try {
            JsonNode civil = adapter(get("/ndxp/v1/catalog"), "civil-status");
            assertThat(civil.at("/services/0/state").asText()).isEqualTo("stopped");
            assertThat(civil.get("state").asText()).isEqualTo("partially-started");
            assertThat(send(ndxp("/ndxp/v1/civil-status/birth-records/001203000001").GET().build()).statusCode()).isNotEqualTo(200);
        } finally {
            jolokia("{\"type\":\"exec\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"operation\":\"start()\"}");
        }
        assertThat(adapter(get("/ndxp/v1/catalog"), "civil-status").get("state").asText()).isEqualTo("started");
        assertThat(send(ndxp("/ndxp/v1/civil-status/birth-records/001203000001").GET().build()).statusCode()).isEqualTo(200);
        JsonNode total = jolokia("{\"type\":\"read\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"attribute\":\"ExchangesTotal\"}");
        assertThat(total.at("/value").asLong()).isPositive();
    }

    private JsonNode jolokia(String request) throws Exception {
        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/jolokia"))
                .header("Authorization", basic("operator", "sandbox-operator"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return body(res);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(base() + path)).build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return body(res);
    }

    private static JsonNode adapter(JsonNode catalog, String id) {
        for (JsonNode a : catalog.get("adapters")) {
            if (a.get("id").asText().equals(id)) {
                return a;
            }
        }
        throw new AssertionError("adapter " + id + " not in the catalogue");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
