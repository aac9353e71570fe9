package vn.gov.ndxp.adapters.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.text.Normalizer;

/**
 * Strict decoding of a file in its layout's {@link FileEncoding}, dropping a leading byte order mark.
 * Unlike InputStreamReader, which throws as soon as its block holds a malformed sequence, it first
 * delivers every character before the sequence, so the error is known to be right after the last
 * character delivered (its line, when counting lines). For an encoding with combining tone marks
 * (windows-1258) the text is composed to NFC; a base letter is held back until the next block shows
 * whether marks follow it.
 */
final class TextReader extends Reader {

    /** Thrown at the first byte sequence that is not text in the encoding, with its 1-based line and column when lines are counted. */
    static final class NotTextException extends IOException {
        private static final long serialVersionUID = 1L;
        final long line;
        final long column;

        NotTextException(String what, long line, long column) {
            super(what + (line > 0 ? " at line " + line : ""));
            this.line = line;
            this.column = column;
        }
    }

    /** A run of combining marks longer than this is composed as it stands (no letter takes more than a few). */
    private static final int MAX_HELD = 4096;

    /**
     * UAX #15's stream-safe limit: no text needs more combining marks in a row, and composing a longer
     * run costs time quadratic in its length, so such a run is not text.
     */
    static final int MAX_MARKS_IN_A_ROW = 30;

    private final InputStream in;
    private final FileEncoding encoding;
    private final boolean countLines;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes;
    private boolean inputDone;
    private boolean decodedAll;
    private boolean malformed;
    private String malformedWhat;
    private boolean first = true;
    private boolean orderChecked;
    private long line = 1;
    private long column;
    private boolean afterCr;

    // NFC only: decoded text not yet composed (from the last base letter on), composed text not yet handed out
    private final StringBuilder held;
    private final char[] chunk;
    private String ready = "";
    private int readyAt;
    private NotTextException pending;
    private int marksInARow;

    TextReader(InputStream in, FileEncoding encoding, int bufferSize, boolean countLines) {
        this.in = in;
        this.encoding = encoding;
        this.decoder = encoding.newDecoder();
        this.bytes = ByteBuffer.allocate(Math.max(bufferSize, 4));
        this.countLines = countLines;
        this.held = encoding.composeToNfc() ? new StringBuilder() : null;
        this.chunk = encoding.composeToNfc() ? new char[bufferSize] : null;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        return held == null ? readDecoded(cbuf, off, len) : readComposed(cbuf, off, len);
    }

    private int readComposed(char[] cbuf, int off, int len) throws IOException {
        while (readyAt == ready.length()) {
            if (pending != null) {
                throw pending;
            }
            int n;
            try {
                n = readDecoded(chunk, 0, chunk.length);
            } catch (NotTextException e) {
                pending = e; // what came before the bad byte is text: hand it out first
                n = -1;
            }
            if (n < 0) {
                if (held.isEmpty()) {
                    if (pending != null) {
                        throw pending;
                    }
                    return -1;
                }
                ready = Normalizer.normalize(held, Normalizer.Form.NFC);
                held.setLength(0);
            } else {
                held.append(chunk, 0, n);
                int keep = lastBase(held);
                if (keep <= 0 && held.length() < MAX_HELD) {
                    continue;
                }
                int upTo = keep <= 0 ? held.length() : keep;
                ready = Normalizer.normalize(held.subSequence(0, upTo), Normalizer.Form.NFC);
                held.delete(0, upTo);
            }
            readyAt = 0;
        }
        int n = Math.min(len, ready.length() - readyAt);
        ready.getChars(readyAt, readyAt + n, cbuf, off);
        readyAt += n;
        return n;
    }

    /** Index of the last character that is not a combining mark (marks after it may still come), -1 if none. */
    private static int lastBase(CharSequence s) {
        for (int i = s.length() - 1; i >= 0; i--) {
            if (!isMark(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isMark(char c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    /** Number of the n decoded characters before a run of marks exceeds the stream-safe limit (n if none does). */
    private int withinMarkLimit(char[] cbuf, int off, int n) {
        for (int i = off; i < off + n; i++) {
            marksInARow = isMark(cbuf[i]) ? marksInARow + 1 : 0;
            if (marksInARow > MAX_MARKS_IN_A_ROW) {
                malformed = true;
                malformedWhat = "more than " + MAX_MARKS_IN_A_ROW + " combining marks in a row";
                return i - off;
            }
        }
        return n;
    }

    private int readDecoded(char[] cbuf, int off, int len) throws IOException {
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (out.position() == off && !malformed && !decodedAll) {
            if (!inputDone && bytes.hasRemaining()) {
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    inputDone = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
            }
            if (!orderChecked && encoding.needsByteOrderMark()) {
                if (!byteOrderMarkKnown()) {
                    continue; // fewer than two bytes read so far
                }
                orderChecked = true;
                if (malformed) {
                    break;
                }
            }
            bytes.flip();
            CoderResult result = decoder.decode(bytes, out, inputDone);
            bytes.compact();
            if (result.isError()) {
                malformed = true;
            } else if (inputDone && result.isUnderflow()) {
                decoder.flush(out);
                decodedAll = true;
            }
            if (first && out.position() > off) {
                first = false;
                if (cbuf[off] == '\uFEFF') { // the BOM is not text: drop it
                    System.arraycopy(cbuf, off + 1, cbuf, off, out.position() - off - 1);
                    out.position(out.position() - 1);
                }
            }
        }
        int n = out.position() - off;
        if (held != null && n > 0) {
            n = withinMarkLimit(cbuf, off, n);
        }
        if (n > 0) {
            if (countLines) {
                count(cbuf, off, n);
            }
            return n;
        }
        if (malformed) {
            String what = malformedWhat != null ? malformedWhat : "not " + encoding.label() + " text";
            throw countLines ? new NotTextException(what, line, column + 1) : new NotTextException(what, 0, 0);
        }
        return -1;
    }

    /**
     * UTF-16 decides its byte order by the mark: true once the first two bytes are read (or the file
     * ended); a file that does not start with FE FF or FF FE is refused here rather than read in an
     * order that may be the wrong one.
     */
    private boolean byteOrderMarkKnown() {
        if (bytes.position() < 2 && !inputDone) {
            return false;
        }
        if (bytes.position() == 0) {
            return true; // an empty file: its readers say so
        }
        int b0 = bytes.get(0) & 0xFF;
        int b1 = bytes.position() > 1 ? bytes.get(1) & 0xFF : -1;
        if (!(b0 == 0xFE && b1 == 0xFF || b0 == 0xFF && b1 == 0xFE)) {
            malformed = true;
            malformedWhat = "not UTF-16 text (no byte order mark; a file without one needs UTF-16LE or UTF-16BE)";
        }
        return true;
    }

    private void count(char[] cbuf, int off, int n) {
        for (int i = off; i < off + n; i++) {
            char c = cbuf[i];
            if (c == '\n' && afterCr) { // second half of CR LF: already counted
                afterCr = false;
                continue;
            }
            afterCr = c == '\r';
            if (c == '\n' || c == '\r') {
                line++;
                column = 0;
            } else {
                column++;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
