package vn.gov.ndxp.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static vn.gov.ndxp.adapters.mapping.Fixtures.json;
import static vn.gov.ndxp.adapters.mapping.Fixtures.mapping;
import static vn.gov.ndxp.adapters.mapping.Fixtures.text;
import static vn.gov.ndxp.adapters.mapping.Fixtures.write;
import static vn.gov.ndxp.adapters.mapping.Fixtures.xml;
import static vn.gov.ndxp.adapters.mapping.Fixtures.xmlFile;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class XmlToJsonTest {

    private final XmlJsonMapper mapper = new XmlJsonMapper();
    private final Mapping birthRecord = mapping("birth-record");

    private JsonNode record(String xmlText) {
        return mapper.toJson(xml(xmlText), birthRecord);
    }

    private MappingException failure(String xmlText) {
        return catchThrowableOfType(MappingException.class, () -> record(xmlText));
    }

    @Test
    void singleParentIsStillAnArray() {
        JsonNode json = mapper.toJson(xmlFile("birth-record-one-parent.xml"), birthRecord);
        assertThat(json.get("parents").isArray()).isTrue();
        assertThat(json.get("parents")).hasSize(1);
        assertThat(json.get("parents").get(0).get("fullName").asText()).isEqualTo("Trần Thị Mai");
        assertThat(write(json)).contains("\"parents\":[{\"relation\":\"MOTHER\"");
    }

    @Test
    void twoParentsAreAnArrayOfTwo() {
        JsonNode json = mapper.toJson(xmlFile("birth-record-two-parents.xml"), birthRecord);
        assertThat(json.get("parents")).hasSize(2);
        assertThat(json.get("parents").get(1).get("relation").asText()).isEqualTo("MOTHER");
        // Whole document, field by field and in schema order (Jackson compares objects ignoring order).
        assertThat(json).isEqualTo(json(text("birth-record-two-parents.json")));
        assertThat(json.fieldNames()).toIterable().containsExactly("citizenId", "fullName", "gender", "dateOfBirth",
                "placeOfBirth", "birthOrder", "lateRegistration", "registeredAt", "parents", "registryOffice");
    }

    @Test
    void typesFollowTheSchema() {
        JsonNode json = mapper.toJson(xmlFile("birth-record-one-parent.xml"), birthRecord);
        assertThat(json.get("birthOrder").isInt()).isTrue();
        assertThat(json.get("birthOrder").intValue()).isEqualTo(1);
        assertThat(json.get("birthWeightKg").isBigDecimal()).isTrue();
        assertThat(json.get("birthWeightKg").decimalValue().toPlainString()).isEqualTo("3.25");
        assertThat(json.get("lateRegistration").isBoolean()).isTrue();
        assertThat(json.get("lateRegistration").booleanValue()).isFalse();
        assertThat(json.get("dateOfBirth").isTextual()).isTrue();
        assertThat(json.get("dateOfBirth").textValue()).isEqualTo("2003-05-17");
        assertThat(json.get("registeredAt").textValue()).isEqualTo("2003-05-20T09:15:00+07:00");
        assertThat(json.get("citizenId").textValue()).isEqualTo("079203001234"); // leading zero kept: xs:string
        assertThat(json.get("fullName").textValue()).isEqualTo("Nguyễn Thị Hồng Nhung");
        // On the wire: numbers and booleans unquoted, the decimal exactly as in XML.
        assertThat(write(json)).contains("\"birthOrder\":1,", "\"birthWeightKg\":3.25,", "\"lateRegistration\":false,");
    }

    @Test
    void attributesBecomeFields() {
        JsonNode json = mapper.toJson(xmlFile("birth-record-one-parent.xml"), birthRecord);
        assertThat(json.get("registryOffice").textValue()).isEqualTo("UBND Phường Bến Nghé");
        assertThat(json.get("recordVersion").isInt()).isTrue();
        assertThat(json.get("recordVersion").intValue()).isEqualTo(2);
    }

    @Test
    void absentOptionalElementsAreOmitted() {
        JsonNode json = mapper.toJson(xmlFile("birth-record-two-parents.xml"), birthRecord);
        assertThat(json.has("birthWeightKg")).isFalse();
        assertThat(json.has("remarks")).isFalse();
        assertThat(json.has("recordVersion")).isFalse();
        assertThat(json.get("parents").get(1).has("citizenId")).isFalse();
        assertThat(json.get("parents").get(1).has("dateOfBirth")).isFalse();
    }

    @Test
    void booleanAcceptsOneAndZero() {
        String xml = text("birth-record-two-parents.xml");
        assertThat(record(xml.replace(">true<", ">1<")).get("lateRegistration").booleanValue()).isTrue();
        assertThat(record(xml.replace(">true<", ">0<")).get("lateRegistration").booleanValue()).isFalse();
    }

    @Test
    void unparseableTypedTextNamesTheField() {
        String xml = text("birth-record-two-parents.xml");
        MappingException e = failure(xml.replace("<cs:BirthOrder>3<", "<cs:BirthOrder>abc<"));
        assertThat(e.field()).isEqualTo("birthOrder");
        assertThat(e.getMessage()).contains("abc").contains("xs:int");
        e = failure(xml.replace(">true<", ">yes<"));
        assertThat(e.field()).isEqualTo("lateRegistration");
        e = failure(xml.replace("<cs:BirthRecord ", "<cs:BirthRecord recordVersion=\"v2\" "));
        assertThat(e.field()).isEqualTo("recordVersion");
    }

    @Test
    void unknownElementsAndAttributesAreRejectedWithTheirPath() {
        String xml = text("birth-record-two-parents.xml");
        MappingException e = failure(xml.replace("<cs:Relation>MOTHER</cs:Relation>",
                "<cs:Relation>MOTHER</cs:Relation><cs:Nickname>Hà</cs:Nickname>"));
        assertThat(e.field()).isEqualTo("parents[1].nickname");
        assertThat(e.getMessage()).contains("unknown element").contains("Nickname");
        // Right local name, wrong namespace: still unknown.
        e = failure(xml.replace("<cs:BirthOrder>3</cs:BirthOrder>", "<BirthOrder xmlns=\"urn:other\">3</BirthOrder>"));
        assertThat(e.field()).isEqualTo("birthOrder");
        e = failure(xml.replace("<cs:BirthRecord ", "<cs:BirthRecord status=\"ok\" "));
        assertThat(e.field()).isEqualTo("status");
        assertThat(e.getMessage()).contains("unknown attribute");
    }

    @Test
    void strayTextAndRepeatedSingleElementsAreRejected() {
        String xml = text("birth-record-two-parents.xml");
        MappingException e = failure(xml.replace("<cs:Relation>MOTHER</cs:Relation>",
                "<cs:Relation>MOTHER</cs:Relation>stray text"));
        assertThat(e.field()).isEqualTo("parents[1]");
        assertThat(e.getMessage()).isEqualTo("unexpected text content");
        e = failure(xml.replace("<cs:BirthOrder>3</cs:BirthOrder>", "<cs:BirthOrder>3</cs:BirthOrder><cs:BirthOrder>4</cs:BirthOrder>"));
        assertThat(e.field()).isEqualTo("birthOrder");
        assertThat(e.getMessage()).contains("occurs 2 times");
    }

    @Test
    void wrongRootElementIsRejected() {
        MappingException e = catchThrowableOfType(MappingException.class,
                () -> mapper.toJson(xml("<GetBirthRecord xmlns=\"" + Fixtures.CS + "\"/>"), birthRecord));
        assertThat(e.getMessage()).contains("GetBirthRecordResponse");
    }

    @Test
    void zeroRepetitionsIsAnEmptyArray() {
        JsonNode json = mapper.toJson(xml("<SearchBirthRecordsResponse xmlns=\"" + Fixtures.CS + "\" total=\"0\"/>"),
                mapping("search-birth-records-response"));
        assertThat(json.get("BirthRecord").isArray()).isTrue();
        assertThat(json.get("BirthRecord")).isEmpty();
        assertThat(json.get("total").isInt()).isTrue();
    }

    @Test
    void withoutSelectTheWrapperIsKept() {
        JsonNode json = mapper.toJson(xmlFile("birth-record-one-parent.xml"), mapping("birth-record-wrapped"));
        assertThat(json.fieldNames()).toIterable().containsExactly("birthRecord");
        JsonNode rec = json.get("birthRecord");
        assertThat(rec.get("citizenID").textValue()).isEqualTo("079203001234"); // camelCase only lowers the first letter
        assertThat(rec.get("parent").isArray()).isTrue();
    }

    @Test
    void oneStopOfficeCitizenWithOneHouseholdMember() {
        String ns = "http://motcua.gov.vn/ws/citizen/v1";
        JsonNode json = mapper.toJson(xml("<LookupCitizenResponse xmlns=\"" + ns + "\"><Citizen source=\"CSDLQGDC\">"
                + "<CitizenID>001099012345</CitizenID><FullName>Hoàng Văn Minh</FullName>"
                + "<DateOfBirth>1999-09-09</DateOfBirth><Gender>Nam</Gender><PermanentAddress>Hà Nội</PermanentAddress>"
                + "<Alive>true</Alive><HouseholdMember><FullName>Hoàng Thị Lan</FullName><Relation>Mẹ</Relation>"
                + "</HouseholdMember></Citizen></LookupCitizenResponse>"), mapping("lookup-citizen-response"));
        assertThat(json.get("householdMembers").isArray()).isTrue();
        assertThat(json.get("householdMembers")).hasSize(1);
        assertThat(json.get("alive").isBoolean()).isTrue();
        assertThat(json.get("source").textValue()).isEqualTo("CSDLQGDC");
        assertThat(json.has("ethnicity")).isFalse();
    }

    @Test
    void schemaFeaturesBeyondTheDemoWsdls() {
        JsonNode json = mapper.toJson(xmlFile("invoice.xml"), mapping("invoice"));
        // complexContent extension: base fields first, then the extension's, then attributes
        assertThat(json.get("seller").fieldNames()).toIterable().containsExactly("name", "taxCode", "id", "lang");
        assertThat(json.get("seller").get("id").isLong()).isTrue();
        assertThat(json.get("seller").get("id").longValue()).isEqualTo(9007199254740993L);
        // simpleContent with attributes, textField renamed to "amount"; decimal kept exactly
        assertThat(json.get("total").get("amount").decimalValue().toPlainString()).isEqualTo("1500000.50");
        assertThat(json.get("total").get("currency").textValue()).isEqualTo("VND");
        assertThat(json.get("dueDate").textValue()).isEqualTo("2024-02-29"); // choice branch present
        assertThat(json.has("paidAt")).isFalse();
        assertThat(json.get("discount").isNull()).isTrue();                  // xsi:nil
        assertThat(json.get("note")).hasSize(2);                             // element ref, maxOccurs 3
        assertThat(json.get("count").isInt()).isTrue();                      // from a group ref
        assertThat(json.get("tag").isArray()).isTrue();
        assertThat(json.get("number").isInt()).isTrue();
        assertThat(write(json)).contains("\"amount\":1500000.50");
    }

    @Test
    void doubleWithExponentIsWrittenPlain() {
        String xml = text("invoice.xml").replace("<Discount xsi:nil=\"true\"/>", "<Discount>1.5E1</Discount>");
        JsonNode json = mapper.toJson(xml(xml), mapping("invoice"));
        assertThat(write(json)).contains("\"discount\":15,");
    }
}
