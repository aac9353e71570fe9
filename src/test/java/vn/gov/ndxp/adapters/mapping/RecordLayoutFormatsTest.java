package vn.gov.ndxp.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Declared legacy spellings of dates, date-times and booleans, and decimals kept with their scale. */
class RecordLayoutFormatsTest {

    private static final RecordLayout MEMBER = RecordLayout.load(Fixtures.DIR.resolve("legacy-member.record.yaml"));

    private static Map<String, Object> row() {
        Map<String, Object> r = new HashMap<>();
        r.put("ma_so", "M001");
        r.put("ngay_sinh", "15/03/1990");
        r.put("ngay_tham_gia", "20200105");
        r.put("thoi_diem_dk", "01/10/2026 08:30");
        r.put("cap_nhat", "01/10/2026 08:30");
        r.put("con_hieu_luc", "C");
        r.put("co_bao_hiem", "0");
        r.put("muc_luong", "12000000.00");
        r.put("ty_le", "152.40");
        return r;
    }

    @Test
    void legacySpellingsBecomeIsoAndJsonBooleans() {
        ObjectNode json = MEMBER.toJson(row());
        assertThat(json.get("birthDate").asText()).isEqualTo("1990-03-15");
        assertThat(json.get("joinedOn").asText()).isEqualTo("2020-01-05");
        assertThat(json.get("registeredAt").asText()).as("a declared zone gives its offset").isEqualTo("2026-10-01T08:30:00+07:00");
        assertThat(json.get("updatedAt").asText()).as("no zone: ISO local date-time").isEqualTo("2026-10-01T08:30:00");
        assertThat(json.get("active").isBoolean()).isTrue();
        assertThat(json.get("active").booleanValue()).isTrue();
        assertThat(json.get("insured").booleanValue()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("spellings")
    void booleanSpellingsAreMatchedInAnyCase(String legacy, boolean expected) {
        Map<String, Object> r = row();
        r.put("con_hieu_luc", legacy);
        assertThat(MEMBER.toJson(r).get("active").booleanValue()).isEqualTo(expected);
    }

    static Stream<Arguments> spellings() {
        return Stream.of(Arguments.of("C", true), Arguments.of("c", true), Arguments.of("Có", true), Arguments.of("CÓ", true),
                Arguments.of("Co\u0301", true), // the accent as a combining mark (NFD)
                Arguments.of(" K ", false), Arguments.of("k", false), Arguments.of("không", false));
    }

    @ParameterizedTest
    @MethodSource("mismatches")
    void aValueNotMatchingItsFormatNamesTheColumnAndTheFormat(String column, String value, String message) {
        Map<String, Object> r = row();
        r.put(column, value);
        assertThatThrownBy(() -> MEMBER.toJson(r)).isInstanceOf(MappingException.class).hasMessage(message)
                .satisfies(e -> assertThat(((MappingException) e).field()).isEqualTo(column));
    }

    static Stream<Arguments> mismatches() {
        return Stream.of(
                Arguments.of("ngay_sinh", "1990-03-15", "expected a date as dd/MM/yyyy, got '1990-03-15'"),
                Arguments.of("ngay_sinh", "31/02/1990", "expected a date as dd/MM/yyyy, got '31/02/1990'"), // strict: no 3 March
                Arguments.of("ngay_sinh", "5/3/1990", "expected a date as dd/MM/yyyy, got '5/3/1990'"),
                Arguments.of("ngay_tham_gia", "2020-01-05", "expected a date as yyyyMMdd, got '2020-01-05'"),
                Arguments.of("thoi_diem_dk", "01/10/2026", "expected a date-time as dd/MM/yyyy HH:mm, got '01/10/2026'"),
                Arguments.of("cap_nhat", "01/10/2026 24:30", "expected a date-time as dd/MM/yyyy HH:mm, got '01/10/2026 24:30'"),
                Arguments.of("con_hieu_luc", "Y", "expected a boolean: C, Có (true) or K, Không (false), in any case, got 'Y'"),
                Arguments.of("co_bao_hiem", "true", "expected a boolean: 1 (true) or 0 (false), in any case, got 'true'"),
                Arguments.of("muc_luong", "12.000.000", "expected decimal, got '12.000.000'"));
    }

    @Test
    void withoutDeclaredSpellingsTheErrorListsTheAcceptedOnes() {
        RecordLayout receipt = RecordLayout.load(Path.of("adapters/business-registry/mappings/inspection-receipt.record.yaml"));
        assertThat(receipt.toJson(Map.of("transaction_id", "t", "inserted", "Yes")).get("inserted").booleanValue()).isTrue();
        assertThatThrownBy(() -> receipt.toJson(Map.of("transaction_id", "t", "inserted", "C"))).isInstanceOf(MappingException.class)
                .hasMessage("expected a boolean: true, t, 1, yes, y (true) or false, f, 0, no, n (false), in any case, got 'C'");
        RecordLayout enterprise = RecordLayout.load(Path.of("adapters/business-registry/mappings/inspection.record.yaml"));
        assertThatThrownBy(() -> enterprise.toJson(Map.of("tax_code", "0101234567", "inspected_on", "20/11/2026",
                "authority", "a", "result", "PASSED"))).hasMessage("expected a date as yyyy-MM-dd, got '20/11/2026'");
    }

    @Test
    void decimalsKeepTheirScaleFromTextAndFromJdbc() throws Exception {
        ObjectNode fromText = MEMBER.toJson(row());
        Map<String, Object> typed = row();
        typed.put("muc_luong", new BigDecimal("12000000.00")); // as PostgreSQL's NUMERIC(18, 2) reads it
        typed.put("ty_le", new BigDecimal("152.40"));
        for (ObjectNode json : new ObjectNode[] {fromText, MEMBER.toJson(typed)}) {
            String wire = Fixtures.write(json);
            assertThat(wire).contains("\"salary\":12000000.00", "\"rate\":152.40");
            // read back as the delivery reads a record from Kafka (the runtime's JSON settings): still 152.40
            JsonNode again = Fixtures.json(wire);
            assertThat(again.get("salary").decimalValue().toPlainString()).isEqualTo("12000000.00");
            assertThat(Fixtures.write(again)).isEqualTo(wire);
        }
    }

    @Test
    void aClientsJsonGoesToTheLegacySideInItsSpelling() {
        Map<String, Object> params = MEMBER.fromJson(Fixtures.json("{\"memberId\":\"M001\",\"birthDate\":\"1990-03-15\","
                + "\"joinedOn\":\"2020-01-05\",\"registeredAt\":\"2026-10-01T01:30:00Z\",\"updatedAt\":\"2026-10-01T08:30:00\","
                + "\"active\":false,\"insured\":true,\"rate\":152.40}"), true);
        assertThat(params).containsEntry("ngay_sinh", "15/03/1990").containsEntry("ngay_tham_gia", "20200105")
                .containsEntry("thoi_diem_dk", "01/10/2026 08:30").containsEntry("cap_nhat", "01/10/2026 08:30")
                .containsEntry("con_hieu_luc", "K").containsEntry("co_bao_hiem", "1");
        assertThat(((BigDecimal) params.get("ty_le")).toPlainString()).isEqualTo("152.40");
        assertThatThrownBy(() -> MEMBER.fromJson(Fixtures.json("{\"memberId\":\"M001\",\"registeredAt\":\"2026-10-01T08:30:00\"}"), true))
                .hasMessage("expected an ISO date-time with offset (e.g. 2026-10-01T08:30:00+07:00)")
                .satisfies(e -> assertThat(((MappingException) e).field()).isEqualTo("registeredAt"));
        assertThatThrownBy(() -> MEMBER.fromJson(Fixtures.json("{\"memberId\":\"M001\",\"birthDate\":\"15/03/1990\"}"), true))
                .hasMessage("expected an ISO date (yyyy-MM-dd)");
        assertThatThrownBy(() -> MEMBER.fromJson(Fixtures.json("{\"memberId\":\"M001\",\"active\":\"C\"}"), true))
                .hasMessage("expected true or false");
    }

    @Test
    void theContractShowsIsoValues() {
        JsonNode props = MEMBER.jsonSchema().get("properties");
        assertThat(props.get("birthDate").get("format").asText()).isEqualTo("date");
        assertThat(props.get("registeredAt").get("format").asText()).isEqualTo("date-time");
        assertThat(props.get("updatedAt").has("format")).as("date-time has an offset; this one has none").isFalse();
        assertThat(props.get("updatedAt").get("pattern").asText()).startsWith("^\\d{4}-");
        assertThat(props.get("active").get("type").asText()).isEqualTo("boolean");
    }

    @ParameterizedTest
    @MethodSource("badFormats")
    void aBadFormatFailsTheLoadNamingFileAndField(String field, String message, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.record.yaml");
        Files.writeString(file, "fields:\n  - { name: id, type: string }\n  - " + field + "\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RecordLayout.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ": fields[1] (d)").hasMessageContaining(message);
    }

    static Stream<Arguments> badFormats() {
        return Stream.of(
                Arguments.of("{ name: d, type: date, format: \"dd/MM/bbbb\" }", ".format: invalid pattern 'dd/MM/bbbb'"),
                Arguments.of("{ name: d, type: date, format: \"dd/MM/yyyy'\" }", ".format: invalid pattern"),
                Arguments.of("{ name: d, type: date, format: \"MM/yyyy\" }", "does not give a whole date"),
                Arguments.of("{ name: d, type: date, format: \"dd/MM/yyyy HH:mm\" }", "no time letters: use type datetime"),
                Arguments.of("{ name: d, type: datetime, format: \"dd/MM/yyyy\" }", "does not give a whole date and time"),
                Arguments.of("{ name: d, type: datetime, format: \"dd/MM/yyyy hh:mm\" }", "does not give a whole date and time"),
                Arguments.of("{ name: d, type: datetime, format: \"dd/MM/yyyy HH:mm XXX\" }", "no zone letters: declare zone"),
                Arguments.of("{ name: d, type: datetime, format: \"dd/MM/yyyy HH:mm\", zone: Mars/Olympus }", ".zone: unknown zone 'Mars/Olympus'"),
                Arguments.of("{ name: d, type: datetime, zone: Asia/Ho_Chi_Minh }", ".zone: needs format"),
                Arguments.of("{ name: d, type: date, format: \"\" }", ".format: a java.time pattern"),
                Arguments.of("{ name: d, type: date, zone: Asia/Ho_Chi_Minh }", ".zone: only for datetime fields"),
                Arguments.of("{ name: d, type: string, format: dd/MM/yyyy }", ".format: only for date and datetime fields"),
                Arguments.of("{ name: d, type: boolean, format: C/K }", "a boolean declares trueValues and falseValues"),
                Arguments.of("{ name: d, type: integer, trueValues: [1] }", "only for boolean fields"),
                Arguments.of("{ name: d, type: boolean, trueValues: [C] }", "falseValues: a list of spellings"),
                Arguments.of("{ name: d, type: boolean, trueValues: [C, c], falseValues: [K] }", "'c' is spelled twice"),
                Arguments.of("{ name: d, type: boolean, trueValues: [C], falseValues: [\"\"] }", "cannot be blank"),
                Arguments.of("{ name: d, type: boolean, trueValues: [yes], falseValues: [no] }", "quote spellings YAML reads as booleans"));
    }
}
