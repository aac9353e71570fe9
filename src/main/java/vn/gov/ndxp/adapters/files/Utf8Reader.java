package vn.gov.ndxp.adapters.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding that drops a leading byte order mark. Unlike InputStreamReader, which throws as
 * soon as its block holds a malformed sequence, it first delivers every character before the sequence,
 * so the error is known to be right after the last character delivered (its line, when counting lines).
 */
final class Utf8Reader extends Reader {

    /** Thrown at the first malformed byte sequence, with its 1-based line and column when lines are counted. */
    static final class NotUtf8Exception extends IOException {
        private static final long serialVersionUID = 1L;
        final long line;
        final long column;

        NotUtf8Exception(long line, long column) {
            super("not UTF-8 text" + (line > 0 ? " at line " + line : ""));
            this.line = line;
            this.column = column;
        }
    }

    private final InputStream in;
    private final boolean countLines;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes;
    private boolean inputDone;
    private boolean decodedAll;
    private boolean malformed;
    private boolean first = true;
    private long line = 1;
    private long column;
    private boolean afterCr;

    Utf8Reader(InputStream in, int bufferSize, boolean countLines) {
        this.in = in;
        this.bytes = ByteBuffer.allocate(bufferSize);
        this.countLines = countLines;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
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
        if (n > 0) {
            if (countLines) {
                count(cbuf, off, n);
            }
            return n;
        }
        if (malformed) {
            throw countLines ? new NotUtf8Exception(line, column + 1) : new NotUtf8Exception(0, 0);
        }
        return -1;
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
