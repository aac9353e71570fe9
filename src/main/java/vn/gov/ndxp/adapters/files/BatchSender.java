package vn.gov.ndxp.adapters.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import vn.gov.ndxp.adapters.mapping.MappingException;

/**
 * The records of one run of one file, sent to the platform in batches. One batch is on its way while
 * the next is read and checked. The checkpoint (records 1..n handled, with their rejections) moves
 * every {@code checkpointInterval} and at the end: a crash resends at most that interval's records,
 * which the platform answers as duplicates (the key of a record is {@code <sha256>:<record number>}).
 * Not thread-safe: one reading thread drives it.
 */
final class BatchSender {

    /** Saves records 1..upToRecord as handled, with the accepted count and the rejections since the last save. */
    @FunctionalInterface
    interface Checkpoints {
        void save(long upToRecord, long accepted, List<FileIntakeStore.Rejection> rejections);
    }

    private final FileLayout layout;
    private final int batchSize;
    private final String sha;
    private final Duration checkpointInterval;
    private final BatchDelivery delivery;
    private final Checkpoints checkpoints;
    private final Executor sender;
    private final LongSupplier nanoTime;

    private List<FileRecord> batch = new ArrayList<>();
    private List<ObjectNode> records = new ArrayList<>();
    /** Rejected records not yet in a checkpoint, in record order. */
    private final List<FileIntakeStore.Rejection> rejections = new ArrayList<>();
    private CompletableFuture<Map<String, JsonNode>> inFlight;
    private List<FileRecord> inFlightBatch;
    private long inFlightLast;
    /** Records 1..done are accepted or rejected (in memory); 1..saved are saved. */
    private long done;
    private long saved;
    private long acceptedUnsaved;
    private long savedAt;
    private long last;

    /** {@code resumeAfter}: the records handled before (a crashed or stopped run), not given again. */
    BatchSender(FileLayout layout, int batchSize, String sha, long resumeAfter, Duration checkpointInterval, BatchDelivery delivery,
                Checkpoints checkpoints, Executor sender, LongSupplier nanoTime) {
        this.layout = layout;
        this.batchSize = batchSize;
        this.sha = sha;
        this.checkpointInterval = checkpointInterval;
        this.delivery = delivery;
        this.checkpoints = checkpoints;
        this.sender = sender;
        this.nanoTime = nanoTime;
        this.last = resumeAfter;
        this.done = resumeAfter;
        this.saved = resumeAfter;
        this.savedAt = nanoTime.getAsLong();
    }

    /** The number of the last record given. */
    long lastRecord() {
        return last;
    }

    /** The next record read: a bad one is rejected, a good one joins the batch, a full batch is sent. */
    void add(FileRecord r) {
        last = r.number();
        if (!r.ok()) {
            rejections.add(new FileIntakeStore.Rejection(r.number(), r.line(), r.problemField(), r.problem()));
        } else {
            try {
                records.add(layout.toJson(r.values()));
                batch.add(r);
            } catch (MappingException e) {
                rejections.add(new FileIntakeStore.Rejection(r.number(), r.line(), e.field(), e.getMessage()));
            }
        }
        if (batch.size() >= batchSize || rejections.size() >= batchSize) {
            send();
        }
    }

    /** The end of what can be read: everything sent, answered and saved. */
    void finish() {
        send();
        awaitInFlight();
        done = last;
        checkpoint();
    }

    /** After a failure: let the batch in flight finish (its answer is not counted; a later run resends it). */
    void abandon() {
        if (inFlight != null) {
            try {
                inFlight.join();
            } catch (RuntimeException ignored) {
                // the failure that stopped the run is reported instead
            }
            inFlight = null;
        }
    }

    /** Waits for the batch in flight, then sends the current one (records up to {@code last}). */
    private void send() {
        awaitInFlight();
        if (batch.isEmpty()) {
            done = last; // only rejections since the batch in flight
        } else {
            List<FileRecord> b = batch;
            List<ObjectNode> recs = records;
            batch = new ArrayList<>();
            records = new ArrayList<>();
            inFlightBatch = b;
            inFlightLast = last;
            List<String> keys = b.stream().map(this::key).toList();
            inFlight = CompletableFuture.supplyAsync(() -> delivery.deliver(keys, recs), sender);
        }
        if (nanoTime.getAsLong() - savedAt >= checkpointInterval.toNanos() || rejections.size() >= batchSize) {
            checkpoint();
        }
    }

    /** The batch in flight answered: count it, and the platform's rejections join the others. */
    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        Map<String, JsonNode> results;
        try {
            results = inFlight.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        } finally {
            inFlight = null;
        }
        for (FileRecord r : inFlightBatch) {
            JsonNode result = results.get(key(r));
            if (result != null && "rejected".equals(result.path("status").asText())) {
                rejections.add(new FileIntakeStore.Rejection(r.number(), r.line(), layout.column(result.path("field").asText(null)),
                        "rejected by the platform: " + result.path("reason").asText("no reason given")));
            } else {
                acceptedUnsaved++;
            }
        }
        rejections.sort(Comparator.comparingLong(FileIntakeStore.Rejection::record));
        done = inFlightLast;
    }

    /** Records 1..done and their rejections saved together. */
    private void checkpoint() {
        if (done == saved && acceptedUnsaved == 0) {
            return;
        }
        List<FileIntakeStore.Rejection> upTo = new ArrayList<>();
        for (FileIntakeStore.Rejection r : rejections) {
            if (r.record() <= done) {
                upTo.add(r);
            }
        }
        checkpoints.save(done, acceptedUnsaved, upTo);
        rejections.removeAll(upTo);
        acceptedUnsaved = 0;
        saved = done;
        savedAt = nanoTime.getAsLong();
    }

    private String key(FileRecord r) {
        return sha + ":" + r.number();
    }
}
