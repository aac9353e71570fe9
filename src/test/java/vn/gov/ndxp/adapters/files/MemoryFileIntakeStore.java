package vn.gov.ndxp.adapters.files;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The file intake's state in memory, for the parts' and the steps' tests: one instance, rows by content hash. */
public final class MemoryFileIntakeStore implements FileIntakeStore {

    final Map<String, FileRow> rows = new LinkedHashMap<>();
    final List<Rejection> rejections = new ArrayList<>();
    final List<Long> released = new ArrayList<>();
    /** Content another instance holds: claims of it are not granted. */
    String heldElsewhere;
    RuntimeException failure;

    /** Content already processed under {@code fileName}, with its receipt. */
    void done(String sha, String fileName, String receipt, long accepted, long rejected) {
        rows.put(sha, new FileRow(rows.size() + 1, DONE, fileName, accepted + rejected, accepted, rejected, "tx-first",
                Instant.parse("2026-12-01T10:00:00Z"), receipt, true, false));
    }

    @Override
    public FileRow claim(String adapter, String sha256, String fileName, long size, String transactionId) {
        FileRow row = rows.computeIfAbsent(sha256,
                k -> new FileRow(rows.size() + 1, RUNNING, fileName, 0, 0, 0, transactionId, null, null, true, false));
        if (sha256.equals(heldElsewhere)) {
            return new FileRow(row.id(), row.status(), row.fileName(), row.recordsDone(), row.accepted(), row.rejected(),
                    row.transactionId(), row.finishedAt(), row.receipt(), false, row.moved());
        }
        return row;
    }

    @Override
    public void checkpoint(long id, long recordsDone, long accepted, List<Rejection> rejected) {
        rejections.addAll(rejected);
    }

    @Override
    public long[] counts(long id) {
        return new long[3];
    }

    @Override
    public void rejections(long id, Consumer<Rejection> each) {
        rejections.stream().sorted(Comparator.comparingLong(Rejection::record)).forEach(each);
    }

    @Override
    public void finish(long id, String status, String receipt, String error) {
    }

    @Override
    public void moved(long id) {
        rows.replaceAll((sha, r) -> r.id() != id ? r : new FileRow(r.id(), r.status(), r.fileName(), r.recordsDone(), r.accepted(),
                r.rejected(), r.transactionId(), r.finishedAt(), r.receipt(), r.claimed(), true));
    }

    @Override
    public Forgotten forget(String adapter, String fileName) {
        var newest = rows.entrySet().stream().filter(e -> e.getValue().fileName().equals(fileName)).reduce((x, y) -> y);
        if (newest.isEmpty()) {
            return null;
        }
        FileRow r = newest.get().getValue();
        if (!RUNNING.equals(r.status())) {
            rows.remove(newest.get().getKey());
        }
        return new Forgotten(r.id(), newest.get().getKey(), r.status());
    }

    @Override
    public void release(long id) {
        if (failure != null) {
            throw failure;
        }
        released.add(id);
    }
}
