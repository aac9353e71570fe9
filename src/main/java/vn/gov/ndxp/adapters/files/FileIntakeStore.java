package vn.gov.ndxp.adapters.files;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where each file stands, shared by every instance: claimed by content hash with a lease, a checkpoint
 * every second or so (the resume point after a crash) and the rejected records for the receipt.
 */
public interface FileIntakeStore {

    String RUNNING = "RUNNING";
    String DONE = "DONE";
    String FAILED = "FAILED";

    /**
     * A file's row; {@code claimed} is false when another live instance holds its lease; {@code moved}:
     * the original of a finished file has left the drop folder.
     */
    record FileRow(long id, String status, String fileName, long recordsDone, long accepted, long rejected,
                   String transactionId, Instant finishedAt, String receipt, boolean claimed, boolean moved) {
    }

    /** A file an operator released: what was forgotten (nothing when it is RUNNING). */
    record Forgotten(long id, String sha256, String status) {
    }

    /** A rejected record: its number, the line it starts on, the field (column) and why. */
    record Rejection(long record, long line, String field, String reason) {
    }

    /**
     * Registers the content (adapter, hash) or finds it, and takes its lease unless another instance
     * holds a live one. A FAILED (unreadable) content starts again from the first record.
     */
    FileRow claim(String adapter, String sha256, String fileName, long size, String transactionId);

    /** Records 1..recordsDone are handled: counts and rejections move on together, and the lease is renewed. */
    void checkpoint(long id, long recordsDone, long accepted, List<Rejection> rejections);

    /** The counts as stored (after the last checkpoint): records done, accepted, rejected. */
    long[] counts(long id);

    /** The file's rejected records in order, streamed (a file may have many). */
    void rejections(long id, Consumer<Rejection> each);

    /** The end: DONE (receipt written) or FAILED (unreadable); the lease is released. */
    void finish(long id, String status, String receipt, String error);

    /** The original of a finished file has been moved to done/ or error/. */
    void moved(long id);

    /**
     * Forgets the newest content seen under this file name, so that the file is processed again, from
     * the first record, the next time it is dropped. A RUNNING one is left as it is (it resumes by
     * itself). Null when no content was seen under this name.
     */
    Forgotten forget(String adapter, String fileName);

    /** Lets another instance (or the next poll) take the file at once: used when a run stops on a transient failure. */
    void release(long id);
}
