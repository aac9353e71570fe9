package vn.gov.ndxp.adapters.mapping;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an XXE attack would reach for: a local file holding a unique marker, and a local HTTP server
 * that would serve a DTD pulling that file in and counts every request. A parser that is safe leaves
 * the marker out of everything it returns or throws, and the server never sees a request.
 */
public final class XxeTrap implements AutoCloseable {

    private final String marker = "NDXP-SECRET-" + UUID.randomUUID();
    private final Path secret;
    private final HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private Path ownDir;

    /** A trap in a temporary folder of its own, removed with its secret on close. */
    public static XxeTrap inTempDir(String prefix) throws IOException {
        XxeTrap trap = new XxeTrap(Files.createTempDirectory(prefix));
        trap.ownDir = trap.secret.getParent();
        return trap;
    }

    public XxeTrap(Path dir) throws IOException {
        secret = Files.writeString(dir.resolve("secret.txt"), marker);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] dtd = ("<!ENTITY s SYSTEM \"" + secret.toUri() + "\">").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, dtd.length);
            exchange.getResponseBody().write(dtd);
            exchange.close();
        });
        server.start();
    }

    /** The secret file's content, which must never come out. */
    public String marker() {
        return marker;
    }

    public Path secret() {
        return secret;
    }

    /** The URL of the DTD that would pull the secret in. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.dtd";
    }

    /** Requests the server received (a safe parser sends none). */
    public AtomicInteger hits() {
        return hits;
    }

    @Override
    public void close() {
        server.stop(0);
        if (ownDir != null) {
            try {
                Files.deleteIfExists(secret);
                Files.deleteIfExists(ownDir);
            } catch (IOException e) {
                // a temporary folder left behind is harmless
            }
        }
    }
}
