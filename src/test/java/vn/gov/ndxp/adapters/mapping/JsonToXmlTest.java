package vn.gov.ndxp.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static vn.gov.ndxp.adapters.mapping.Fixtures.json;
import static vn.gov.ndxp.adapters.mapping.Fixtures.mapping;
import static vn.gov.ndxp.adapters.mapping.Fixtures.text;
import static vn.gov.ndxp.adapters.mapping.Fixtures.xml;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.builder.Input;
import org.xmlunit.diff.Diff;

class JsonToXmlTest {

    private static final String REMOVE = "<remove>";

    private final XmlJsonMapper mapper = new XmlJsonMapper();
    private final Mapping birthRecord = mapping("birth-record");

    private static Diff diff(String expected, String actual) {
        return DiffBuilder.compare(Input.fromString(expected)).withTest(Input.fromString(actual))
                .ignoreWhitespace().checkForSimilar().build();
    }

    /** XML -> JSON text (as sent over HTTP) -> JSON -> XML. */
    private String roundTrip(String xmlText, Mapping m) {
        JsonNode json = mapper.toJson(xml(xmlText), m);
        JsonNode received = json(Fixtures.write(json));
        return SecureXml.toString(mapper.toXml(received, m, true, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"birth-record-one-parent.xml", "birth-record-two-parents.xml"})
    void birthRecordsSurviveTheRoundTrip(String file) {
        String original = text(file);
        String result = roundTrip(original, birthRecord);
        Diff d = diff(original, result);
        assertThat(d.hasDifferences()).as(d.toString()).isFalse();
        // Namespace declared once, with the schema's own prefix; no xsi noise.
        assertThat(result).startsWith("<tns:GetBirthRecordResponse xmlns:tns=\"" + Fixtures.CS + "\"><tns:BirthRecord ");
        assertThat(result.split("xmlns", -1)).hasSize(2);
    }

    @Test
    void invoiceSurvivesTheRoundTrip() {
        String original = text("invoice.xml");
        String result = roundTrip(original, mapping("invoice"));
        Diff d = diff(original, result);
        assertThat(d.hasDifferences()).as(d.toString()).isFalse();
        assertThat(result).startsWith("<f:Invoice ").contains("<Seller ", "f:lang=\"vi\"", "<f:Note>", "<f:Tag>",
                "<Discount xsi:nil=\"true\"/>", "<Total currency=\"VND\">1500000.50</Total>");
    }

    @Test
    void theComparisonWouldCatchLostNamespacesOrderAndAttributes() {
        String original = text("birth-record-two-parents.xml");
        assertThat(diff(original, original.replace(Fixtures.CS, "urn:wrong")).hasDifferences()).isTrue();
        assertThat(diff(original, original.replace(" registryOffice=", " office=")).hasDifferences()).isTrue();
        String swapped = original.replace("<cs:BirthOrder>3</cs:BirthOrder>", "")
                .replace("<cs:DateOfBirth>2010-11-02</cs:DateOfBirth>",
                        "<cs:BirthOrder>3</cs:BirthOrder><cs:DateOfBirth>2010-11-02</cs:DateOfBirth>");
        assertThat(diff(original, swapped).hasDifferences()).isTrue();
    }

    @Test
    void writesInSchemaOrderWhateverTheJsonOrder() {
        JsonNode reordered = json("{\"registryOffice\":\"X\",\"parents\":[{\"nationality\":\"VN\",\"fullName\":\"B\","
                + "\"relation\":\"FATHER\"}],\"registeredAt\":\"2020-01-01T00:00:00Z\",\"lateRegistration\":false,"
                + "\"birthOrder\":1,\"placeOfBirth\":\"P\",\"dateOfBirth\":\"2020-01-01\",\"gender\":\"MALE\","
                + "\"fullName\":\"A\",\"citizenId\":\"000000000001\"}");
        String xml = SecureXml.toString(mapper.toXml(reordered, birthRecord, true, null));
        assertThat(xml).contains("<tns:CitizenID>000000000001</tns:CitizenID><tns:FullName>A</tns:FullName>"
                + "<tns:Gender>MALE</tns:Gender>");
        assertThat(xml).contains("<tns:Parent><tns:Relation>FATHER</tns:Relation><tns:FullName>B</tns:FullName>"
                + "<tns:Nationality>VN</tns:Nationality></tns:Parent>");
    }

    @Test
    void numbersAreWrittenCanonically() {
        ObjectNode json = (ObjectNode) json(text("birth-record-two-parents.json"));
        json.put("birthOrder", 2.0);                                     // integral double -> "2"
        json.set("birthWeightKg", DecimalNode.valueOf(new BigDecimal("3.1E+1"))); // -> "31", not 3.1E+1
        json.put("recordVersion", 7);
        String xml = SecureXml.toString(mapper.toXml(json, birthRecord, true, null));
        assertThat(xml).contains("<tns:BirthOrder>2</tns:BirthOrder>", "<tns:BirthWeightKg>31</tns:BirthWeightKg>",
                "recordVersion=\"7\"", "<tns:LateRegistration>true</tns:LateRegistration>");
    }

    @Test
    void createsTheElementInTheCallersDocument() {
        Document envelope = SecureXml.parse("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<s:Body/></s:Envelope>");
        Element el = mapper.toXml(json(text("birth-record-two-parents.json")), birthRecord, true, envelope);
        assertThat(el.getOwnerDocument()).isSameAs(envelope);
        assertThat(el.getParentNode()).isNull();
        assertThat(el.getNamespaceURI()).isEqualTo(Fixtures.CS);
        assertThat(el.getLocalName()).isEqualTo("GetBirthRecordResponse");
        envelope.getDocumentElement().getFirstChild().appendChild(el);
        assertThat(SecureXml.toString(envelope)).contains("<s:Body><tns:GetBirthRecordResponse");

        Element alone = mapper.toXml(json(text("birth-record-two-parents.json")), birthRecord, true, null);
        assertThat(alone.getOwnerDocument().getDocumentElement()).isSameAs(alone);
    }

    static Stream<Arguments> invalidBirthRecords() {
        return Stream.of(
                Arguments.of("/birthOrder", "\"3\"", "birthOrder", "expected an integer (xs:int)"),
                Arguments.of("/birthOrder", "3.5", "birthOrder", "expected an integer (xs:int)"),
                Arguments.of("/birthOrder", "3000000000", "birthOrder", "out of range for xs:int"),
                Arguments.of("/recordVersion", "\"2\"", "recordVersion", "expected an integer (xs:int)"),
                Arguments.of("/birthWeightKg", "\"3.25\"", "birthWeightKg", "expected a number (xs:decimal)"),
                Arguments.of("/lateRegistration", "\"true\"", "lateRegistration", "expected a boolean (xs:boolean)"),
                Arguments.of("/fullName", "123", "fullName", "expected a string (xs:string)"),
                Arguments.of("/parents", "{\"relation\":\"MOTHER\",\"fullName\":\"A\",\"nationality\":\"VN\"}",
                        "parents", "expected an array"),
                Arguments.of("/parents", "[]", "parents", "must have at least 1 item(s)"),
                Arguments.of("/parents/0", "\"Phạm Văn Hùng\"", "parents[0]", "expected an object"),
                Arguments.of("/fullName", REMOVE, "fullName", "required field is missing"),
                Arguments.of("/parents", REMOVE, "parents", "required field is missing"),
                Arguments.of("/registryOffice", REMOVE, "registryOffice", "required field is missing"),
                Arguments.of("/parents/1/nationality", REMOVE, "parents[1].nationality", "required field is missing"),
                Arguments.of("/fullName", "null", "fullName", "must not be null"),
                Arguments.of("/registryOffice", "null", "registryOffice", "must not be null"),
                Arguments.of("/parents/1/dateOfBirth", "\"1980-02-30\"", "parents[1].dateOfBirth",
                        "not a valid xs:date (e.g. 2024-01-31)"),
                Arguments.of("/dateOfBirth", "\"02/11/2010\"", "dateOfBirth", "not a valid xs:date (e.g. 2024-01-31)"),
                Arguments.of("/registeredAt", "\"2011-01-15 14:00\"", "registeredAt",
                        "not a valid xs:dateTime (e.g. 2024-01-31T08:30:00+07:00)"),
                Arguments.of("/registeredAt", "\"2011-01-15T25:00:00Z\"", "registeredAt",
                        "not a valid xs:dateTime (e.g. 2024-01-31T08:30:00+07:00)"),
                Arguments.of("/gender", "\"NAM\"", "gender", "must be one of [MALE, FEMALE]"),
                Arguments.of("/parents/0/relation", "\"UNCLE\"", "parents[0].relation",
                        "must be one of [FATHER, MOTHER, GUARDIAN]"),
                Arguments.of("/citizenId", "\"03421000987\"", "citizenId", "must match [0-9]{12}"),
                Arguments.of("/parents/0/citizenId", "\"03418000432X\"", "parents[0].citizenId", "must match [0-9]{12}"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidBirthRecords")
    void invalidJsonIsRejectedNamingTheField(String pointer, String value, String field, String message) {
        JsonNode json = json(text("birth-record-two-parents.json"));
        mapper.toXml(json, birthRecord, true, null); // the unmodified record is valid
        set(json, pointer, value);
        for (boolean strict : new boolean[] {true, false}) { // validation does not depend on strictness
            MappingException e = catchThrowableOfType(MappingException.class,
                    () -> mapper.toXml(json, birthRecord, strict, null));
            assertThat(e).as("no exception").isNotNull();
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).isEqualTo(message);
        }
    }

    static Stream<Arguments> invalidInvoices() {
        return Stream.of(
                Arguments.of("/seller/name", "\"A\"", "seller.name", "must be at least 2 characters"),
                Arguments.of("/seller/name", "\"Công ty TNHH\"", "seller.name", "must be at most 10 characters"),
                Arguments.of("/seller/id", "\"1\"", "seller.id", "expected an integer (xs:long)"),
                Arguments.of("/total/amount", REMOVE, "total.amount", "required field is missing"),
                Arguments.of("/total/amount", "\"1.5\"", "total.amount", "expected a number (xs:decimal)"),
                Arguments.of("/total/currency", REMOVE, "total.currency", "required field is missing"),
                Arguments.of("/note", "[\"a\",\"b\",\"c\",\"d\"]", "note", "must have at most 3 item(s)"),
                Arguments.of("/note", "\"a\"", "note", "expected an array"),
                Arguments.of("/note/1", "null", "note[1]", "must not be null"),
                Arguments.of("/createdBy", "null", "createdBy", "must not be null"),
                Arguments.of("/count", "101", "count", "must be at most 100"),
                Arguments.of("/count", "-1", "count", "out of range for xs:unsignedByte"),
                Arguments.of("/number", "0", "number", "out of range for xs:positiveInteger"),
                Arguments.of("/discount", "\"NaN\"", "discount", "expected a number (xs:double)"),
                Arguments.of("/dueDate", "\"2023-02-29\"", "dueDate", "not a valid xs:date (e.g. 2024-01-31)"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidInvoices")
    void invalidInvoicesAreRejectedNamingTheField(String pointer, String value, String field, String message) {
        Mapping invoice = mapping("invoice");
        JsonNode json = mapper.toJson(xml(text("invoice.xml")), invoice);
        set(json, pointer, value);
        MappingException e = catchThrowableOfType(MappingException.class, () -> mapper.toXml(json, invoice, true, null));
        assertThat(e).as("no exception").isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void nillableElementAcceptsNull() {
        Mapping invoice = mapping("invoice");
        JsonNode json = mapper.toJson(xml(text("invoice.xml")), invoice);
        assertThat(json.get("discount").isNull()).isTrue();
        assertThat(SecureXml.toString(mapper.toXml(json, invoice, true, null)))
                .contains("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"", "<Discount xsi:nil=\"true\"/>");
    }

    @Test
    void strictRejectsUnknownFieldsLenientIgnoresThem() {
        JsonNode json = json(text("birth-record-two-parents.json"));
        ((ObjectNode) json.get("parents").get(0)).put("nickname", "Hùng");
        MappingException e = catchThrowableOfType(MappingException.class, () -> mapper.toXml(json, birthRecord, true, null));
        assertThat(e.field()).isEqualTo("parents[0].nickname");
        assertThat(e.getMessage()).isEqualTo("unknown field");

        ((ObjectNode) json).put("source", "remote");
        e = catchThrowableOfType(MappingException.class, () -> mapper.toXml(json, birthRecord, true, null));
        assertThat(e.field()).isEqualTo("source");

        String xml = SecureXml.toString(mapper.toXml(json, birthRecord, false, null));
        assertThat(xml).doesNotContain("nickname", "Nickname", "remote").contains("Phạm Văn Hùng");
    }

    @Test
    void singleObjectForAnArrayIsAnErrorEvenWhenLenient() {
        JsonNode json = json(text("birth-record-two-parents.json"));
        ((ObjectNode) json).set("parents", json.get("parents").get(0));
        MappingException e = catchThrowableOfType(MappingException.class, () -> mapper.toXml(json, birthRecord, false, null));
        assertThat(e.field()).isEqualTo("parents");
        assertThat(e.getMessage()).isEqualTo("expected an array");
    }

    @Test
    void requestMappingWithoutSelect() {
        Mapping search = mapping("search-birth-records");
        Element el = mapper.toXml(json("{\"dateOfBirth\":\"2003-05-17\",\"maxResults\":20}"), search, true, null);
        assertThat(SecureXml.toString(el)).isEqualTo("<tns:SearchBirthRecords xmlns:tns=\"" + Fixtures.CS + "\">"
                + "<tns:DateOfBirth>2003-05-17</tns:DateOfBirth><tns:MaxResults>20</tns:MaxResults></tns:SearchBirthRecords>");
        MappingException e = catchThrowableOfType(MappingException.class,
                () -> mapper.toXml(json("{\"fullName\":\"A\"}"), search, true, null));
        assertThat(e.field()).isEqualTo("dateOfBirth");
    }

    @Test
    void oneStopOfficeResponseFromRestIsMappedLeniently() {
        // The population service may add fields the legacy WSDL does not know; a response must still go out.
        JsonNode rest = json("{\"citizenId\":\"001099012345\",\"fullName\":\"Hoàng Văn Minh\",\"dateOfBirth\":\"1999-09-09\","
                + "\"gender\":\"Nam\",\"permanentAddress\":\"Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội\",\"alive\":true,"
                + "\"householdMembers\":[{\"fullName\":\"Hoàng Thị Lan\",\"relation\":\"Mẹ\",\"phone\":\"x\"}],"
                + "\"updatedAt\":\"2024-01-01T00:00:00Z\"}");
        String xml = SecureXml.toString(mapper.toXml(rest, mapping("lookup-citizen-response"), false, null));
        String ns = "http://motcua.gov.vn/ws/citizen/v1";
        Diff d = diff("<LookupCitizenResponse xmlns=\"" + ns + "\"><Citizen><CitizenID>001099012345</CitizenID>"
                + "<FullName>Hoàng Văn Minh</FullName><DateOfBirth>1999-09-09</DateOfBirth><Gender>Nam</Gender>"
                + "<PermanentAddress>Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội</PermanentAddress><Alive>true</Alive>"
                + "<HouseholdMember><FullName>Hoàng Thị Lan</FullName><Relation>Mẹ</Relation></HouseholdMember>"
                + "</Citizen></LookupCitizenResponse>", xml);
        assertThat(d.hasDifferences()).as(d.toString()).isFalse();
    }

    @Test
    void usableFromManyThreads() throws Exception {
        String original = text("birth-record-one-parent.xml");
        String expected = roundTrip(original, birthRecord);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = IntStream.range(0, 200)
                    .mapToObj(i -> pool.submit(() -> roundTrip(original, birthRecord))).toList();
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Sets (or removes, for REMOVE) the value at a JSON pointer. */
    private static void set(JsonNode root, String pointer, String value) {
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode parent = root.at(p.head());
        String last = p.last().getMatchingProperty();
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), json(value));
        } else if (value.equals(REMOVE)) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).set(last, json(value));
        }
    }
}
