package vn.gov.ndxp.adapters.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.gov.ndxp.adapters.exchange.Exchanges;

/**
 * ndxp-file-intake: options and defaults, each wrong URI refused at startup naming route and URI, and what a
 * platform stand-in receives with a field set (the intake itself runs in FileDropIT).
 */
class NdxpFileIntakeComponentTest {

    private static final String SERVICE = "VN:GOV:000.00.00.G00:ndxp/records";

    private final Steps steps = new Steps();

    NdxpFileIntakeComponentTest() throws Exception {
    }

    @AfterEach
    void close() {
        steps.close();
    }

    @Test
    void defaults() throws Exception {
        NdxpFileIntakeEndpoint e = steps.start("ndxp-file-intake:social-insurance/contribution?service=" + SERVICE + "&receipts=/tmp/r",
                NdxpFileIntakeEndpoint.class);
        assertThat(e.getAdapter()).isEqualTo("social-insurance");
        assertThat(e.getLayout()).isEqualTo("contribution");
        assertThat(e.getService()).isEqualTo(SERVICE);
        assertThat(e.getReceipts()).isEqualTo("/tmp/r");
        assertThat(e.getPath()).isEmpty();
        assertThat(e.getBatchSize()).isEqualTo(500);
        assertThat(e.resolved().name()).isEqualTo("contribution");
    }

    @Test
    void options() throws Exception {
        NdxpFileIntakeEndpoint e = steps.start("ndxp-file-intake:social-insurance/contribution?service=" + SERVICE
                + "&path=/social-insurance/contributions/batch&batchSize=50&receipts=/tmp/r", NdxpFileIntakeEndpoint.class);
        assertThat(e.getPath()).isEqualTo("/social-insurance/contributions/batch");
        assertThat(e.getBatchSize()).isEqualTo(50);
    }

    @Test
    void fieldsNarrowEachRecordSentToFieldsOfTheLayout() throws Exception {
        NdxpFileIntakeEndpoint e = steps.start("ndxp-file-intake:social-insurance/contribution?service=" + SERVICE
                + "&receipts=/tmp/r&fields=insuranceNumber,period,salary", NdxpFileIntakeEndpoint.class);
        ObjectNode record = (ObjectNode) new ObjectMapper().readTree("{\"insuranceNumber\": \"0123456789\", \"citizenId\":"
                + " \"079199000002\", \"fullName\": \"Nguyễn Văn A\", \"period\": \"2026-11\", \"salary\": 9000000}");
        e.sentFields().apply(record);
        assertThat(record.toString()).isEqualTo("{\"insuranceNumber\":\"0123456789\",\"period\":\"2026-11\",\"salary\":9000000}");
        assertThat(steps.start("ndxp-file-intake:social-insurance/contribution?service=" + SERVICE + "&receipts=/tmp/r",
                NdxpFileIntakeEndpoint.class).sentFields()).as("no fields option: the whole record").isNull();
    }

    @Test
    void thePlatformReceivesEachRecordOfAFileNarrowedToTheFields() throws Exception {
        steps.platformStandIn();
        Path dir = Files.createTempDirectory("ndxp-intake");
        Path file = Files.copy(Path.of("adapters/social-insurance/samples/contributions-2026-10.csv"), dir.resolve("contributions-2026-10.csv"));
        steps.start("ndxp-file-intake:social-insurance/contribution?service=" + SERVICE + "&receipts=" + dir.resolve("receipts")
                + "&fields=insuranceNumber,period,salary", NdxpFileIntakeEndpoint.class);
        Exchange x = steps.template().send("direct:in", e -> {
            e.setProperty(Exchanges.TRANSACTION_ID, "t-file");
            e.getMessage().setHeader(Exchange.FILE_NAME_ONLY, file.getFileName().toString());
            e.getMessage().setBody(file.toFile());
        });
        assertThat(x.getException()).isNull();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (Map<String, String> r : steps.received) {
            json.readTree(r.get("body")).path("records").forEach(item -> records.add(item.get("record")));
        }
        assertThat(records).as("the sample's eight valid records (two are rejected by the layout)").hasSize(8).allSatisfy(r ->
                assertThat(r.fieldNames()).toIterable().containsExactlyInAnyOrder("insuranceNumber", "period", "salary"));
        assertThat(steps.received.toString()).as("no citizen id or name left the adapter")
                .doesNotContain("001090012345").doesNotContain("Nguyễn Văn An");
    }

    @Test
    void aFieldThatIsNotInTheLayoutIsRefusedAtStartup() throws Exception {
        steps.assertRefused("ndxp-file-intake:social-insurance/contribution?service=" + SERVICE + "&receipts=/tmp/r&fields=period,taxCode",
                "fields: taxCode is not a field of the records of layout contribution");
    }

    @Test
    void serviceIsRequired() throws Exception {
        steps.assertRefused("ndxp-file-intake:social-insurance/contribution?receipts=/tmp/r",
                "the 'service' option (the NDXP service id) is required");
    }

    @Test
    void receiptsAreRequired() throws Exception {
        steps.assertRefused("ndxp-file-intake:social-insurance/contribution?service=" + SERVICE,
                "the 'receipts' option (the folder of the receipts) is required");
    }

    @Test
    void unknownOption() throws Exception {
        steps.assertRefused("ndxp-file-intake:social-insurance/contribution?service=" + SERVICE + "&receipts=/tmp/r&batch=50",
                "There are 1 parameters that couldn't be set on the endpoint", "batch=50");
    }

    @Test
    void theLayoutIsRequired() throws Exception {
        steps.assertRefused("ndxp-file-intake:social-insurance?service=" + SERVICE + "&receipts=/tmp/r",
                "expected ndxp-file-intake:<adapter>/<file layout>");
    }

    @Test
    void anAdapterWithoutPlatformCredentials() throws Exception {
        steps.assertRefused("ndxp-file-intake:civil-status/contribution?service=" + SERVICE + "&receipts=/tmp/r",
                "adapter civil-status declares no platformClient credentials");
    }

    @Test
    void unknownAdapter() throws Exception {
        steps.assertRefused("ndxp-file-intake:land-registry/parcel?service=" + SERVICE + "&receipts=/tmp/r", "no adapter 'land-registry'");
    }
}
