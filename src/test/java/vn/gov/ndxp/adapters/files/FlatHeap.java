package vn.gov.ndxp.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.function.Supplier;

/** Reads a whole generated file, checking each record, and returns the most the heap grew from before it was opened. */
final class FlatHeap {

    private FlatHeap() {
    }

    /**
     * Every record must be valid and numbered as its "id" value; the heap is measured (after a GC) every
     * {@code sampleEvery} records; {@code records} records and {@code size} bytes must be read in all.
     */
    static long maxGrowth(Supplier<RecordReader> open, long records, long size, long sampleEvery) throws IOException {
        long before = usedHeap();
        long count = 0;
        long maxUsed = 0;
        try (RecordReader reader = open.get()) {
            for (FileRecord r = reader.next(); r != null; r = reader.next()) {
                if (!r.ok() || r.number() != Long.parseLong(r.values().get("id"))) {
                    throw new AssertionError(r);
                }
                if (++count % sampleEvery == 0) {
                    maxUsed = Math.max(maxUsed, usedHeap() - before);
                }
            }
            assertThat(reader.bytesRead()).isEqualTo(size);
        }
        assertThat(count).isEqualTo(records);
        return maxUsed;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
