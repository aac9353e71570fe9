package vn.gov.ndxp.adapters.files;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * TCVN3 ("ABC", TCVN 5712:1993 VN3), which the JDK does not have: ASCII below 0x80, and above it the
 * bytes of the kept table {@code tcvn3.txt} (where it comes from is said there). Any other byte is
 * malformed. Decoding only: the runtime reads such files, it never writes them.
 */
final class Tcvn3Charset extends Charset {

    static final Tcvn3Charset INSTANCE = new Tcvn3Charset();

    /** Byte 0x80..0xFF -> its character; 0: not TCVN3. */
    private static final char[] HIGH = load();

    private Tcvn3Charset() {
        super("x-TCVN3", new String[] {"TCVN3"});
    }

    private static char[] load() {
        char[] high = new char[128];
        try (InputStream in = Tcvn3Charset.class.getResourceAsStream("tcvn3.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" ", 3);
                int b = Integer.parseInt(parts[0], 16);
                if (b < 0x80 || b > 0xFF || high[b - 0x80] != 0) {
                    throw new IllegalStateException("tcvn3.txt: byte " + parts[0] + " out of range or listed twice");
                }
                high[b - 0x80] = (char) Integer.parseInt(parts[1], 16);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return high;
    }

    static char charOf(int b) {
        return b < 0x80 ? (char) b : HIGH[b - 0x80];
    }

    @Override
    public boolean contains(Charset cs) {
        return cs instanceof Tcvn3Charset || cs.equals(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean canEncode() {
        return false;
    }

    @Override
    public CharsetEncoder newEncoder() {
        throw new UnsupportedOperationException("TCVN3 is read, never written");
    }

    @Override
    public CharsetDecoder newDecoder() {
        return new CharsetDecoder(this, 1f, 1f) {
            @Override
            protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
                while (in.hasRemaining()) {
                    int b = in.get(in.position()) & 0xFF;
                    char c = charOf(b);
                    if (c == 0 && b != 0) {
                        return CoderResult.malformedForLength(1);
                    }
                    if (!out.hasRemaining()) {
                        return CoderResult.OVERFLOW;
                    }
                    out.put(c);
                    in.position(in.position() + 1);
                }
                return CoderResult.UNDERFLOW;
            }
        };
    }
}
