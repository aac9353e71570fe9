package vn.gov.ndxp.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** ASMX-style answers: ArrayOf<X> wrappers unwrapped at any depth, and failures reported inside a normal answer (failWhen). */
class DotNetAnswersTest {

    private static final String NS = "http://tempuri.org/";
    private static final String FOUND = """
            <GetHouseholdResponse xmlns="http://tempuri.org/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <GetHouseholdResult>
                <Success>true</Success>
                <Household version="3">
                  <HouseholdId>HK-001</HouseholdId>
                  <Members>
                    <Member><FullName>Nguyễn Văn An</FullName><Age>41</Age>
                      <Phones><string>0901234567</string><string xsi:nil="true"/></Phones></Member>
                    <Member><FullName>Trần Thị Bình</FullName><Phones/></Member>
                  </Members>
                </Household>
              </GetHouseholdResult>
            </GetHouseholdResponse>
            """;

    @TempDir
    Path dir;

    private final XmlJsonMapper mapper = new XmlJsonMapper();
    private final Mapping household = Fixtures.mapping("household");

    @Test
    void wrappersAnywhereInTheTreeBecomePlainArrays() {
        JsonNode json = mapper.toJson(Fixtures.xml(FOUND), household);
        assertThat(json.at("/household/members")).hasSize(2);
        assertThat(json.at("/household/members/0/fullName").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(json.at("/household/members/0/phones/0").asText()).isEqualTo("0901234567");
        assertThat(json.at("/household/members/0/phones/1").isNull()).isTrue();
        assertThat(json.at("/household/members/1/phones").isArray()).as("an empty wrapper is an empty array").isTrue();
        assertThat(json.at("/household/members/1/phones")).isEmpty();
        assertThat(json.at("/household/members/1/age").isMissingNode()).isTrue();
        assertThat(json.at("/household/version").asInt()).isEqualTo(3);
    }

    @Test
    void theWrappersComeBackInXml() {
        JsonNode json = mapper.toJson(Fixtures.xml(FOUND), household);
        Element xml = mapper.toXml(json, household, true, null);
        Element members = first(first(first(xml, "GetHouseholdResult"), "Household"), "Members");
        assertThat(members.getElementsByTagNameNS(NS, "Member").getLength()).isEqualTo(2);
        Element phones = first(first(members, "Member"), "Phones");
        assertThat(phones.getElementsByTagNameNS(NS, "string").getLength()).isEqualTo(2);
        assertThat(mapper.toJson(xml, household)).as("round trip").isEqualTo(json);
    }

    @Test
    void errorPathsRunThroughTheUnwrappedArrays() {
        String bad = FOUND.replace("<Age>41</Age>", "<Age>forty</Age>");
        assertThatThrownBy(() -> mapper.toJson(Fixtures.xml(bad), household)).isInstanceOfSatisfying(MappingException.class,
                m -> assertThat(m.field()).isEqualTo("household.members[0].age"));
        String stray = FOUND.replace("<Phones/>", "<Phones><Mobile>1</Mobile></Phones>");
        assertThatThrownBy(() -> mapper.toJson(Fixtures.xml(stray), household)).isInstanceOfSatisfying(MappingException.class,
                m -> assertThat(m.getMessage()).contains("unknown element {http://tempuri.org/}Mobile"));
    }

    @Test
    void theJsonSchemaShowsTheArrays() {
        JsonNode schema = mapper.jsonSchema(household);
        JsonNode members = schema.at("/properties/household/properties/members");
        assertThat(members.get("type").asText()).isEqualTo("array");
        assertThat(members.at("/items/properties/phones/type").asText()).isEqualTo("array");
        assertThat(members.at("/items/properties/phones/items/type").asText()).isEqualTo("string");
    }

    @Test
    void aLongTextMatchesNoRuleAndALongDetailIsCut() {
        assertThat(FailWhen.fullyMatches(java.util.regex.Pattern.compile(".*"), "x".repeat(4096))).isTrue();
        assertThat(FailWhen.fullyMatches(java.util.regex.Pattern.compile(".*"), "x".repeat(4097))).as("longer than 4096: no match").isFalse();
        Element notFound = Fixtures.xml("<GetHouseholdResponse xmlns=\"http://tempuri.org/\"><GetHouseholdResult><Success>false</Success>"
                + "<StatusCode>UNKNOWN_ID</StatusCode><Message>" + "ả".repeat(600) + "</Message></GetHouseholdResult></GetHouseholdResponse>");
        assertThat(household.failure(notFound).detail(notFound)).isEqualTo("ả".repeat(500));
    }

    @Test
    void aFailureInsideANormalAnswerIsFoundByTheFirstRuleItMeets() {
        assertThat(household.failure(Fixtures.xml(FOUND))).as("Success=true: mapped").isNull();
        Element notFound = Fixtures.xml("""
                <GetHouseholdResponse xmlns="http://tempuri.org/"><GetHouseholdResult>
                  <Success>false</Success><StatusCode>UNKNOWN_ID</StatusCode><Message>Không tìm thấy hộ khẩu</Message>
                </GetHouseholdResult></GetHouseholdResponse>""");
        FailWhen f = household.failure(notFound);
        assertThat(f.category()).isEqualTo("backend.not-found");
        assertThat(f.status()).isEqualTo(404);
        assertThat(f.detail(notFound)).as("detailFrom").isEqualTo("Không tìm thấy hộ khẩu");
        Element refused = Fixtures.xml("""
                <GetHouseholdResponse xmlns="http://tempuri.org/"><GetHouseholdResult>
                  <Success>0</Success><StatusCode>LOCKED</StatusCode>
                </GetHouseholdResult></GetHouseholdResponse>""");
        FailWhen r = household.failure(refused);
        assertThat(r.category()).isEqualTo("backend.rejected");
        assertThat(r.detail(refused)).as("no detailFrom: the declared detail").isEqualTo("The registry refused the request");
        // a partial match (the pattern must match the whole text) is no match
        assertThat(household.failure(Fixtures.xml(FOUND.replace("<Success>true</Success>", "<Success>falsey</Success>")))).isNull();
    }

    @Test
    void badDeclarationsNameFileAndKey() throws IOException {
        assertRefused("unwrap: [Household]", "unwrap: Household: not a wrapper of exactly one child element");
        assertRefused("unwrap: [Housefold]", "unwrap: Housefold: no element of that name");
        assertRefused("unwrap: Members", "unwrap: must be a list");
        assertRefused(rule("when: {Success: \"false\"}\n    status: 404\n    detail: x"), "failWhen[0].category: required");
        assertRefused(rule("when: {Success: \"false\"}\n    category: notfound\n    status: 404\n    detail: x"), "(got 'notfound')");
        assertRefused(rule("when: {Success: \"false\"}\n    category: backend.not-found\n    status: 200\n    detail: x"),
                "failWhen[0].status: required: an HTTP status code");
        assertRefused(rule("when: {Success: \"(\"}\n    category: backend.not-found\n    status: 404\n    detail: x"),
                "failWhen[0].when.Success: not a valid regular expression");
        assertRefused(rule("when: {\"a//b\": x}\n    category: backend.not-found\n    status: 404\n    detail: x"),
                "is not a path of element names");
        assertRefused(rule("category: backend.not-found\n    status: 404\n    detail: x"), "failWhen[0].when: required");
        assertRefused(rule("when: {Success: \"false\"}\n    category: backend.not-found\n    status: 404"), "failWhen[0].detail: required");
        assertRefused(rule("when: {Success: \"false\"}\n    category: backend.not-found\n    status: 404\n    detail: x\n    colour: red"),
                "failWhen[0].colour: unknown key");
    }

    private static String rule(String body) {
        return "failWhen:\n  - " + body;
    }

    private void assertRefused(String extra, String message) throws IOException {
        Path f = dir.resolve("bad.mapping.yaml");
        Files.writeString(f, "schema: " + Fixtures.DIR.resolve("household.xsd").toAbsolutePath()
                + "\nelement: \"{http://tempuri.org/}GetHouseholdResponse\"\n" + extra + "\n");
        assertThatThrownBy(() -> Mapping.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining(message);
    }

    private static Element first(Element parent, String localName) {
        return (Element) parent.getElementsByTagNameNS(NS, localName).item(0);
    }
}
