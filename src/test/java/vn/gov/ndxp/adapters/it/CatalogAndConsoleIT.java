package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
