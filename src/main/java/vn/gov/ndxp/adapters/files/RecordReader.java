package vn.gov.ndxp.adapters.files;

import java.io.Closeable;
import java.io.IOException;

/** Streams the records of one file; never holds the whole file. */
public interface RecordReader extends Closeable {

    /**
     * The next record, or null at the end. A problem with one record is returned as a FileRecord with
     * problem set (the reader goes on with the next). A problem with the file as a whole (unreadable,
     * wrong header, not UTF-8, binary, malformed XML) throws FileFormatException.
     */
    FileRecord next() throws IOException;

    /**
     * Bytes of the underlying stream consumed so far (for progress in percent of the file size). Readers
     * decode in blocks, so this runs ahead of the last record returned by at most one buffer.
     */
    long bytesRead();

    /**
     * Skips to just after record number n (for resuming after a crash: records 1..n were already
     * handled); default: read and drop. Returns the number of the last record read, which is less than n
     * when the file has fewer records (a sign it is not the file the crashed run was reading).
     */
    default long skipTo(long n) throws IOException {
        long last = 0;
        while (last < n) {
            FileRecord r = next();
            if (r == null) {
                break;
            }
            last = r.number();
        }
        return last;
    }
}
