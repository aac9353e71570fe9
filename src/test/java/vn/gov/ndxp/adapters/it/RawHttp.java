package vn.gov.ndxp.adapters.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client for hostile-input tests: it sends exactly the request line, headers and body
 * framing it is given (what a client library refuses to send included), optionally from a chosen local
 * address, and reads the answer even when the server answers before the body was all sent.
 */
final class RawHttp {

    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

    private RawHttp() {
    }

    /** An answer; header names lower case, repeated headers joined with ", ". */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** A body: the framing header it declares (or none) and what is written after the header block. */
    record Body(String framing, Writer writer) {
        static Body none() {
            return new Body(null, out -> { });
        }

        static Body whole(byte[] b) {
            return new Body("Content-Length: " + b.length, out -> out.write(b));
        }

        /** Declares {@code length} bytes and sends none: the answer must come before the body. */
        static Body declaredOnly(long length) {
            return new Body("Content-Length: " + length, out -> { });
        }

        /** {@code b} in chunks of 8 KiB, then the last chunk. */
        static Body chunked(byte[] b) {
            return new Body("Transfer-Encoding: chunked", out -> {
                for (int i = 0; i < b.length; i += 8192) {
                    chunk(out, b, i, Math.min(8192, b.length - i));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            });
        }

        /** {@code start}, then {@code filler} chunks until at least {@code atLeast} bytes; the last chunk never comes. */
        static Body endlessChunks(String start, String filler, long atLeast) {
            byte[] s = start.getBytes(StandardCharsets.UTF_8);
            byte[] f = filler.getBytes(StandardCharsets.UTF_8);
            return new Body("Transfer-Encoding: chunked", out -> {
                chunk(out, s, 0, s.length);
                for (long sent = s.length; sent < atLeast; sent += f.length) {
                    chunk(out, f, 0, f.length);
                }
            });
        }
    }

    private static void chunk(OutputStream out, byte[] b, int off, int len) throws IOException {
        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b, off, len);
        out.write(CRLF);
    }

    /**
     * Sends {@code method target HTTP/1.1} with Host, Connection: close, {@code headers} as given (UTF-8
     * bytes) and the body's framing header, from the local address {@code from} (null: any). The body is
     * written by another thread so that an answer given before the whole body was sent is read.
     */
    static Answer exchange(int port, String from, String method, String target, List<String> headers, Body body) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        if (body.framing() != null) {
            head.append(body.framing()).append("\r\n");
        }
        try (Socket socket = new Socket()) {
            // a hang detector, not a timing expectation: an answer that waits for an unsent body never comes
            socket.setSoTimeout(60_000);
            if (from != null) {
                socket.bind(new InetSocketAddress(from, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread writer = new Thread(() -> {
                try {
                    body.writer().write(out);
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed before taking the whole body: its answer is read
                }
            }, "raw-http-body");
            writer.setDaemon(true);
            writer.start();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        int status = Integer.parseInt(line(in).split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.merge(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int n = chunkSize(in); n > 0; n = chunkSize(in)) {
                body.write(in.readNBytes(n));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Answer(status, headers, body.toByteArray());
    }

    private static int chunkSize(InputStream in) throws IOException {
        return Integer.parseInt(line(in).split(";")[0].trim(), 16);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
