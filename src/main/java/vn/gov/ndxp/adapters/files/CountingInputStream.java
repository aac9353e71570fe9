package vn.gov.ndxp.adapters.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read from the raw stream, below any decoder or parser buffer. */
final class CountingInputStream extends FilterInputStream {

    private final boolean wide;
    private long count;
    private boolean blank = true;

    /** @param wide UTF-16: a byte 0x00 is half of a blank, FE FF / FF FE a byte order mark */
    CountingInputStream(InputStream in, boolean wide) {
        super(in);
        this.wide = wide;
    }

    long count() {
        return count;
    }

    /**
     * True while every byte read so far is ASCII whitespace or part of a byte order mark (UTF-8, or
     * UTF-16 when wide): a file that ends in that state is empty.
     */
    boolean onlyBlank() {
        return blank;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            seen(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            seen(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count += skipped;
        blank &= skipped == 0;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false; // a reset would count bytes twice
    }

    private void seen(byte[] b, int off, int n) {
        // Only the first content byte is looked for; after it this is a plain counter.
        for (int i = off; blank && i < off + n; i++) {
            int c = b[i] & 0xFF;
            long at = count + (i - off);
            boolean bomByte = at == 0 && c == 0xEF || at == 1 && c == 0xBB || at == 2 && c == 0xBF;
            bomByte |= wide && at < 2 && (c == 0xFE || c == 0xFF);
            blank = c == ' ' || c == '\t' || c == '\n' || c == '\r' || bomByte || wide && c == 0;
        }
        count += n;
    }
}
