package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import vn.gov.ndxp.adapters.files.FileNameRule;

/** Dropping files, reading receipts and what the platform stand-in received, for the file-drop tests. */
abstract class FileDropSupport extends SandboxTestSupport {

    static final String HEADER = "ma_so_bhxh,so_cccd,ho_ten,ngay_sinh,dia_chi,ma_don_vi,ky_dong,muc_luong,so_tien";

    static Path drop() {
        return FILES_DIR.resolve("drop/social-insurance");
    }

    static Path receipts() {
        return FILES_DIR.resolve("receipts/social-insurance");
    }

    /** n valid records, unique to the tag. */
    static byte[] csv(int n, String tag) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        String unique = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 1; i <= n; i++) {
            b.append(String.format("%010d,0010%08d,Phạm Thị %s %s %d,1990-01-01,\"Số %d Lý Thường Kiệt, Hoàn Kiếm, Hà Nội\",TA0001A,2026-10,%d,%d%n",
                    i, i, tag, unique, i, i, 5_000_000 + i, 1_600_000 + i));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] garbage() {
        byte[] b = new byte[4096];
        new Random(47).nextBytes(b);
        return b;
    }

    /** Written under a temporary name, then renamed: the consumer sees only complete files. */
    static void dropFile(String name, byte[] content) {
        try {
            Files.createDirectories(drop());
            // (a short temporary name: the name itself may be as long as the file system allows)
            Path tmp = drop().resolve("." + UUID.randomUUID() + ".part");
            Files.write(tmp, content);
            Files.move(tmp, drop().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploaded under a temporary name, then renamed, as a legacy system's SFTP client would. */
    static void putOnSftp(String name, byte[] content) throws IOException {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.start();
            try (var session = client.connect("sandbox", "127.0.0.1", SFTP_PORT).verify(10_000).getSession()) {
                session.addPasswordIdentity("sandbox-sftp");
                session.auth().verify(10_000);
                try (var sftp = SftpClientFactory.instance().createSftpClient(session)) {
                    try {
                        sftp.mkdir("social-insurance");
                    } catch (IOException exists) {
                        // created by the route already
                    }
                    String tmp = "social-insurance/.upload-" + UUID.randomUUID() + ".tmp";
                    try (var out = sftp.write(tmp)) {
                        out.write(content);
                    }
                    sftp.rename(tmp, "social-insurance/" + name);
                }
            }
        }
    }

    /** The SFTP server's folder of the social-insurance adapter, as files on this disk. */
    static Path sftpFolder() {
        return FILES_DIR.resolve("sftp/social-insurance");
    }

    JsonNode awaitReceipt(String name) throws Exception {
        Path receipt = receipts().resolve(name + ".receipt.json");
        Path original = drop().resolve(name);
        await().alias("receipt of " + name).atMost(Duration.ofSeconds(90)).until(() -> Files.exists(receipt));
        // the move follows the receipt
        await().alias(name + " moved out of the drop folder").atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(original));
        return json.readTree(receipt.toFile());
    }

    /** What the platform stand-in received from this adapter for the file with this hash. */
    List<JsonNode> received(String sha) throws Exception {
        JsonNode all = body(send(HttpRequest.newBuilder(URI.create(base() + "/sandbox/ndxp/received?adapter=social-insurance")).build()));
        List<JsonNode> out = new ArrayList<>();
        all.forEach(r -> {
            if (r.path("transactionId").asText().startsWith(sha + ":")) {
                out.add(r);
            }
        });
        return out;
    }

    void assertEveryRecordAcceptedOnce(String sha, int n) throws Exception {
        Map<String, List<JsonNode>> byKey = received(sha).stream().collect(Collectors.groupingBy(r -> r.path("transactionId").asText()));
        assertThat(byKey).as("every record reached the platform").hasSize(n);
        byKey.forEach((k, list) -> assertThat(list.stream().filter(r -> r.path("status").asInt() == 202)).as(k + " accepted once").hasSize(1));
    }

    static JsonNode byKey(List<JsonNode> got, String key) {
        Predicate<JsonNode> match = r -> r.path("transactionId").asText().equals(key);
        return got.stream().filter(match).findFirst().orElseThrow(() -> new AssertionError("no record " + key));
    }

    static String sha(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    /** The receipt of a refused name: written under the safe name. */
    JsonNode awaitRefusal(String name) throws Exception {
        Path receipt = receipts().resolve(FileNameRule.safe(name) + ".receipt.json");
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(receipt));
        return json.readTree(receipt.toFile());
    }

    /** Every receipt (time-stamped ones too) whose "file" is this name. */
    List<Path> receiptsOf(String name) throws Exception {
        try (Stream<Path> all = Files.list(receipts())) {
            return all.filter(p -> p.getFileName().toString().endsWith(".receipt.json")).filter(p -> {
                try {
                    return name.equals(json.readTree(p.toFile()).path("file").asText());
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }
}
