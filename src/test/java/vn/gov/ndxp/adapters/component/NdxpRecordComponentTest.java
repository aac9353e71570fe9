package vn.gov.ndxp.adapters.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.testing.RuntimeDatabases;

/** ndxp-record: both verbs with their options and defaults, and each wrong URI refused at startup naming route and URI. */
class NdxpRecordComponentTest {

    private static final String TAX_CODE = "0101234567";

    private final Steps steps = new Steps();

    NdxpRecordComponentTest() throws Exception {
    }

    @AfterEach
    void close() {
        steps.close();
    }

    @Test
    void recordToJsonGivesAnArrayByDefault() throws Exception {
        NdxpRecordEndpoint e = steps.start("ndxp-record:record-to-json/business-registry/tax-code", NdxpRecordEndpoint.class);
        assertThat(e.getVerb()).isEqualTo("record-to-json");
        assertThat(e.getAdapter()).isEqualTo("business-registry");
        assertThat(e.getLayout()).isEqualTo("tax-code");
        assertThat(e.isSingle()).isFalse();

        assertThat(steps.template().requestBody("direct:in", List.of(Map.of("tax_code", TAX_CODE)), String.class))
                .isEqualTo("[{\"taxCode\":\"" + TAX_CODE + "\"}]");
        assertThat(steps.template().requestBody("direct:in", List.of(), String.class)).isEqualTo("[]");
    }

    @Test
    void recordToJsonSingleGivesOneObjectOrNotFound() throws Exception {
        NdxpRecordEndpoint e = steps.start("ndxp-record:record-to-json/business-registry/tax-code?single=true", NdxpRecordEndpoint.class);
        assertThat(e.isSingle()).isTrue();

        assertThat(steps.template().requestBody("direct:in", List.of(Map.of("tax_code", TAX_CODE)), String.class))
                .isEqualTo("{\"taxCode\":\"" + TAX_CODE + "\"}");
        assertThatThrownBy(() -> steps.template().requestBody("direct:in", List.of())).cause().isInstanceOf(NdxpException.class)
                .satisfies(x -> assertThat(((NdxpException) x).status()).isEqualTo(404));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBatchIsOneRecordPerRowEachByTheLayoutItsColumnChoosesAndABadRowIsDeadLetteredAlone() throws Exception {
        try (RuntimeDatabases databases = RuntimeDatabases.start()) {
            JdbcTemplate letters = new JdbcTemplate(databases.fresh("letters"));
            try (Steps withLetters = new Steps(letters.getDataSource())) {
                NdxpRecordEndpoint e = withLetters.start("ndxp-record:record-to-json/business-registry/tax-code?batch=true"
                        + "&layoutColumn=operation&layouts=D:enterprise-deleted", NdxpRecordEndpoint.class);
                assertThat(e.isBatch()).isTrue();
                Map<String, Object> bad = new HashMap<>(Map.of("change_id", 8, "operation", "D"));
                Exchange batch = withLetters.template().send("direct:in", x -> x.getMessage().setBody(List.of(
                        Map.of("tax_code", TAX_CODE, "operation", "U"), bad,
                        Map.of("change_key", "0301234567", "change_id", 9, "operation", "D"))));
                assertThat(batch.getException()).isNull();
                List<Message> records = batch.getMessage().getBody(List.class);
                assertThat(records).extracting(m -> m.getBody(String.class)).containsExactly(
                        "{\"taxCode\":\"" + TAX_CODE + "\"}", "{\"taxCode\":\"0301234567\",\"changeId\":9,\"operation\":\"D\"}");
                assertThat(records).extracting(Message::getExchange).doesNotHaveDuplicates().doesNotContain(batch);
                // no step called recordBatch.setAside: the bad row is stored as the exchange completes
            }
            assertThat(letters.queryForList("SELECT route_id, reason, payload FROM ndxp_dead_letter")).singleElement().satisfies(l -> {
                assertThat(l.get("route_id")).isEqualTo(Steps.ROUTE);
                assertThat(l.get("reason").toString()).startsWith("adapter.mapping").contains("change_key");
                assertThat(new String((byte[]) l.get("payload"), StandardCharsets.UTF_8)).contains("\"change_id\":8");
            });
        }
    }

    @Test
    void batchAndSingleExcludeEachOther() throws Exception {
        steps.assertRefused("ndxp-record:record-to-json/business-registry/tax-code?batch=true&single=true",
                "batch and single exclude each other");
    }

    @Test
    void layoutColumnAndLayoutsGoTogetherAndNameKnownLayouts() throws Exception {
        steps.assertRefused("ndxp-record:record-to-json/business-registry/tax-code?layoutColumn=operation",
                "layoutColumn and layouts go together");
    }

    @Test
    void layoutsNameKnownLayouts() throws Exception {
        steps.assertRefused("ndxp-record:record-to-json/business-registry/tax-code?layoutColumn=operation&layouts=D:parcel",
                "no record layout parcel.record.yaml");
    }

    @Test
    void layoutsArePairs() throws Exception {
        steps.assertRefused("ndxp-record:record-to-json/business-registry/tax-code?layoutColumn=operation&layouts=D",
                "layouts=D (value:layout pairs, comma-separated)");
    }

    @Test
    void jsonToRecordDefaultsToTheBodyAndStrict() throws Exception {
        NdxpRecordEndpoint e = steps.start("ndxp-record:json-to-record/business-registry/tax-code", NdxpRecordEndpoint.class);
        assertThat(e.getSource()).isEqualTo("body");
        assertThat(e.isStrict()).isTrue();

        Map<String, Object> params = record(steps.template().requestBody("direct:in", "{\"taxCode\":\"" + TAX_CODE + "\"}"));
        assertThat(params).containsEntry("taxCode", TAX_CODE).containsKeys("requestHash", "transactionId");
        assertThatThrownBy(() -> steps.template().requestBody("direct:in", "{\"taxCode\":\"" + TAX_CODE + "\",\"other\":1}"))
                .cause().isInstanceOf(NdxpException.class).hasMessageContaining("other");
    }

    @Test
    void jsonToRecordFromHeadersNotStrict() throws Exception {
        NdxpRecordEndpoint e = steps.start("ndxp-record:json-to-record/business-registry/tax-code?source=headers&strict=false",
                NdxpRecordEndpoint.class);
        assertThat(e.getSource()).isEqualTo("headers");
        assertThat(e.isStrict()).isFalse();

        Map<String, Object> params = record(steps.template().requestBodyAndHeaders("direct:in", null, Map.of("taxCode", TAX_CODE)));
        assertThat(params).containsEntry("taxCode", TAX_CODE);
    }

    @Test
    void unknownVerb() throws Exception {
        steps.assertRefused("ndxp-record:row-to-json/business-registry/tax-code",
                "unknown verb 'row-to-json' (record-to-json, json-to-record)");
    }

    @Test
    void unknownOption() throws Exception {
        steps.assertRefused("ndxp-record:record-to-json/business-registry/tax-code?singel=true",
                "There are 1 parameters that couldn't be set on the endpoint", "singel=true");
    }

    @Test
    void singleIsRecordToJsonOnly() throws Exception {
        steps.assertRefused("ndxp-record:json-to-record/business-registry/tax-code?single=true",
                "option(s) [single] do not apply to json-to-record (it takes [source, strict])");
    }

    @Test
    void singleIsMisplacedWhateverItsCase() throws Exception {
        steps.assertRefused("ndxp-record:json-to-record/business-registry/tax-code?Single=true",
                "option(s) [Single] do not apply to json-to-record");
    }

    @Test
    void sourceAndStrictAreJsonToRecordOnly() throws Exception {
        steps.assertRefused("ndxp-record:record-to-json/business-registry/tax-code?source=headers&strict=false",
                "option(s) [source, strict] do not apply to record-to-json (it takes [batch, layoutColumn, layouts, single])");
    }

    @Test
    void sourceIsBodyOrHeaders() throws Exception {
        steps.assertRefused("ndxp-record:json-to-record/business-registry/tax-code?source=client", "source=client (body or headers)");
    }

    @Test
    void missingPathPart() throws Exception {
        steps.assertRefused("ndxp-record:record-to-json/business-registry",
                "expected ndxp-record:record-to-json|json-to-record/<adapter>/<record layout>");
    }

    @Test
    void unknownAdapter() throws Exception {
        steps.assertRefused("ndxp-record:record-to-json/land-registry/parcel", "no adapter 'land-registry'");
    }

    @Test
    void unknownLayout() throws Exception {
        steps.assertRefused("ndxp-record:record-to-json/business-registry/parcel", "no record layout parcel.record.yaml");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> record(Object body) {
        return (Map<String, Object>) body;
    }
}
