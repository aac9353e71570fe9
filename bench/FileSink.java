import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform stand-in of bench/file-intake.sh, in its own JVM, the same for the adapter and the
 * baseline (JDK HttpServer + Jackson, on 127.0.0.1 only):
 * <ul>
 * <li>POST .../token: client credentials (Basic auth required, not checked) ->
 * {"access_token","token_type","expires_in"}.</li>
 * <li>POST .../batch: {"records":[{"key","record"}]}, parsed whole with Jackson (readTree); a bearer
 * token is required. Answers {"results":[{"key","status":"accepted"|"duplicate"}]}, one per key; keeps
 * the set of keys seen, so duplicates are counted.</li>
 * <li>GET /count: {"batches","records","distinct","duplicates","firstBatchMs","lastBatchMs","bytes"}
 * (epoch ms of the first request received and of the last answer sent); POST /reset clears it all.</li>
 * </ul>
 *   java -cp <jackson jars>:DIR FileSink <port>
 */
public class FileSink {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> keys = ConcurrentHashMap.newKeySet(1 << 22); // sized: no rehash during a run
    static final AtomicLong batches = new AtomicLong(), records = new AtomicLong(), duplicates = new AtomicLong(), bytes = new AtomicLong();
    static volatile long firstMs, lastMs;

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", FileSink::handle);
        server.start();
        System.out.println("FileSink on 127.0.0.1:" + args[0]);
    }

    static void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = x.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.equals("/count")) {
                send(x, 200, String.format("{\"batches\":%d,\"records\":%d,\"distinct\":%d,\"duplicates\":%d,\"firstBatchMs\":%d,"
                        + "\"lastBatchMs\":%d,\"bytes\":%d}", batches.get(), records.get(), keys.size(), duplicates.get(), firstMs, lastMs,
                        bytes.get()).getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/reset")) {
                keys.clear();
                batches.set(0);
                records.set(0);
                duplicates.set(0);
                bytes.set(0);
                firstMs = lastMs = 0;
                send(x, 200, "{}".getBytes(StandardCharsets.UTF_8));
            } else if (path.endsWith("/token") && "POST".equals(x.getRequestMethod())) {
                String auth = x.getRequestHeaders().getFirst("Authorization");
                if (auth == null || !auth.startsWith("Basic ")) {
                    send(x, 401, "{\"error\":\"invalid_client\"}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                send(x, 200, "{\"access_token\":\"bench-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}".getBytes(StandardCharsets.UTF_8));
            } else if (path.endsWith("/batch") && "POST".equals(x.getRequestMethod())) {
                batch(x, body);
            } else {
                send(x, 404, "{\"detail\":\"not here\"}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    static void batch(HttpExchange x, byte[] body) throws IOException {
        long t0 = System.currentTimeMillis();
        if (firstMs == 0) {
            firstMs = t0;
        }
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.equals("Bearer bench-token")) {
            send(x, 401, "{\"detail\":\"bearer token required\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        JsonNode items = JSON.readTree(body).path("records");
        if (!items.isArray()) {
            send(x, 400, "{\"detail\":\"a batch is {records:[{key,record}]}\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(items.size() * 96);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (JsonNode item : items) {
                String key = item.path("key").asText();
                boolean fresh = keys.add(key);
                if (!fresh) {
                    duplicates.incrementAndGet();
                }
                g.writeStartObject();
                g.writeStringField("key", key);
                g.writeStringField("status", fresh ? "accepted" : "duplicate");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        records.addAndGet(items.size());
        batches.incrementAndGet();
        bytes.addAndGet(body.length);
        send(x, 200, out.toByteArray());
        lastMs = System.currentTimeMillis();
    }

    static void send(HttpExchange x, int status, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
    }
}
