package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import vn.gov.ndxp.adapters.files.FileNameRule;

/**
 * Files that can never be processed as they are (a name outside ndxp.files.name.*, no permission to
 * read, not UTF-8): each gets exactly one error receipt with a typed reason, is moved aside once,
 * sends nothing to the platform, and the files after it are still processed. Log lines that carry a
 * file name cannot be forged by the name.
 */
@ExtendWith(OutputCaptureExtension.class)
class FileBoundaryIT extends FileDropSupport {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /**
     * 250 bytes of UTF-8 with ".csv" (169 characters): more than the rule's 200, fine for the SFTP
     * server's disk (255), too long for a local work file named after it (name + ".inprogress").
     */
    private static final String LONG = vietnamese(246);

    private static String vietnamese(int bytes) {
        StringBuilder b = new StringBuilder();
        String words = "Bảo hiểm xã hội Việt Nam - Nguyễn Thị Hồng Nhung - ";
        for (int i = 0; b.toString().getBytes(StandardCharsets.UTF_8).length + 3 <= bytes; i = (i + 1) % words.length()) {
            b.append(words.charAt(i));
        }
        while (b.toString().getBytes(StandardCharsets.UTF_8).length < bytes) {
            b.append('x');
        }
        return b.toString();
    }

    @Test
    void sftpFileWithANameTooLongForTheLocalDiskIsRefusedOnceAndMovedToTheRemoteErrorFolder(CapturedOutput output) throws Exception {
        String name = LONG + ".csv";
        assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(250);
        byte[] file = csv(3, "long-sftp");
        putOnSftp(name, file);

        JsonNode receipt = awaitRefusal(name);
        assertThat(receipt.path("status").asText()).isEqualTo("refused");
        assertThat(receipt.path("error").path("category").asText()).isEqualTo("file.name");
        assertThat(receipt.path("error").path("reason").asText()).contains("max-bytes");
        Path moved = sftpFolder().resolve("error/" + FileNameRule.safe(name));
        await().atMost(WAIT).until(() -> Files.exists(moved));
        assertThat(moved).hasBinaryContent(file);
        assertThat(sftpFolder().resolve(name)).doesNotExist();

        // a later file on the same server is processed; the refused one was never downloaded or sent
        byte[] good = csv(2, "after-long-sftp");
        putOnSftp("after-long.csv", good);
        assertThat(awaitReceiptOnly("after-long.csv").path("accepted").asLong()).isEqualTo(2);
        assertThat(received(sha(file))).isEmpty();
        assertThat(receiptsOf(name)).as("one receipt, not one per poll").hasSize(1);
        assertThat(output.getAll()).doesNotContain("File name too long").doesNotContain(LONG.substring(0, 40) + ".csv.inprogress");
    }

    @Test
    void droppedNamesOutsideTheRuleAreRefusedOnceUnderASafeName() throws Exception {
        List<String> names = List.of(
                vietnamese(240) + ".csv",          // too long (UTF-8 bytes); not the SFTP test's name
                "bell\u0007name.csv",              // a C0 control
                "line\u2028separator.csv",         // a Unicode line separator
                "semi;colon$(x).csv");             // outside the allowed characters
        Map<String, byte[]> content = new HashMap<>();
        for (String n : names) {
            content.put(n, csv(1, "refused-name"));
            dropFile(n, content.get(n));
        }
        for (String n : names) {
            JsonNode receipt = awaitRefusal(n);
            assertThat(receipt.path("status").asText()).as(n).isEqualTo("refused");
            assertThat(receipt.path("file").asText()).as("the receipt names the original").isEqualTo(n);
            assertThat(receipt.path("error").path("category").asText()).isEqualTo("file.name");
            assertThat(receipt.path("movedTo").asText()).isEqualTo("error/" + FileNameRule.safe(n));
            await().atMost(WAIT).until(() -> !Files.exists(drop().resolve(n)));
            assertThat(drop().resolve("error/" + FileNameRule.safe(n))).hasBinaryContent(content.get(n));
        }
        dropFile("after-names.csv", csv(2, "after-names"));
        assertThat(awaitReceipt("after-names.csv").path("accepted").asLong()).isEqualTo(2);
        for (String n : names) {
            assertThat(receiptsOf(n)).as(n).hasSize(1);
            assertThat(received(sha(content.get(n)))).as("nothing of " + n + " sent").isEmpty();
        }
    }

    @Test
    void aNewlineInAFileNameCannotForgeALogLine(CapturedOutput output) throws Exception {
        String forged = "2026-12-02T01:00:00.000Z  INFO 1 --- [main] v.g.n.a.security.Login : FORGED operator logged in";
        String name = "x\n" + forged + "\r\n.csv";
        dropFile(name, csv(1, "forged"));
        awaitRefusal(name);
        await().atMost(WAIT).until(() -> output.getAll().contains("FORGED operator"));
        List<String> lines = output.getAll().lines().filter(l -> l.contains("FORGED operator")).toList();
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).doesNotStartWith("2026-12-02T01:00:00.000Z").contains("x\\n2026-12-02"));
    }

    @Test
    void aFileThatCannotBeReadGetsAnUnreadableReceiptAndMovesToErrorOnce() throws Exception {
        Path file = drop().resolve("no-permission.csv");
        Files.createDirectories(drop());
        // chmod 000 does not stop root (these tests run as root in CI): then a link to a file the kernel
        // refuses to read even to root stands in for it
        Path unreadable = Files.createTempFile(drop().getParent(), "unreadable", ".csv");
        Files.writeString(unreadable, HEADER + "\n");
        Files.setPosixFilePermissions(unreadable, Set.of());
        if (Files.isReadable(unreadable)) {
            unreadable = Path.of("/proc/sys/vm/compact_memory");
        }
        Assumptions.assumeFalse(canRead(unreadable), "no file this user cannot read");
        Files.createSymbolicLink(file, unreadable);

        JsonNode receipt = awaitReceipt("no-permission.csv");
        assertThat(receipt.path("status").asText()).isEqualTo("unreadable");
        assertThat(receipt.path("error").path("category").asText()).isEqualTo("file.permission");
        assertThat(Files.exists(drop().resolve("error/no-permission.csv"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        dropFile("after-permission.csv", csv(2, "after-permission"));
        assertThat(awaitReceipt("after-permission.csv").path("accepted").asLong()).isEqualTo(2);
        assertThat(receiptsOf("no-permission.csv")).hasSize(1);
    }

    @Test
    void aFileNotInUtf8GetsAnEncodingReceiptAndNothingIsSent() throws Exception {
        // what a legacy export in Windows-1258 / Latin-1 looks like: the header is ASCII, the names are not
        byte[] latin1 = (HEADER + "\n1300000001,001090000031,Trần Văn Đức,1990-01-01,Hà Nội,TA0001A,2026-10,1,1\n")
                .getBytes(Charset.forName("windows-1258"));
        dropFile("latin1.csv", latin1);
        JsonNode receipt = awaitReceipt("latin1.csv");
        assertThat(receipt.path("status").asText()).isEqualTo("unreadable");
        assertThat(receipt.path("error").path("category").asText()).isEqualTo("file.encoding");
        assertThat(receipt.path("error").path("line").asLong()).isEqualTo(2);
        assertThat(drop().resolve("error/latin1.csv")).hasBinaryContent(latin1);
        assertThat(received(sha(latin1))).isEmpty();
        // the XML variant, declared UTF-8 but written in Windows-1258
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<contributions xmlns=\"urn:vn:gov:vss:contributions:1\">\n"
                + "<contribution><ma_so_bhxh>1300000002</ma_so_bhxh><so_cccd>001090000032</so_cccd><ho_ten>Trần Văn Đức</ho_ten>"
                + "<ngay_sinh>1990-01-01</ngay_sinh><ma_don_vi>TA0001A</ma_don_vi><ky_dong>2026-10</ky_dong><muc_luong>1</muc_luong>"
                + "<so_tien>1</so_tien></contribution></contributions>\n").getBytes(Charset.forName("windows-1258"));
        dropFile("latin1.xml", xml);
        JsonNode xmlReceipt = awaitReceipt("latin1.xml");
        assertThat(xmlReceipt.path("error").path("category").asText()).isEqualTo("file.encoding");
        assertThat(drop().resolve("error/latin1.xml")).hasBinaryContent(xml);
        assertThat(received(sha(xml))).isEmpty();

        dropFile("after-latin1.csv", csv(1, "after-latin1"));
        assertThat(awaitReceipt("after-latin1.csv").path("accepted").asLong()).isEqualTo(1);
        assertThat(receiptsOf("latin1.csv")).hasSize(1);
        assertThat(receiptsOf("latin1.xml")).hasSize(1);
    }

    private static boolean canRead(Path p) {
        try (var in = Files.newInputStream(p)) {
            in.read();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The receipt, without waiting for the original to leave the drop folder (an SFTP file is elsewhere). */
    private JsonNode awaitReceiptOnly(String name) throws Exception {
        Path receipt = receipts().resolve(name + ".receipt.json");
        await().atMost(WAIT).until(() -> Files.exists(receipt));
        return json.readTree(receipt.toFile());
    }
}
