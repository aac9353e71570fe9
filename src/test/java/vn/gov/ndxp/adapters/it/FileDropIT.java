package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import vn.gov.ndxp.adapters.mapping.XxeTrap;

/**
 * The social-insurance file-drop adapter end to end: files are dropped in the real drop folder (or put
 * on the sandbox's SFTP server), records reach the platform stand-in, receipts are read from the
 * receipts folder, originals are looked for in done/ and error/.
 */
class FileDropIT extends FileDropSupport {

    private static final String ADAPTER = "social-insurance";

    @Test
    void sampleFileReachesThePlatformWithAReceiptAndMovesToDone() throws Exception {
        byte[] sample = Files.readAllBytes(Path.of("adapters/social-insurance/samples/contributions-2026-10.csv"));
        dropFile("contributions-2026-10.csv", sample);
        JsonNode receipt = awaitReceipt("contributions-2026-10.csv");

        assertThat(receipt.path("status").asText()).isEqualTo("processed");
        assertThat(receipt.path("records").asLong()).isEqualTo(10);
        assertThat(receipt.path("accepted").asLong()).isEqualTo(7);
        assertThat(receipt.path("rejected").asLong()).isEqualTo(3);
        JsonNode rejections = receipt.path("rejections");
        assertThat(rejections).hasSize(3);
        assertThat(rejections.get(0).path("line").asLong()).isEqualTo(7);
        assertThat(rejections.get(0).path("field").asText()).isEqualTo("so_cccd");
        assertThat(rejections.get(1).path("line").asLong()).isEqualTo(8);
        assertThat(rejections.get(1).path("field").asText()).isEqualTo("muc_luong");
        assertThat(rejections.get(1).path("reason").asText()).contains("abc");
        assertThat(rejections.get(2).path("line").asLong()).isEqualTo(9);
        assertThat(rejections.get(2).path("field").asText()).isEqualTo("so_cccd");
        assertThat(rejections.get(2).path("reason").asText()).startsWith("rejected by the platform");

        assertThat(drop().resolve("done/contributions-2026-10.csv")).hasBinaryContent(sample);
        assertThat(drop().resolve("contributions-2026-10.csv")).doesNotExist();

        List<JsonNode> got = received(sha(sample));
        assertThat(got.stream().filter(r -> r.path("status").asInt() == 202)).as("7 accepted records, each once").hasSize(7);
        assertThat(byKey(got, sha(sample) + ":8").path("status").asInt()).as("the one the platform refused").isEqualTo(422);
        assertThat(got).hasSize(8);
        JsonNode first = byKey(got, sha(sample) + ":1");
        assertThat(first.path("body").path("fullName").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(first.path("body").path("address").asText()).isEqualTo("Số 12 Phố Huế, Hai Bà Trưng, Hà Nội");
        assertThat(first.path("body").path("salary").isIntegralNumber()).isTrue();
        assertThat(first.path("body").path("salary").asLong()).isEqualTo(12_000_000L);
        assertThat(first.path("body").path("birthDate").asText()).isEqualTo("1990-03-15");
        assertThat(byKey(got, sha(sample) + ":9").path("body").path("fullName").asText()).isEqualTo("Đỗ Thị \"Mai\" Hoa");
        assertThat(first.path("service").asText()).isEqualTo("VN:GOV:000.00.00.G00:ndxp/records");
        assertThat(first.path("client").asText()).isEqualTo("VN:GOV:000.00.00.G16:social-insurance");
    }

    @Test
    void theSameContentDroppedAgainIsNotSentTwice() throws Exception {
        byte[] file = csv(20, "dup");
        dropFile("dup-a.csv", file);
        assertThat(awaitReceipt("dup-a.csv").path("accepted").asLong()).isEqualTo(20);
        dropFile("dup-b.csv", file);
        JsonNode again = awaitReceipt("dup-b.csv");
        assertThat(again.path("status").asText()).isEqualTo("duplicate");
        assertThat(again.path("duplicateOf").path("file").asText()).isEqualTo("dup-a.csv");
        // a file's records are sent before its receipt is written and it is moved: nothing can follow
        assertThat(received(sha(file))).as("nothing sent the second time").hasSize(20);
        assertThat(drop().resolve("done/dup-b.csv")).exists();
    }

    @Test
    void theSameFileDroppedAgainGetsADuplicateReceiptUntilAnOperatorReleasesIt() throws Exception {
        byte[] file = csv(15, "again");
        String sha = sha(file);
        dropFile("again.csv", file);
        assertThat(awaitReceipt("again.csv").path("status").asText()).isEqualTo("processed");

        Set<Path> before = Set.copyOf(receiptsOf("again.csv"));
        dropFile("again.csv", file);
        JsonNode dup = awaitNextReceipt("again.csv", before);
        assertThat(dup.path("status").asText()).isEqualTo("duplicate");
        assertThat(dup.path("file").asText()).isEqualTo("again.csv");
        assertThat(dup.path("sha256").asText()).isEqualTo(sha);
        assertThat(dup.path("duplicateOf").path("file").asText()).isEqualTo("again.csv");
        assertThat(dup.path("duplicateOf").path("receipt").asText()).isEqualTo("again.csv.receipt.json");
        assertThat(dup.path("duplicateOf").path("accepted").asLong()).isEqualTo(15);
        // done/again.csv holds the first original: the second gets a time stamp in front
        String movedTo = dup.path("movedTo").asText();
        assertThat(movedTo).matches("done/\\d{8}T\\d{6}-again\\.csv");
        assertThat(drop().resolve(movedTo)).hasBinaryContent(file);
        assertThat(drop().resolve("done/again.csv")).hasBinaryContent(file);
        assertThat(received(sha)).as("nothing sent the second time").hasSize(15);

        HttpResponse<String> release = send(HttpRequest.newBuilder(URI.create(base() + "/ops/adapters/" + ADAPTER + "/files/release?file=again.csv"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("operator:sandbox-operator".getBytes()))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(release.statusCode()).as(release.body()).isEqualTo(200);
        assertThat(body(release).path("sha256").asText()).isEqualTo(sha);
        String txId = body(release).path("transactionId").asText();
        await().alias("the release in the transaction log").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode records = body(send(HttpRequest.newBuilder(URI.create(base() + "/ops/transactions/" + txId))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:sandbox-viewer".getBytes())).build()));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).path("direction").asText()).isEqualTo("operator");
            assertThat(records.get(0).path("service").asText()).isEqualTo("ops:file-release");
            assertThat(records.get(0).path("client").asText()).isEqualTo("operator");
            assertThat(records.get(0).path("adapter").asText()).isEqualTo(ADAPTER);
            // what was released: the content in a field the hash chain covers, the name in the request body
            assertThat(records.get(0).path("route_id").asText()).isEqualTo("rest:" + sha);
        });
        assertThat(jdbc.queryForObject("SELECT request_body FROM ndxp_transaction WHERE transaction_id = ?", String.class, txId))
                .isEqualTo("{\"file\":\"again.csv\",\"sha256\":\"" + sha + "\"}");

        before = Set.copyOf(receiptsOf("again.csv"));
        dropFile("again.csv", file);
        JsonNode third = awaitNextReceipt("again.csv", before);
        assertThat(third.path("status").asText()).isEqualTo("processed");
        assertThat(third.path("records").asLong()).isEqualTo(15);
        assertThat(third.path("accepted").asLong()).isEqualTo(15);
        // sent again with the same keys: what the platform accepted before it answers as a duplicate (208)
        List<JsonNode> got = received(sha);
        assertThat(got).as("every record delivered again").hasSize(30);
        assertThat(got.stream().filter(r -> r.path("status").asInt() == 208)).hasSize(15);

        // the same by JMX (the MBean Hawtio shows); an unknown name is refused with the reason
        var jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName intake = new ObjectName("ndxp:type=FileIntake,adapter=\"social-insurance\"");
        assertThat((String) jmx.invoke(intake, "releaseFile", new Object[] {"again.csv"}, new String[] {String.class.getName()}))
                .startsWith("released again.csv (sha256 " + sha);
        assertThatThrownBy(() -> jmx.invoke(intake, "releaseFile", new Object[] {"never-dropped.csv"}, new String[] {String.class.getName()}))
                .rootCause().hasMessage("no file named never-dropped.csv was seen by adapter social-insurance");
        assertThatThrownBy(() -> jmx.invoke(intake, "releaseFile", new Object[] {"a\u0000.csv"}, new String[] {String.class.getName()}))
                .rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessage("file: the file name contains the control character U+0000");
        before = Set.copyOf(receiptsOf("again.csv"));
        dropFile("again.csv", file);
        assertThat(awaitNextReceipt("again.csv", before).path("status").asText()).isEqualTo("processed");
    }

    /** The one receipt for this name written after those in {@code before}, once the original has left the drop folder. */
    private JsonNode awaitNextReceipt(String name, Set<Path> before) throws Exception {
        Path[] next = new Path[1];
        await().alias("next receipt of " + name).atMost(Duration.ofSeconds(90)).until(() -> {
            Set<Path> now = new HashSet<>(receiptsOf(name));
            now.removeAll(before);
            next[0] = now.isEmpty() ? null : now.iterator().next();
            return now.size() == 1;
        });
        await().alias(name + " moved out of the drop folder").atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(drop().resolve(name)));
        return json.readTree(next[0].toFile());
    }

    @Test
    void utf8WithBomCrlfAndQuotedNewlinesArePreservedByteForByte() throws Exception {
        String name = "Nguyễn Thị Hồng Nhung";
        String address = "Phường Bến Nghé, Quận 1,\r\nTP. Hồ Chí Minh";
        String text = "\uFEFF" + HEADER + "\r\n"
                + "1000000001,001090000001,\"" + name + "\",1990-01-01,\"" + address + "\",TA0001A,2026-10,10000000,3200000\r\n"
                + "1000000002,001090000002,\"Lê, Văn \"\"Tám\"\"\",1991-02-02,Hà Nội,TA0001A,2026-10,9000000,2880000\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        dropFile("bom-crlf.csv", bytes);
        JsonNode receipt = awaitReceipt("bom-crlf.csv");
        assertThat(receipt.path("accepted").asLong()).isEqualTo(2);
        List<JsonNode> got = received(sha(bytes));
        JsonNode one = byKey(got, sha(bytes) + ":1").path("body");
        assertThat(one.path("fullName").asText().getBytes(StandardCharsets.UTF_8)).isEqualTo(name.getBytes(StandardCharsets.UTF_8));
        assertThat(one.path("address").asText()).isEqualTo(address);
        assertThat(one.path("insuranceNumber").asText()).as("the BOM is not part of the first column").isEqualTo("1000000001");
        assertThat(byKey(got, sha(bytes) + ":2").path("body").path("fullName").asText()).isEqualTo("Lê, Văn \"Tám\"");
    }

    @Test
    void xmlVariantIsStreamedElementByElement() throws Exception {
        byte[] sample = Files.readAllBytes(Path.of("adapters/social-insurance/samples/contributions-2026-10.xml"));
        dropFile("contributions-2026-10.xml", sample);
        JsonNode receipt = awaitReceipt("contributions-2026-10.xml");
        assertThat(receipt.path("accepted").asLong()).isEqualTo(2);
        List<JsonNode> got = received(sha(sample));
        assertThat(byKey(got, sha(sample) + ":1").path("body").path("fullName").asText()).isEqualTo("Nguyễn Thị Hồng Nhung");
        assertThat(byKey(got, sha(sample) + ":2").path("body").has("address")).isFalse();
    }

    @Test
    void filesThatCannotBeReadGoToErrorWithAReceiptSayingWhy() throws Exception {
        Map<String, byte[]> bad = Map.of(
                "empty.csv", new byte[0],
                "wrong-header.csv", ("ma_so_bhxh,so_cccd,ten\n1,2,3\n").getBytes(StandardCharsets.UTF_8),
                "semicolons.csv", (HEADER.replace(',', ';') + "\n0123456789;001090012345;An;1990-01-01;HN;TA0001A;2026-10;1;1\n")
                        .getBytes(StandardCharsets.UTF_8),
                "garbage.csv", garbage());
        bad.forEach((n, b) -> dropFile(n, b));
        Map<String, String> expected = Map.of("empty.csv", "empty", "wrong-header.csv", "header",
                "semicolons.csv", "delimiter", "garbage.csv", "");
        for (String n : bad.keySet()) {
            JsonNode receipt = awaitReceipt(n);
            assertThat(receipt.path("status").asText()).as(n).isEqualTo("unreadable");
            assertThat(receipt.path("error").path("reason").asText()).as(n).containsIgnoringCase(expected.get(n)).isNotBlank();
            assertThat(receipt.path("accepted").asLong()).isZero();
            assertThat(drop().resolve("error/" + n)).as(n + " kept in error/").hasBinaryContent(bad.get(n));
            assertThat(received(sha(bad.get(n)))).isEmpty();
        }
        // the runtime keeps serving
        dropFile("after-bad.csv", csv(3, "after-bad"));
        assertThat(awaitReceipt("after-bad.csv").path("accepted").asLong()).isEqualTo(3);
    }

    @Test
    void badRecordsAreRejectedInTheReceiptAndTheRestAccepted() throws Exception {
        String text = HEADER + "\n"
                + "1100000001,001090000011,Trương Văn Một,1990-01-01,Hà Nội,TA0001A,2026-10,10000000,3200000\n"
                + "1100000002,001090000012,Trương Văn Hai,1990-13-45,Hà Nội,TA0001A,2026-10,10000000,3200000\n"  // bad date
                + "1100000003,001090000013,,1990-01-01,Hà Nội,TA0001A,2026-10,10000000,3200000\n"                 // missing name
                + "1100000004,001090000014,Trương Văn Bốn,1990-01-01,Hà Nội,TA0001A,2026-10\n"                    // missing fields
                + "1100000005,001090000015,Trương Văn Năm,1990-01-01,Hà Nội,TA0001A,2026-10,10000000,3200000\n"
                + "1100000006,001090000016,\"Trương Văn Sáu,1990-01-01,Hà Nội,TA0001A,2026-10,10000000,3200000\n"; // truncated
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        dropFile("bad-records.csv", bytes);
        JsonNode receipt = awaitReceipt("bad-records.csv");
        assertThat(receipt.path("status").asText()).isEqualTo("processed");
        assertThat(receipt.path("accepted").asLong()).isEqualTo(2);
        assertThat(receipt.path("rejected").asLong()).isEqualTo(4);
        List<Long> lines = new ArrayList<>();
        receipt.path("rejections").forEach(r -> lines.add(r.path("line").asLong()));
        assertThat(lines).containsExactly(3L, 4L, 5L, 7L);
        assertThat(receipt.path("rejections").get(0).path("field").asText()).isEqualTo("ngay_sinh");
        assertThat(receipt.path("rejections").get(1).path("field").asText()).isEqualTo("ho_ten");
        assertThat(receipt.path("rejections").get(3).path("reason").asText()).containsIgnoringCase("truncated");
        assertThat(received(sha(bytes)).stream().map(r -> r.path("transactionId").asText()).toList())
                .containsExactlyInAnyOrder(sha(bytes) + ":1", sha(bytes) + ":5");
    }

    @Test
    void xmlWithADoctypeIsRejectedAndNothingIsFetched() throws Exception {
        Path dir = Files.createTempDirectory("ndxp-xxe");
        try (XxeTrap trap = new XxeTrap(dir)) {
            String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE contributions [\n"
                    + "  <!ENTITY secret SYSTEM \"" + trap.secret().toUri() + "\">\n"
                    + "  <!ENTITY remote SYSTEM \"" + trap.url() + "\">\n]>\n"
                    + "<contributions xmlns=\"urn:vn:gov:vss:contributions:1\"><contribution><ma_so_bhxh>0223456789</ma_so_bhxh>"
                    + "<so_cccd>001090054321</so_cccd><ho_ten>&secret;&remote;</ho_ten><ngay_sinh>1990-06-01</ngay_sinh>"
                    + "<ma_don_vi>TA0001A</ma_don_vi><ky_dong>2026-10</ky_dong><muc_luong>1</muc_luong><so_tien>1</so_tien>"
                    + "</contribution></contributions>";
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            dropFile("doctype.xml", bytes);
            JsonNode receipt = awaitReceipt("doctype.xml");
            assertThat(receipt.path("status").asText()).isEqualTo("unreadable");
            assertThat(receipt.path("error").path("reason").asText()).contains("DOCTYPE");
            assertThat(receipt.toString()).doesNotContain(trap.marker());
            assertThat(trap.hits()).as("no external entity was fetched").hasValue(0);
            assertThat(received(sha(bytes))).isEmpty();
            assertThat(drop().resolve("error/doctype.xml")).exists();
        }
    }

    @Test
    void xmlMalformedInTheMiddleDeliversWhatCameBeforeAndSaysWhere() throws Exception {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<contributions xmlns=\"urn:vn:gov:vss:contributions:1\">\n");
        for (int i = 1; i <= 3; i++) {
            xml.append("  <contribution><ma_so_bhxh>120000000").append(i).append("</ma_so_bhxh><so_cccd>00109000002").append(i)
                    .append("</so_cccd><ho_ten>Hồ Văn ").append(i).append("</ho_ten><ngay_sinh>1990-06-01</ngay_sinh>")
                    .append("<ma_don_vi>TA0001A</ma_don_vi><ky_dong>2026-10</ky_dong><muc_luong>1</muc_luong><so_tien>1</so_tien></contribution>\n");
        }
        xml.append("  <contribution><ma_so_bhxh>1200000004</ma_so_bhxh><so_cccd>0010900000</wrong>\n");
        byte[] bytes = xml.toString().getBytes(StandardCharsets.UTF_8);
        dropFile("malformed.xml", bytes);
        JsonNode receipt = awaitReceipt("malformed.xml");
        assertThat(receipt.path("status").asText()).isEqualTo("incomplete");
        assertThat(receipt.path("accepted").asLong()).isEqualTo(3);
        assertThat(receipt.path("error").path("line").asLong()).isEqualTo(6);
        assertThat(receipt.path("error").path("column").asLong()).isPositive();
        assertThat(received(sha(bytes))).hasSize(3);
        assertThat(drop().resolve("error/malformed.xml")).exists();
    }

    @Test
    void platformDownMidFileLosesNothingAndTheFileResumes() throws Exception {
        byte[] file = csv(1500, "outage");
        String sha = sha(file);
        // the platform takes 4 batches (200 records), then is down for the adapter until it is up again
        platform.downAfter(ADAPTER, 4);
        long refused = platform.refused(ADAPTER);
        dropFile("outage.csv", file);
        // a batch is tried 1 + ndxp.files.retries (3) times per poll: a fifth refusal is a later poll's,
        // so the first poll has given the file up
        await().atMost(Duration.ofSeconds(60)).until(() -> platform.refused(ADAPTER) >= refused + 5);
        assertThat(receipts().resolve("outage.csv.receipt.json")).as("no receipt while the platform is down").doesNotExist();
        assertThat(drop().resolve("outage.csv")).as("the file waits in the drop folder").exists();
        assertThat(received(sha)).as("what was sent before the outage").hasSize(200);
        platform.up(ADAPTER);
        JsonNode receipt = awaitReceipt("outage.csv");
        assertThat(receipt.path("accepted").asLong()).isEqualTo(1500);
        assertEveryRecordAcceptedOnce(sha, 1500);
    }

    @Test
    void filesPutOnTheSftpServerAreIngestedAndMovedToDoneThere() throws Exception {
        byte[] file = csv(30, "sftp");
        putOnSftp("sftp-contributions.csv", file);
        JsonNode receipt = awaitReceipt("sftp-contributions.csv");
        assertThat(receipt.path("accepted").asLong()).isEqualTo(30);
        assertEveryRecordAcceptedOnce(sha(file), 30);
        Path done = sftpFolder().resolve("done/sftp-contributions.csv");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(done));
        assertThat(done).hasBinaryContent(file);
    }

    @Test
    void progressIsVisibleAsJmxAttributesAndMetrics() throws Exception {
        dropFile("progress.csv", csv(120, "progress"));
        awaitReceipt("progress.csv");
        ObjectName name = new ObjectName("ndxp:type=FileIntake,adapter=\"social-insurance\"");
        var jmx = ManagementFactory.getPlatformMBeanServer();
        assertThat((Long) jmx.getAttribute(name, "FilesDone")).isPositive();
        assertThat((Double) jmx.getAttribute(name, "PercentBytes")).isGreaterThan(0.0);
        assertThat((Long) jmx.getAttribute(name, "RecordsDone")).isPositive();
        String metrics = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:sandbox-viewer".getBytes()))
                .build()).body();
        assertThat(metrics).contains("ndxp_file_records_total{adapter=\"social-insurance\",result=\"accepted\"}")
                .contains("ndxp_file_progress{adapter=\"social-insurance\"}");
    }
}
