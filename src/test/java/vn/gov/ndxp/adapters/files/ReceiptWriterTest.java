package vn.gov.ndxp.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptWriterTest {

    final ObjectMapper json = new ObjectMapper();
    final MemoryFileIntakeStore store = new MemoryFileIntakeStore();
    final ReceiptWriter writer = new ReceiptWriter(json, store, Clock.fixed(Instant.parse("2026-12-02T07:30:05Z"), ZoneOffset.UTC));

    JsonNode read(Path receipts, String name) throws Exception {
        return json.readTree(receipts.resolve(name).toFile());
    }

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aProcessedFilesReceiptHasItsCountsAndEveryRejectionInRecordOrder(@TempDir Path receipts) throws Exception {
        store.rejections.add(new FileIntakeStore.Rejection(7, 8, null, "rejected by the platform: unknown citizen"));
        store.rejections.add(new FileIntakeStore.Rejection(3, 4, "so_tien", "expected integer, got '3,840,000'"));
        Receipt r = new Receipt("social-insurance", "june.csv", "june.csv", "ab12", 2048, "tx-1", "processed");
        r.fileId = 1;
        r.records = 10;
        r.accepted = 8;
        r.rejected = 2;
        String name = writer.write(r, receipts);

        assertThat(name).isEqualTo("june.csv.receipt.json");
        assertThat(read(receipts, name).toString()).isEqualTo("{\"file\":\"june.csv\",\"adapter\":\"social-insurance\",\"status\":\"processed\","
                + "\"sha256\":\"ab12\",\"sizeBytes\":2048,\"transactionId\":\"tx-1\",\"writtenAt\":\"2026-12-02T07:30:05Z\","
                + "\"records\":10,\"accepted\":8,\"rejected\":2,\"rejections\":["
                + "{\"record\":3,\"line\":4,\"field\":\"so_tien\",\"reason\":\"expected integer, got '3,840,000'\"},"
                + "{\"record\":7,\"line\":8,\"reason\":\"rejected by the platform: unknown citizen\"}]}");
        // written whole, then renamed: no temporary file stays
        assertThat(names(receipts)).containsExactly("june.csv.receipt.json");
    }

    @Test
    void anIncompleteFilesReceiptSaysWhereItBroke(@TempDir Path receipts) throws Exception {
        Receipt r = new Receipt("social-insurance", "june.csv", "june.csv", "ab12", 2048, "tx-1", "incomplete");
        r.fileId = 1;
        r.records = 4;
        r.accepted = 4;
        r.error = "unterminated quote";
        r.errorCategory = FileIntake.CATEGORY_FORMAT;
        r.errorLine = 6;
        r.errorColumn = 12;
        JsonNode receipt = read(receipts, writer.write(r, receipts));
        assertThat(receipt.get("error").toString())
                .isEqualTo("{\"category\":\"file.format\",\"reason\":\"unterminated quote\",\"line\":6,\"column\":12}");
        assertThat(receipt.get("rejections").toString()).isEqualTo("[]");
    }

    @Test
    void aDuplicatesReceiptPointsAtTheFirstFileNotAtRecords(@TempDir Path receipts) throws Exception {
        store.done("ab12", "may.csv", "may.csv.receipt.json", 9, 1);
        store.rejections.add(new FileIntakeStore.Rejection(3, 4, null, "never listed in a duplicate's receipt"));
        Receipt r = new Receipt("social-insurance", "june.csv", "june.csv", "ab12", 2048, "tx-2", "duplicate");
        r.duplicateOf = store.rows.get("ab12");
        assertThat(read(receipts, writer.write(r, receipts)).toString()).isEqualTo("{\"file\":\"june.csv\",\"adapter\":\"social-insurance\","
                + "\"status\":\"duplicate\",\"sha256\":\"ab12\",\"sizeBytes\":2048,\"transactionId\":\"tx-2\",\"writtenAt\":\"2026-12-02T07:30:05Z\","
                + "\"duplicateOf\":{\"file\":\"may.csv\",\"processedAt\":\"2026-12-01T10:00:00Z\",\"receipt\":\"may.csv.receipt.json\","
                + "\"accepted\":9,\"rejected\":1}}");
    }

    @Test
    void aRefusedFilesReceiptHasItsSafeNameAndNoHashOrSize(@TempDir Path receipts) throws Exception {
        store.rejections.add(new FileIntakeStore.Rejection(3, 4, null, "not this file's"));
        Receipt r = new Receipt("social-insurance", "bad\nname.csv", "bad_name.csv", null, -1, "tx-3", "refused");
        r.error = "the name has a control character";
        r.errorCategory = FileIntake.CATEGORY_NAME;
        r.movedTo = "error/bad_name.csv";
        String name = writer.write(r, receipts);
        assertThat(name).isEqualTo("bad_name.csv.receipt.json");
        assertThat(read(receipts, name).toString()).isEqualTo("{\"file\":\"bad\\nname.csv\",\"adapter\":\"social-insurance\","
                + "\"status\":\"refused\",\"movedTo\":\"error/bad_name.csv\",\"transactionId\":\"tx-3\",\"writtenAt\":\"2026-12-02T07:30:05Z\","
                + "\"records\":0,\"accepted\":0,\"rejected\":0,"
                + "\"error\":{\"category\":\"file.name\",\"reason\":\"the name has a control character\"},\"rejections\":[]}");
    }

    @Test
    void anEarlierReceiptOfTheSameNameIsKept(@TempDir Path receipts) throws Exception {
        Files.writeString(receipts.resolve("june.csv.receipt.json"), "{\"earlier\":true}");
        Receipt r = new Receipt("social-insurance", "june.csv", "june.csv", "ab12", 2048, "tx-4", "processed");
        String name = writer.write(r, receipts);
        assertThat(name).isEqualTo("june.csv.20261202T073005.receipt.json");
        assertThat(Files.readString(receipts.resolve("june.csv.receipt.json"))).isEqualTo("{\"earlier\":true}");
        assertThat(read(receipts, name).get("transactionId").asText()).isEqualTo("tx-4");
        assertThat(names(receipts)).containsExactly("june.csv.20261202T073005.receipt.json", "june.csv.receipt.json");
    }
}
