package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two runtime instances (the second its own JVM) on one shared drop folder and one runtime database:
 * each file is processed once; the instance processing a file is killed with kill -9 in the middle,
 * and after its restart every record reaches the platform, a record sent twice only with the same
 * idempotency key (the receiver drops it).
 */
class FileInstancesIT extends FileDropSupport {

    @Autowired
    JdbcConnectionDetails runtimeDb;
    @Autowired
    KafkaConnectionDetails kafka;
    @Autowired
    CamelContext camel;

    @Autowired
    JdbcTemplate jdbc;

    // small batches and frequent checkpoints, so the kill comes after a checkpoint and before the end
    private RuntimeProcess second(String name) throws Exception {
        return RuntimeProcess.start(name, base(), runtimeDb, kafka, LEGACY_DB_PORT,
                "--ndxp.files.dir=" + FILES_DIR, "--ndxp.files.lock-max-age=6s", "--ndxp.files.lock-keep-alive=2s",
                "--SOCIAL_INSURANCE_BATCH_SIZE=10", "--SOCIAL_INSURANCE_POLL_DELAY=300", "--ndxp.files.retry-delay=200ms",
                "--ndxp.files.checkpoint-interval=100ms");
    }

    /** Records 1..n of the file with this content are checkpointed. */
    private long checkpoint(String sha) {
        return jdbc.queryForList("SELECT records_done FROM ndxp_file WHERE sha256 = ?", Long.class, sha).stream().findFirst().orElse(0L);
    }

    private String status(String sha) {
        return jdbc.queryForObject("SELECT status FROM ndxp_file WHERE sha256 = ?", String.class, sha);
    }

    @Test
    void twoInstancesProcessEachFileOnceAndAKillMinus9MidFileLosesNothing() throws Exception {
        RuntimeProcess other = second("files-second-instance").awaitUp();
        try {
            // both instances poll the drop folder
            List<byte[]> files = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                files.add(csv(300, "shared-" + i));
            }
            for (int i = 0; i < files.size(); i++) {
                dropFile("shared-" + i + ".csv", files.get(i));
            }
            for (int i = 0; i < files.size(); i++) {
                assertThat(awaitReceipt("shared-" + i + ".csv").path("accepted").asLong()).isEqualTo(300);
            }
            // a file is DONE once all its records are sent, and a DONE file is taken by no instance again:
            // nothing of these files can follow
            for (byte[] f : files) {
                assertThat(status(sha(f))).isEqualTo("DONE");
                assertEveryRecordAcceptedOnce(sha(f), 300);
            }
            try (Stream<Path> receipts = Files.list(receipts())) {
                assertThat(receipts.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("shared-")))
                        .as("one receipt per file").hasSize(8);
            }
            // which instance took which file depends on timing (either may take all): what must hold is
            // the above, whoever took them
            System.out.println("files processed by the second instance: "
                    + other.log().lines().filter(l -> l.contains(" processed: ")).count() + " of " + files.size());

            // only the second instance polls now; it is killed in the middle of a big file, then restarted
            camel.getRouteController().stopRoute("social-insurance-intake");
            byte[] big = csv(6000, "kill");
            String sha = sha(big);
            dropFile("kill.csv", big);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10)).until(() -> checkpoint(sha) >= 500);
            other.kill();
            assertThat(checkpoint(sha)).as("killed mid-file, after a checkpoint").isBetween(500L, 5999L);
            assertThat(drop().resolve("kill.csv")).as("the file stays in the drop folder").exists();

            other = second("files-second-instance-restarted").awaitUp();
            assertThat(awaitReceipt("kill.csv").path("accepted").asLong()).isEqualTo(6000);
            assertThat(status(sha)).isEqualTo("DONE");
            assertEveryRecordAcceptedOnce(sha, 6000);
            assertThat(other.log()).contains("resumed after record");
        } finally {
            other.close();
            if (!camel.getRouteController().getRouteStatus("social-insurance-intake").isStarted()) {
                camel.getRouteController().startRoute("social-insurance-intake");
            }
        }
    }
}
