package vn.gov.ndxp.adapters.files;

import java.nio.file.Files;
import java.nio.file.Path;
import vn.gov.ndxp.adapters.exchange.NdxpException;

/**
 * Claims a file by its content (adapter, SHA-256) before it is read: content processed before is a
 * duplicate, not sent again; content another live instance holds is left for now; anything else is
 * this instance's to run, from the last checkpoint.
 */
final class ContentClaims {

    /** What to do with a file. */
    enum Decision {
        /** Read and send it, after {@code row.recordsDone()} records. */
        RUN,
        /**
         * Its content was processed under another name, or under this one and the original moved away since
         * (dropped again), or its receipt is gone: a "duplicate" receipt, then done/.
         */
        DUPLICATE,
        /** This very file was processed and its receipt written, but a crash came before the move: just move it to done/. */
        MOVE_ONLY
    }

    record Claim(Decision decision, FileIntakeStore.FileRow row) {
    }

    private final FileIntakeStore store;

    ContentClaims(FileIntakeStore store) {
        this.store = store;
    }

    /**
     * @param receipts the adapter's receipts folder, where a finished file's receipt is looked for
     * @throws NdxpException adapter.unavailable (503) when another instance is processing the same content
     */
    Claim claim(String adapter, String sha, String name, long size, String txId, Path receipts) {
        FileIntakeStore.FileRow row = store.claim(adapter, sha, name, size, txId);
        if (!row.claimed()) {
            // the same content under another name, taken by another instance: leave it for now
            throw new NdxpException(NdxpException.ADAPTER_UNAVAILABLE, 503, "File in progress elsewhere",
                    name + " has the content of " + row.fileName() + ", which another instance is processing", null, null, null);
        }
        if (!FileIntakeStore.DONE.equals(row.status())) {
            return new Claim(Decision.RUN, row);
        }
        boolean receiptWritten = name.equals(row.fileName()) && row.receipt() != null && Files.exists(receipts.resolve(row.receipt()));
        return new Claim(receiptWritten && !row.moved() ? Decision.MOVE_ONLY : Decision.DUPLICATE, row);
    }

    /** A run stopped by an outage: the next poll (here or elsewhere) may take the file at once. */
    void release(FileIntakeStore.FileRow row) {
        try {
            store.release(row.id());
        } catch (RuntimeException ignored) {
            // the database is down too: the lease runs out by itself
        }
    }
}
