package vn.gov.ndxp.adapters.mapping;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Random and mutated input to the JSON <-> XML mapper, on the adapters' own mappings (their WSDLs) and
 * the schema-features test mapping: the answer is a result or a MappingException, never another
 * exception; what toXml writes is well-formed XML that toJson reads back; no entity is ever expanded.
 */
class MappingProperties {

    private static final XmlJsonMapper MAPPER = new XmlJsonMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final Mapping BIRTH_RECORD = adapter("civil-status", "birth-record");
    private static final Mapping SEARCH = adapter("civil-status", "search-birth-records");
    private static final Mapping SEARCH_RESULT = adapter("civil-status", "search-birth-records-result");
    private static final Mapping GET = adapter("civil-status", "get-birth-record");
    private static final Mapping LOOKUP = adapter("one-stop-office", "lookup-citizen");
    private static final Mapping CITIZEN = adapter("one-stop-office", "lookup-citizen-response");
    private static final Mapping INVOICE = Fixtures.mapping("invoice");
    private static final List<Mapping> MAPPINGS = List.of(BIRTH_RECORD, SEARCH, SEARCH_RESULT, GET, LOOKUP, CITIZEN, INVOICE);

    /** Every JSON name the mappings know, so random trees reach beyond the first level. */
    private static final List<String> NAMES = names();

    private static final String VIET = "ĐđĂăÂâÊêÔôƠơƯưÀàẢảÃãÁáẠạẰằẲẳẴẵẮắẶặẦầẨẩẪẫẤấẬậÈèẺẻẼẽÉéẸẹỀềỂểỄễẾếỆệ"
            + "ÌìỈỉĨĩÍíỊịÒòỎỏÕõÓóỌọỒồỔổỖỗỐốỘộỜờỞởỠỡỚớỢợÙùỦủŨũÚúỤụỪừỬửỮữỨứỰựỲỳỶỷỸỹÝýỴỵ";

    private static XxeTrap trap;

    @BeforeContainer
    static void startTrap() throws IOException {
        trap = XxeTrap.inTempDir("mapping-props");
    }

    @AfterContainer
    static void stopTrap() {
        trap.close();
    }

    private static Mapping adapter(String adapter, String name) {
        return Mapping.load(Path.of("adapters", adapter, "mappings", name + ".mapping.yaml"));
    }

    private static List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (Mapping m : MAPPINGS) {
            collectNames(MAPPER.jsonSchema(m), names);
        }
        return List.copyOf(names);
    }

    private static void collectNames(JsonNode schema, TreeSet<String> names) {
        if (schema.isMissingNode()) {
            return;
        }
        JsonNode props = schema.path("properties");
        props.fieldNames().forEachRemaining(names::add);
        props.forEach(p -> collectNames(p, names));
        collectNames(schema.path("items"), names);
    }

    // ================================================================ JSON -> XML

    @Property(tries = 400)
    void arbitraryJsonIsMappedOrRefused(@ForAll("mappings") Mapping m, @ForAll("jsonValues") JsonNode json,
            @ForAll boolean strict) {
        toXmlOrRefused(json, m, strict);
    }

    @Property(tries = 600)
    void mutatedValidJsonIsMappedOrRefused(@ForAll("validJson") Tuple.Tuple2<Mapping, JsonNode> valid,
            @ForAll("mutations") List<Mutation> mutations, @ForAll boolean strict) {
        JsonNode json = valid.get2().deepCopy();
        for (Mutation mu : mutations) {
            json = mu.apply(json);
        }
        toXmlOrRefused(json, valid.get1(), strict);
    }

    /** Every field of a valid document in turn gets a value of the wrong type, range or form. */
    @Property(tries = 600)
    void anyFieldWithAWrongValueIsMappedOrRefused(@ForAll("validJson") Tuple.Tuple2<Mapping, JsonNode> valid,
            @ForAll @IntRange(min = 0, max = 1000) int field, @ForAll("wrongValues") JsonNode value, @ForAll boolean strict) {
        JsonNode json = valid.get2().deepCopy();
        List<Runnable> setters = new ArrayList<>();
        leaves(json, value, setters);
        setters.get(field % setters.size()).run();
        toXmlOrRefused(json, valid.get1(), strict);
    }

    /** For every scalar in the tree: an action replacing it with v. */
    private static void leaves(JsonNode n, JsonNode v, List<Runnable> out) {
        if (n instanceof ObjectNode o) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (o.get(k).isContainerNode()) {
                    leaves(o.get(k), v, out);
                } else {
                    out.add(() -> o.set(k, v));
                }
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                int at = i;
                if (a.get(i).isContainerNode()) {
                    leaves(a.get(i), v, out);
                } else {
                    out.add(() -> a.set(at, v));
                }
            }
        }
    }

    @Provide
    Arbitrary<JsonNode> wrongValues() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, numbers()),
                Tuple.of(2, invalidTemporals().map(s -> (JsonNode) TextNode.valueOf(s))),
                Tuple.of(3, strings().map(s -> (JsonNode) TextNode.valueOf(s))),
                Tuple.of(1, Arbitraries.of((JsonNode) BooleanNode.TRUE, NullNode.getInstance(), F.arrayNode(),
                        F.objectNode(), F.arrayNode().add(1).add("x"))));
    }

    /** toXml gives a MappingException or XML that serializes, parses again and maps back to JSON. */
    private static void toXmlOrRefused(JsonNode json, Mapping m, boolean strict) {
        Element xml;
        try {
            xml = MAPPER.toXml(json, m, strict, null);
        } catch (MappingException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            Statistics.collect("refused");
            return;
        }
        String text = SecureXml.toString(xml.getOwnerDocument());
        Element again = SecureXml.parse(text).getDocumentElement(); // MappingException here = malformed output
        MAPPER.toJson(again, m);
        Statistics.collect("mapped");
    }

    // ================================================================ XML -> JSON

    /** The text of every element of a valid legacy answer in turn is replaced by a wrong or extreme lexical form. */
    @Property(tries = 600)
    void anyLegacyValueOfAWrongFormIsMappedOrRefused(@ForAll("validXml") Tuple.Tuple2<Mapping, String> valid,
            @ForAll @IntRange(min = 0, max = 1000) int element, @ForAll("wrongLexicals") String text) {
        Element root = SecureXml.parse(valid.get2()).getDocumentElement();
        List<Node> texts = new ArrayList<>();
        textNodes(root, texts);
        texts.get(element % texts.size()).setTextContent(text);
        try {
            MAPPER.toJson(root, valid.get1());
            Statistics.collect("mapped");
        } catch (MappingException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            Statistics.collect("refused");
        }
    }

    /** Text nodes holding a value (not the indentation between elements), and attribute values. */
    private static void textNodes(Node n, List<Node> out) {
        if (n.getAttributes() != null) {
            for (int i = 0; i < n.getAttributes().getLength(); i++) {
                Node a = n.getAttributes().item(i);
                if (!"http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
                    out.add(a);
                }
            }
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE && !c.getNodeValue().isBlank()) {
                out.add(c);
            }
            textNodes(c, out);
        }
    }

    @Provide
    Arbitrary<String> wrongLexicals() {
        return Arbitraries.oneOf(
                Arbitraries.of("1E999999999", "-1E-999999999", "1E+2147483647", "1e-2147483648", "9".repeat(3000),
                        "0." + "0".repeat(1500) + "1", "INF", "-INF", "NaN", "0x10", " 12 ", "1,5", "", " ", "１２", "1e5",
                        "+1", "-0", ".5", "5.", "1_000", "true ", "TRUE", "yes", "2", "2147483648", "-9223372036854775809",
                        "18446744073709551616", "2024-02-30", "\u0660\u0661"),
                invalidTemporals(), strings(), numbers().map(JsonNode::asText));
    }

    @Property(tries = 500)
    void mutatedLegacyXmlIsMappedOrRefused(@ForAll("validXml") Tuple.Tuple2<Mapping, String> valid,
            @ForAll("xmlMutations") List<XmlMutation> mutations) {
        byte[] xml = valid.get2().getBytes(UTF_8);
        for (XmlMutation mu : mutations) {
            xml = mu.apply(xml);
        }
        String out;
        try {
            Document doc = SecureXml.parse(new ByteArrayInputStream(xml));
            try {
                out = MAPPER.toJson(doc.getDocumentElement(), valid.get1()).toString();
                Statistics.collect("mapped");
            } catch (MappingException refused) {
                Statistics.collect("refused by the mapper");
                out = refused.toString();
            }
        } catch (MappingException refused) {
            Statistics.collect("refused by the parser");
            out = refused.toString();
        }
        assertThat(out).doesNotContain(trap.marker());
        assertThat(trap.hits()).hasValue(0);
    }

    // ================================================================ round trip

    /** JSON -> XML (as text) -> JSON is the identity: arrays stay arrays (0, 1, n items), every decimal digit kept. */
    @Property(tries = 300)
    void validBirthRecordsSurviveTheRoundTrip(@ForAll("birthRecords") ObjectNode record) {
        assertThat(roundTrip(record, BIRTH_RECORD)).isEqualTo(record);
    }

    @Property(tries = 100)
    void validSearchResultsSurviveTheRoundTrip(@ForAll("searchResults") ObjectNode result) {
        assertThat(roundTrip(result, SEARCH_RESULT)).isEqualTo(result);
    }

    private static JsonNode roundTrip(JsonNode json, Mapping m) {
        String xml = SecureXml.toString(MAPPER.toXml(json, m, true, null).getOwnerDocument());
        return MAPPER.toJson(SecureXml.parse(xml).getDocumentElement(), m);
    }

    // ================================================================ what the properties found (fixed)

    @Example
    void numbersTooLongToWriteOutAreRefusedNotExpanded() {
        List<JsonNode> numbers = List.of(DecimalNode.valueOf(new BigDecimal("1E+999999999")),
                DecimalNode.valueOf(new BigDecimal("1E-999999999")), BigIntegerNode.valueOf(BigInteger.TEN.pow(1000)),
                DoubleNode.valueOf(Double.NaN), DoubleNode.valueOf(Double.POSITIVE_INFINITY));
        for (String field : List.of("birthOrder", "birthWeightKg")) { // xs:int, xs:decimal
            for (JsonNode n : numbers) {
                ObjectNode json = (ObjectNode) Fixtures.json(Fixtures.text("birth-record-two-parents.json"));
                json.set(field, n);
                MappingException e = catchThrowableOfType(MappingException.class,
                        () -> MAPPER.toXml(json, BIRTH_RECORD, true, null));
                assertThat(e).as(field + " = " + n).isNotNull();
                assertThat(e.field()).isEqualTo(field);
            }
        }
        ObjectNode longest = (ObjectNode) Fixtures.json(Fixtures.text("birth-record-two-parents.json"));
        longest.set("birthWeightKg", DecimalNode.valueOf(new BigDecimal("9".repeat(1000) + "." + "9".repeat(1000))));
        assertThat(roundTrip(longest, BIRTH_RECORD)).isEqualTo(longest);
    }

    @Example
    void legacyNumbersTooLongToExpandAreRefused() {
        String xml = Fixtures.text("birth-record-one-parent.xml");
        for (String[] change : new String[][] {{"<BirthWeightKg>3.25<", "<BirthWeightKg>1E999999999<", "birthWeightKg"},
                {"<BirthWeightKg>3.25<", "<BirthWeightKg>1E-999999999<", "birthWeightKg"},
                {"<BirthOrder>1<", "<BirthOrder>" + "9".repeat(3000) + "<", "birthOrder"}}) {
            assertThat(xml).contains(change[0]);
            MappingException e = catchThrowableOfType(MappingException.class,
                    () -> MAPPER.toJson(Fixtures.xml(xml.replace(change[0], change[1])), BIRTH_RECORD));
            assertThat(e).as(change[1]).isNotNull();
            assertThat(e.field()).isEqualTo(change[2]);
        }
    }

    @Example
    void charactersXmlCannotCarryAreRefused() {
        for (String bad : List.of("\u0000", "a\u001Fb", "\uFFFE", "\uD800", "x\uDC00y", "\uDE00\uD83D")) {
            ObjectNode json = (ObjectNode) Fixtures.json(Fixtures.text("birth-record-two-parents.json"));
            json.put("fullName", bad);
            MappingException e = catchThrowableOfType(MappingException.class,
                    () -> MAPPER.toXml(json, BIRTH_RECORD, true, null));
            assertThat(e).as(bad.codePoints().mapToObj(Integer::toHexString).toList().toString()).isNotNull();
            assertThat(e.field()).isEqualTo("fullName");
            assertThat(e.getMessage()).contains("U+");
        }
        ObjectNode fine = (ObjectNode) Fixtures.json(Fixtures.text("birth-record-two-parents.json"));
        fine.put("fullName", "Nguyễn\tVăn\nAn \uD83D\uDE00");
        assertThat(roundTrip(fine, BIRTH_RECORD)).isEqualTo(fine);
    }

    // ================================================================ generators: values

    @Provide
    Arbitrary<Mapping> mappings() {
        return Arbitraries.of(MAPPINGS);
    }

    /** Strings a caller could send: Vietnamese, control characters, lone and paired surrogates, long. */
    static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(VIET + " abcAZ09-_.,").ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars("\uFFFE\uFFFF\uD800\uDC00\u007f")
                        .ofMinLength(1).ofMaxLength(4),
                Arbitraries.of("", " ", "MALE", "FEMALE", "FATHER", "MOTHER", "VND", "vi", "034210009876", "2010-11-02",
                        "2011-01-15T14:00:00Z", "08:30:00", "true", "12", "1.5", "\uD83D\uDE00", "\uD800", "a\u0000b",
                        "]]>", "<x/>", "&amp;", "'\"", "x".repeat(5000)),
                Arbitraries.of(NAMES));
    }

    /** Numbers including those beyond every range, and the ones that would be expensive to expand. */
    static Arbitrary<JsonNode> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(i -> (JsonNode) IntNode.valueOf(i)),
                Arbitraries.longs().map(l -> (JsonNode) LongNode.valueOf(l)),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40))
                        .map(b -> (JsonNode) BigIntegerNode.valueOf(b)),
                Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(-30, 30))
                        .as((u, s) -> (JsonNode) DecimalNode.valueOf(BigDecimal.valueOf(u, s))),
                Arbitraries.doubles().map(d -> (JsonNode) DoubleNode.valueOf(d)),
                Arbitraries.of(
                        DecimalNode.valueOf(new BigDecimal("1E+999999999")),
                        DecimalNode.valueOf(new BigDecimal("1E-999999999")),
                        DecimalNode.valueOf(new BigDecimal("-1E+2147483647")),
                        DecimalNode.valueOf(new BigDecimal("5.000")),
                        DecimalNode.valueOf(new BigDecimal("0E-10")),
                        BigIntegerNode.valueOf(BigInteger.TWO.pow(64)),
                        BigIntegerNode.valueOf(BigInteger.TEN.pow(2000)),
                        DoubleNode.valueOf(Double.NaN),
                        DoubleNode.valueOf(Double.POSITIVE_INFINITY),
                        DoubleNode.valueOf(-0.0),
                        IntNode.valueOf(0), IntNode.valueOf(-1), IntNode.valueOf(101), IntNode.valueOf(256)));
    }

    static Arbitrary<JsonNode> scalars() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, strings().map(s -> (JsonNode) TextNode.valueOf(s))),
                Tuple.of(3, numbers()),
                Tuple.of(1, Arbitraries.of((JsonNode) BooleanNode.TRUE, BooleanNode.FALSE)),
                Tuple.of(1, Arbitraries.just((JsonNode) NullNode.getInstance())));
    }

    @Provide
    Arbitrary<JsonNode> jsonValues() {
        return Arbitraries.oneOf(json(4), json(2).flatMap(MappingProperties::deeplyNested));
    }

    private static Arbitrary<JsonNode> json(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<JsonNode> inner = Arbitraries.lazy(() -> json(depth - 1));
        Arbitrary<JsonNode> objects = Arbitraries.maps(Arbitraries.oneOf(Arbitraries.of(NAMES), strings()), inner)
                .ofMaxSize(8).map(fields -> {
                    ObjectNode o = F.objectNode();
                    fields.forEach(o::set);
                    return o;
                });
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(5).map(items -> F.arrayNode().addAll(items));
        return Arbitraries.frequencyOf(Tuple.of(2, scalars()), Tuple.of(3, objects), Tuple.of(1, arrays));
    }

    /** A value under hundreds of arrays or objects (no recursion in the schemas, so no depth limit needed). */
    private static Arbitrary<JsonNode> deeplyNested(JsonNode leaf) {
        return Combinators.combine(Arbitraries.integers().between(50, 500), Arbitraries.of(NAMES))
                .as((depth, name) -> {
                    JsonNode v = leaf;
                    for (int i = 0; i < depth; i++) {
                        v = i % 2 == 0 ? F.arrayNode().add(v) : F.objectNode().set(name, v);
                    }
                    return v;
                });
    }

    // ================================================================ generators: valid documents

    @Provide
    Arbitrary<Tuple.Tuple2<Mapping, JsonNode>> validJson() {
        return Arbitraries.oneOf(
                birthRecords().map(r -> Tuple.of(BIRTH_RECORD, (JsonNode) r)),
                searchResults().map(r -> Tuple.of(SEARCH_RESULT, (JsonNode) r)),
                Arbitraries.just(Tuple.of(INVOICE, MAPPER.toJson(Fixtures.xmlFile("invoice.xml"), INVOICE))),
                Arbitraries.just(Tuple.of(SEARCH, Fixtures.json(
                        "{\"fullName\":\"Nguyễn Văn An\",\"dateOfBirth\":\"2003-05-14\",\"maxResults\":10}"))),
                Arbitraries.just(Tuple.of(GET, Fixtures.json("{\"citizenId\":\"001090012345\"}"))),
                Arbitraries.just(Tuple.of(CITIZEN, citizen())));
    }

    private static JsonNode citizen() {
        return Fixtures.json("{\"citizenId\":\"001099012345\",\"fullName\":\"Hoàng Văn Minh\",\"dateOfBirth\":\"1999-09-09\","
                + "\"gender\":\"Nam\",\"ethnicity\":\"Kinh\",\"permanentAddress\":\"Hà Nội\",\"alive\":true,"
                + "\"householdMembers\":[{\"fullName\":\"Hoàng Thị Lan\",\"relation\":\"Mẹ\",\"dateOfBirth\":\"1970-01-01\"}],"
                + "\"source\":\"CSDLQGDC\"}");
    }

    /** Text that XML can carry: no control characters but tab, LF and CR (the serializer writes CR as &#13;, so it survives). */
    static Arbitrary<String> xmlText(int max) {
        return Arbitraries.strings().withChars(VIET + " \t\n\r&<>\"'abcxyzABC0123456789.,;:-/()").ofMaxLength(max);
    }

    private static Arbitrary<String> dates() {
        return Arbitraries.integers().between(0, 200 * 366)
                .map(d -> LocalDate.of(1900, 1, 1).plusDays(d).toString());
    }

    private static Arbitrary<String> dateTimes() {
        return Combinators.combine(dates(), Arbitraries.integers().between(0, 86399),
                Arbitraries.of("Z", "+07:00", "-05:30", "", ".123Z")).as((d, s, z) ->
                String.format("%sT%02d:%02d:%02d%s", d, s / 3600, s / 60 % 60, s % 60, z));
    }

    private static Arbitrary<String> citizenIds() {
        return Arbitraries.strings().numeric().ofLength(12);
    }

    private static Arbitrary<BigDecimal> decimals() {
        return Combinators.combine(Arbitraries.longs().between(-10_000_000_000L, 10_000_000_000L),
                Arbitraries.integers().between(0, 6)).as(BigDecimal::valueOf); // 3.40 keeps its 0
    }

    private static Arbitrary<ObjectNode> parents() {
        return Combinators.combine(Arbitraries.of("FATHER", "MOTHER", "GUARDIAN"), xmlText(30),
                citizenIds().injectNull(0.5), dates().injectNull(0.5), xmlText(15)).as((rel, name, id, dob, nat) -> {
                    ObjectNode p = F.objectNode();
                    p.put("relation", rel);
                    p.put("fullName", name);
                    if (id != null) {
                        p.put("citizenId", id);
                    }
                    if (dob != null) {
                        p.put("dateOfBirth", dob);
                    }
                    p.put("nationality", nat);
                    return p;
                });
    }

    @Provide
    Arbitrary<ObjectNode> birthRecords() {
        Arbitrary<ObjectNode> core = Combinators.combine(citizenIds(), xmlText(40), Arbitraries.of("MALE", "FEMALE"),
                dates(), xmlText(60), Arbitraries.integers(), Arbitraries.of(true, false), dateTimes())
                .as((id, name, gender, dob, place, order, late, at) -> {
                    ObjectNode r = F.objectNode();
                    r.put("citizenId", id);
                    r.put("fullName", name);
                    r.put("gender", gender);
                    r.put("dateOfBirth", dob);
                    r.put("placeOfBirth", place);
                    r.put("birthOrder", order);
                    r.put("lateRegistration", late);
                    r.put("registeredAt", at);
                    return r;
                });
        return Combinators.combine(core, decimals().injectNull(0.3), parents().list().ofMinSize(1).ofMaxSize(4),
                xmlText(80).injectNull(0.5), xmlText(60), Arbitraries.integers().injectNull(0.5))
                .as((r, weight, parents, remarks, office, version) -> {
                    if (weight != null) {
                        r.put("birthWeightKg", weight);
                    }
                    r.set("parents", F.arrayNode().addAll(parents));
                    if (remarks != null) {
                        r.put("remarks", remarks);
                    }
                    r.put("registryOffice", office);
                    if (version != null) {
                        r.put("recordVersion", version);
                    }
                    return r;
                });
    }

    @Provide
    Arbitrary<ObjectNode> searchResults() {
        return Combinators.combine(Arbitraries.integers().between(0, 1000), birthRecords().list().ofMaxSize(3))
                .as((total, records) -> {
                    ObjectNode r = F.objectNode();
                    r.set("records", F.arrayNode().addAll(records));
                    r.put("total", total);
                    return r;
                });
    }

    // ================================================================ JSON mutations

    enum Op { REMOVE, RENAME, ADD, DUPLICATE, REPLACE, NULLIFY, WRAP_IN_ARRAY, UNWRAP, EMPTY_CONTAINER }

    /** One change at one node of the tree: the node is the {@code at}-th container, in document order. */
    record Mutation(Op op, int at, int child, String name, JsonNode value) {

        JsonNode apply(JsonNode root) {
            List<ContainerNode<?>> containers = new ArrayList<>();
            collect(root, containers);
            if (containers.isEmpty()) {
                return op == Op.WRAP_IN_ARRAY ? F.arrayNode().add(root) : value;
            }
            ContainerNode<?> c = containers.get(Math.floorMod(at, containers.size()));
            if (c instanceof ObjectNode o) {
                List<String> keys = new ArrayList<>();
                o.fieldNames().forEachRemaining(keys::add);
                String key = keys.isEmpty() ? name : keys.get(Math.floorMod(child, keys.size()));
                JsonNode old = o.get(key);
                switch (op) {
                    case REMOVE -> o.remove(key);
                    case RENAME -> {
                        o.remove(key);
                        o.set(name, old == null ? value : old);
                    }
                    case ADD -> o.set(name, value);
                    case DUPLICATE -> o.set(name, old == null ? value : old.deepCopy());
                    case REPLACE -> o.set(key, value);
                    case NULLIFY -> o.putNull(key);
                    case WRAP_IN_ARRAY -> o.set(key, F.arrayNode().add(old == null ? value : old));
                    case UNWRAP -> o.set(key, old != null && old.isContainerNode() && old.size() > 0
                            ? old.elements().next() : value);
                    case EMPTY_CONTAINER -> o.removeAll();
                }
            } else {
                ArrayNode a = (ArrayNode) c;
                int i = a.isEmpty() ? 0 : Math.floorMod(child, a.size());
                switch (op) {
                    case REMOVE -> {
                        if (!a.isEmpty()) {
                            a.remove(i);
                        }
                    }
                    case ADD, RENAME -> a.insert(i, value);
                    case DUPLICATE -> {
                        if (!a.isEmpty()) {
                            a.insert(i, a.get(i).deepCopy());
                        }
                    }
                    case REPLACE -> a.insert(i, value);
                    case NULLIFY -> a.insertNull(i);
                    case WRAP_IN_ARRAY -> {
                        if (!a.isEmpty()) {
                            a.set(i, F.arrayNode().add(a.get(i)));
                        }
                    }
                    case UNWRAP -> {
                        if (!a.isEmpty() && a.get(i).isContainerNode() && a.get(i).size() > 0) {
                            a.set(i, a.get(i).elements().next());
                        }
                    }
                    case EMPTY_CONTAINER -> a.removeAll();
                }
            }
            return root;
        }

        private static void collect(JsonNode n, List<ContainerNode<?>> out) {
            if (n instanceof ContainerNode<?> c) {
                out.add(c);
                for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                    collect(it.next(), out);
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<JsonNode> values = Arbitraries.frequencyOf(
                Tuple.of(3, scalars()),
                Tuple.of(2, invalidTemporals().map(s -> (JsonNode) TextNode.valueOf(s))),
                Tuple.of(1, json(2)));
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.of(Op.class), Arbitraries.integers().between(0, 50),
                Arbitraries.integers().between(0, 20), Arbitraries.oneOf(Arbitraries.of(NAMES), strings()), values)
                .as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(5);
    }

    static Arbitrary<String> invalidTemporals() {
        return Arbitraries.of("2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "0000-01-01", "-0001-01-01",
                "99999-12-31", "2024-1-1", "2024-01-01Z+", "2024-01-31T24:00:01Z", "2024-01-31T08:30:00+14:01",
                "2024-01-31T08:30:00+99:99", "2024-01-31T08:60:00", "2024-01-31 08:30:00", "25:00:00",
                "9".repeat(400) + "-01-01", "2024-01-31T08:30:00." + "9".repeat(500), "２０２４-01-01", "2024-01-01\u0000");
    }

    // ================================================================ legacy XML and its mutations

    @Provide
    Arbitrary<Tuple.Tuple2<Mapping, String>> validXml() {
        String citizen = SecureXml.toString(MAPPER.toXml(citizen(), CITIZEN, true, null).getOwnerDocument());
        return Arbitraries.oneOf(
                Arbitraries.of(Fixtures.text("birth-record-two-parents.xml"), Fixtures.text("birth-record-one-parent.xml"))
                        .map(x -> Tuple.of(BIRTH_RECORD, x)),
                searchResults().map(r -> Tuple.of(SEARCH_RESULT,
                        SecureXml.toString(MAPPER.toXml(r, SEARCH_RESULT, true, null).getOwnerDocument()))),
                Arbitraries.just(Tuple.of(INVOICE, Fixtures.text("invoice.xml"))),
                Arbitraries.just(Tuple.of(CITIZEN, citizen)),
                Arbitraries.just(Tuple.of(LOOKUP, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<LookupCitizen xmlns=\"http://motcua.gov.vn/ws/citizen/v1\"><CitizenID>001099012345</CitizenID>"
                        + "</LookupCitizen>")));
    }

    /** A change to the bytes of an XML document. */
    record XmlMutation(int kind, int at, int length, String text) {

        byte[] apply(byte[] xml) {
            String s = new String(xml, UTF_8);
            int p = Math.floorMod(at, xml.length + 1);
            return switch (kind) {
                case 0 -> { // flip one byte
                    byte[] b = xml.clone();
                    if (b.length > 0) {
                        b[Math.floorMod(at, b.length)] ^= (byte) (1 << Math.floorMod(length, 8));
                    }
                    yield b;
                }
                case 1 -> Arrays.copyOf(xml, p); // truncate
                case 2 -> insert(xml, p, text.getBytes(UTF_8)); // anywhere, even inside a tag or a character
                case 3 -> { // before the root element (where a DOCTYPE goes)
                    int root = s.indexOf('<', s.startsWith("<?xml") ? s.indexOf("?>") : 0);
                    yield (s.substring(0, Math.max(root, 0)) + text + s.substring(Math.max(root, 0))).getBytes(UTF_8);
                }
                case 4 -> { // replace the text of the n-th element holding text
                    List<int[]> texts = new ArrayList<>();
                    for (int i = s.indexOf('>'); i >= 0 && i + 1 < s.length(); i = s.indexOf('>', i + 1)) {
                        int end = s.indexOf('<', i + 1);
                        if (end > i + 1 && !s.substring(i + 1, end).isBlank()) {
                            texts.add(new int[] {i + 1, end});
                        }
                    }
                    if (texts.isEmpty()) {
                        yield xml;
                    }
                    int[] t = texts.get(Math.floorMod(at, texts.size()));
                    yield (s.substring(0, t[0]) + text + s.substring(t[1])).getBytes(UTF_8);
                }
                case 5 -> { // change every namespace (or only its declaration)
                    yield s.replace(length % 2 == 0 ? "http://" : "xmlns", length % 2 == 0 ? "urn:other:" : "xmlns:x")
                            .getBytes(UTF_8);
                }
                case 6 -> { // after a start tag: an element, an attribute or text where the schema has none
                    int tag = s.indexOf('>', p);
                    yield tag < 0 ? xml : (s.substring(0, tag + 1) + text + s.substring(tag + 1)).getBytes(UTF_8);
                }
                default -> { // delete a range
                    int end = Math.min(xml.length, p + Math.floorMod(length, 40));
                    byte[] b = new byte[xml.length - (end - p)];
                    System.arraycopy(xml, 0, b, 0, p);
                    System.arraycopy(xml, end, b, p, xml.length - end);
                    yield b;
                }
            };
        }

        private static byte[] insert(byte[] xml, int p, byte[] what) {
            byte[] b = new byte[xml.length + what.length];
            System.arraycopy(xml, 0, b, 0, p);
            System.arraycopy(what, 0, b, p, what.length);
            System.arraycopy(xml, p, b, p + what.length, xml.length - p);
            return b;
        }
    }

    @Provide
    Arbitrary<List<XmlMutation>> xmlMutations() {
        Arbitrary<String> snippets = Arbitraries.oneOf(
                Arbitraries.of(
                        "<!DOCTYPE r SYSTEM \"" + trap.url() + "\">",
                        "<!DOCTYPE r [<!ENTITY s SYSTEM \"" + trap.secret().toUri() + "\">]>",
                        "<!DOCTYPE r [<!ENTITY % p SYSTEM \"" + trap.url() + "\"> %p;]>",
                        "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
                        "&s;", "&b;", "&#0;", "&#x1F600;", "&#xD800;", "&amp;", "<", ">", "]]>", "<![CDATA[x<y]]>",
                        "<?pi data?>", "<!-- c -->", "<Unknown/>", "<cs:Unknown>1</cs:Unknown>",
                        "<x:Extra xmlns:x=\"urn:x\">1</x:Extra>", " foo=\"bar\"", " xsi:nil=\"true\"",
                        " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"",
                        " xmlns=\"urn:other\"", "\u0000", "\uFEFF", "abc", "1E999999999", "-1E-999999999", "INF", "NaN",
                        "9".repeat(3000), "0x10", "1,5", " 12 ", "true ", "yes", "2024-02-30", "<?xml version=\"1.0\"?>",
                        "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" + trap.secret().toUri() + "\"/>"),
                strings(), numbers().map(JsonNode::asText));
        // Mostly changes that keep the XML well-formed, so that the mapper, not only the parser, sees them.
        Arbitrary<Integer> kinds = Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(1, 1), Tuple.of(2, 2), Tuple.of(1, 3),
                Tuple.of(5, 4), Tuple.of(1, 5), Tuple.of(5, 6), Tuple.of(1, 7));
        // positions spread evenly over the document (jqwik's default favours small numbers and edge cases)
        Arbitrary<XmlMutation> one = Combinators.combine(kinds,
                Arbitraries.integers().between(0, 1_000_000).withDistribution(RandomDistribution.uniform()).withoutEdgeCases(),
                Arbitraries.integers().between(0, 100), snippets)
                .as(XmlMutation::new);
        return one.list().ofMinSize(1).ofMaxSize(3);
    }
}
