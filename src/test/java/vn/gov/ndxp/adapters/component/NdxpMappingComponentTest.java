package vn.gov.ndxp.adapters.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.mapping.MappingException;

/** ndxp-mapping: both verbs with their options and defaults, and each wrong URI refused at startup naming route and URI. */
class NdxpMappingComponentTest {

    private final Steps steps = new Steps();

    NdxpMappingComponentTest() throws Exception {
    }

    @AfterEach
    void close() {
        steps.close();
    }

    @Test
    void jsonToXmlDefaultsToTheBodyAndStrict() throws Exception {
        NdxpMappingEndpoint e = steps.start("ndxp-mapping:json-to-xml/civil-status/get-birth-record", NdxpMappingEndpoint.class);
        assertThat(e.getVerb()).isEqualTo("json-to-xml");
        assertThat(e.getAdapter()).isEqualTo("civil-status");
        assertThat(e.getMappingName()).isEqualTo("get-birth-record");
        assertThat(e.getSource()).isEqualTo("body");
        assertThat(e.isStrict()).isTrue();

        Document xml = steps.template().requestBody("direct:in", "{\"citizenId\":\"001099012345\"}", Document.class);
        assertThat(xml.getDocumentElement().getLocalName()).isEqualTo("GetBirthRecord");
        assertThat(xml.getDocumentElement().getTextContent()).isEqualTo("001099012345");
        // strict: an unknown field is the caller's fault, named
        assertThatThrownBy(() -> steps.template().requestBody("direct:in", "{\"citizenId\":\"1\",\"other\":1}"))
                .isInstanceOf(CamelExecutionException.class).cause().isInstanceOf(NdxpException.class).hasMessageContaining("other");
    }

    @Test
    void jsonToXmlFromHeadersNotStrict() throws Exception {
        NdxpMappingEndpoint e = steps.start("ndxp-mapping:json-to-xml/civil-status/get-birth-record?source=headers&strict=false",
                NdxpMappingEndpoint.class);
        assertThat(e.getSource()).isEqualTo("headers");
        assertThat(e.isStrict()).isFalse();

        Document xml = steps.template().requestBodyAndHeaders("direct:in", null, Map.of("citizenId", "001099012345"), Document.class);
        assertThat(xml.getDocumentElement().getTextContent()).isEqualTo("001099012345");
    }

    @Test
    void xmlToJsonFromTheBackendOrTheClient() throws Exception {
        NdxpMappingEndpoint e = steps.start("ndxp-mapping:xml-to-json/civil-status/get-birth-record", NdxpMappingEndpoint.class);
        assertThat(e.getVerb()).isEqualTo("xml-to-json");
        assertThat(e.getSource()).isEqualTo("body");
        String xml = "<v1:GetBirthRecord xmlns:v1=\"http://hotich.moj.gov.vn/ws/civil-status/v1\"><v1:CitizenID>001099012345</v1:CitizenID>"
                + "</v1:GetBirthRecord>";
        assertThat(steps.template().requestBody("direct:in", xml, String.class)).isEqualTo("{\"citizenId\":\"001099012345\"}");
        String bad = "<v1:GetBirthRecord xmlns:v1=\"http://hotich.moj.gov.vn/ws/civil-status/v1\"><v1:Other/></v1:GetBirthRecord>";
        // the backend's XML: a mismatch is the adapter's mapping error, not the caller's
        assertThatThrownBy(() -> steps.template().requestBody("direct:in", bad)).cause().isInstanceOf(MappingException.class);
    }

    @Test
    void xmlToJsonOfTheClientsRequestIsABadRequest() throws Exception {
        NdxpMappingEndpoint e = steps.start("ndxp-mapping:xml-to-json/civil-status/get-birth-record?source=client", NdxpMappingEndpoint.class);
        assertThat(e.getSource()).isEqualTo("client");
        String bad = "<v1:GetBirthRecord xmlns:v1=\"http://hotich.moj.gov.vn/ws/civil-status/v1\"><v1:Other/></v1:GetBirthRecord>";
        assertThatThrownBy(() -> steps.template().requestBody("direct:in", bad)).cause().isInstanceOf(NdxpException.class)
                .satisfies(x -> assertThat(((NdxpException) x).status()).isEqualTo(400));
    }

    @Test
    void unknownVerb() throws Exception {
        steps.assertRefused("ndxp-mapping:json-to-yaml/civil-status/get-birth-record",
                "unknown verb 'json-to-yaml' (json-to-xml, xml-to-json)");
    }

    @Test
    void unknownOption() throws Exception {
        steps.assertRefused("ndxp-mapping:json-to-xml/civil-status/get-birth-record?strikt=false",
                "There are 1 parameters that couldn't be set on the endpoint", "strikt=false");
    }

    @Test
    void aPathPartIsNoOption() throws Exception {
        steps.assertRefused("ndxp-mapping:json-to-xml/civil-status/get-birth-record?mapping=birth-record",
                "There are 1 parameters that couldn't be set on the endpoint", "mapping=birth-record");
    }

    @Test
    void strictIsJsonToXmlOnly() throws Exception {
        steps.assertRefused("ndxp-mapping:xml-to-json/civil-status/birth-record?strict=false",
                "option(s) [strict] do not apply to xml-to-json (it takes [source])");
    }

    @Test
    void eachVerbHasItsSources() throws Exception {
        steps.assertRefused("ndxp-mapping:xml-to-json/civil-status/birth-record?source=headers",
                "source=headers does not apply to xml-to-json (body or client)");
    }

    @Test
    void clientIsNoSourceOfJsonToXml() throws Exception {
        steps.assertRefused("ndxp-mapping:json-to-xml/civil-status/get-birth-record?source=client",
                "source=client does not apply to json-to-xml (body or headers)");
    }

    @Test
    void missingPathPart() throws Exception {
        steps.assertRefused("ndxp-mapping:json-to-xml/civil-status",
                "expected ndxp-mapping:json-to-xml|xml-to-json/<adapter>/<mapping>");
    }

    @Test
    void unknownAdapter() throws Exception {
        steps.assertRefused("ndxp-mapping:json-to-xml/land-registry/get-parcel",
                "no adapter 'land-registry'");
    }

    @Test
    void unknownMapping() throws Exception {
        steps.assertRefused("ndxp-mapping:json-to-xml/civil-status/get-parcel",
                "Adapter civil-status: no mapping file get-parcel.mapping.yaml");
    }
}
