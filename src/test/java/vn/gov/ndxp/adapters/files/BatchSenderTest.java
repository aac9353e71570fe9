package vn.gov.ndxp.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.gov.ndxp.adapters.exchange.NdxpException;

class BatchSenderTest {

    record Saved(long upTo, long accepted, List<FileIntakeStore.Rejection> rejections) {
    }

    static final FileLayout LAYOUT = FileLayoutTest.contribution();

    final ObjectMapper json = new ObjectMapper();
    final OutageRetry retry = new OutageRetry(0, Duration.ofMillis(1));
    final List<Saved> saved = new ArrayList<>();
    final List<List<String>> sent = new ArrayList<>();
    final AtomicLong now = new AtomicLong();
    final ExecutorService threads = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** The platform's answer: every record accepted but those listed, rejected on citizenId. */
    BatchDelivery platform(String... rejectedKeys) {
        return new BatchDelivery(json, retry, body -> {
            List<String> keys = new ArrayList<>();
            ObjectNode answer = json.createObjectNode();
            var results = answer.putArray("results");
            body.path("records").forEach(r -> {
                String key = r.path("key").asText();
                keys.add(key);
                boolean rejected = List.of(rejectedKeys).contains(key);
                results.addObject().put("key", key).put("status", rejected ? "rejected" : "accepted")
                        .put("field", rejected ? "citizenId" : null).put("reason", rejected ? "unknown citizen" : null);
            });
            synchronized (sent) {
                sent.add(keys);
            }
            return answer;
        });
    }

    BatchSender sender(int batchSize, long resumeAfter, BatchDelivery delivery) {
        return new BatchSender(LAYOUT, batchSize, "ab", resumeAfter, Duration.ofSeconds(1), delivery,
                (upTo, accepted, rejections) -> saved.add(new Saved(upTo, accepted, List.copyOf(rejections))), Runnable::run, now::get);
    }

    static FileRecord good(long n) {
        return new FileRecord(n, n + 1, FileLayoutTest.valid(), null, null);
    }

    @Test
    void recordsGoInBatchesAndEveryRejectionIsSavedInRecordOrderWithTheFilesColumn() {
        BatchSender run = sender(2, 0, platform("ab:2"));
        run.add(good(1));
        run.add(good(2));
        run.add(new FileRecord(3, 4, Map.of(), "ho_ten", "unterminated quote"));
        Map<String, String> wrongType = FileLayoutTest.valid();
        wrongType.put("so_tien", "3,840,000");
        run.add(new FileRecord(4, 5, wrongType, null, null));
        run.add(good(5));
        run.finish();

        assertThat(sent).containsExactly(List.of("ab:1", "ab:2"), List.of("ab:5"));
        assertThat(saved).hasSize(2);
        // a batch's worth of rejections is saved at once, with the records before them
        assertThat(saved.get(0).upTo()).isEqualTo(4);
        assertThat(saved.get(0).accepted()).isEqualTo(1);
        assertThat(saved.get(0).rejections()).extracting(FileIntakeStore.Rejection::record).containsExactly(2L, 3L, 4L);
        assertThat(saved.get(0).rejections().get(0))
                .isEqualTo(new FileIntakeStore.Rejection(2, 3, "so_cccd", "rejected by the platform: unknown citizen"));
        assertThat(saved.get(0).rejections().get(1)).isEqualTo(new FileIntakeStore.Rejection(3, 4, "ho_ten", "unterminated quote"));
        assertThat(saved.get(0).rejections().get(2).field()).isEqualTo("so_tien");
        assertThat(saved.get(1)).isEqualTo(new Saved(5, 1, List.of()));
        assertThat(run.lastRecord()).isEqualTo(5);
    }

    @Test
    void aResumedRunSendsOnlyWhatCameAfterItsCheckpoint() {
        BatchSender run = sender(10, 3, platform());
        run.add(good(4));
        run.add(good(5));
        run.finish();
        assertThat(sent).containsExactly(List.of("ab:4", "ab:5"));
        assertThat(saved).containsExactly(new Saved(5, 2, List.of()));
    }

    @Test
    void theCheckpointMovesWhenItsIntervalHasPassed() {
        BatchSender run = sender(1, 0, platform());
        run.add(good(1));
        assertThat(saved).isEmpty();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        run.add(good(2));
        // record 1 answered by then; record 2 is still on its way
        assertThat(saved).containsExactly(new Saved(1, 1, List.of()));
        run.finish();
        assertThat(saved).containsExactly(new Saved(1, 1, List.of()), new Saved(2, 1, List.of()));
    }

    @Test
    void theNextBatchIsReadWhileOneIsOnItsWay() {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicLong posts = new AtomicLong();
        AtomicBoolean firstAnswered = new AtomicBoolean();
        BatchDelivery slowFirst = new BatchDelivery(json, retry, body -> {
            if (posts.incrementAndGet() == 1) {
                try {
                    answer.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                firstAnswered.set(true);
            }
            return null; // no per-record results: all accepted
        });
        BatchSender run = new BatchSender(LAYOUT, 2, "ab", 0, Duration.ofSeconds(1), slowFirst,
                (upTo, accepted, rejections) -> saved.add(new Saved(upTo, accepted, List.copyOf(rejections))), threads, now::get);
        run.add(good(1));
        run.add(good(2));
        run.add(good(3)); // returns while batch 1 has no answer
        assertThat(firstAnswered).isFalse();
        assertThat(saved).isEmpty();
        answer.countDown();
        run.finish();
        assertThat(posts).hasValue(2);
        assertThat(saved).containsExactly(new Saved(3, 3, List.of()));
    }

    @Test
    void aBatchThatFailsStopsTheRunBeforeItsRecordsAreSaved() {
        NdxpException denied = new NdxpException(NdxpException.PLATFORM_REJECTED, 401, "Unauthorized", "bad credentials");
        BatchSender run = sender(1, 0, new BatchDelivery(json, retry, body -> {
            throw denied;
        }));
        run.add(good(1));
        assertThatThrownBy(() -> run.add(good(2))).isSameAs(denied);
        assertThat(saved).isEmpty();
        assertThatNoException().isThrownBy(run::abandon);
    }
}
