import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Closed-loop HTTP load generator, the same for the direct (baseline) and the adapter path so that the
 * only difference between two runs is the server side.
 *
 * Each of --concurrency virtual users is a platform thread that sends a request, waits for the full
 * answer, and sends the next one (no think time). Requests started during --warmup-seconds are not
 * recorded; requests started during the next --seconds are. Every latency is kept (nanos) and sorted
 * at the end, so the percentiles are exact. Prints one JSON line on stdout. With --interval-seconds N it
 * also prints the throughput of each N-second slice of the measured period ("intervals", req/s by
 * completion time), to show how a fresh runtime warms up.
 *
 *   java bench/LoadTool.java --url http://127.0.0.1:8080/x [--method GET] [--header 'Name: value']...
 *        [--body-file f] [--concurrency 8] [--warmup-seconds 10] [--seconds 30] [--label name]
 *        [--interval-seconds 5]
 */
public class LoadTool {

    public static void main(String[] args) throws Exception {
        String url = null, method = "GET", bodyFile = null, label = "";
        List<String[]> headers = new ArrayList<>();
        int concurrency = 8;
        double warmup = 10, seconds = 30, interval = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--url" -> url = args[++i];
                case "--method" -> method = args[++i].toUpperCase(Locale.ROOT);
                case "--header" -> {
                    String h = args[++i];
                    int c = h.indexOf(':');
                    headers.add(new String[] {h.substring(0, c).trim(), h.substring(c + 1).trim()});
                }
                case "--body-file" -> bodyFile = args[++i];
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmup = Double.parseDouble(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--label" -> label = args[++i];
                case "--interval-seconds" -> interval = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        byte[] body = bodyFile == null ? null : Files.readAllBytes(Path.of(bodyFile));

        // one shared client: HTTP/1.1 keep-alive, its pool keeps one connection per busy user
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (String[] h : headers) {
            rb.header(h[0], h[1]);
        }
        rb.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpRequest request = rb.build();

        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long measureTo = measureFrom + (long) (seconds * 1e9);
        long intervalNanos = (long) (interval * 1e9);
        int slices = intervalNanos > 0 ? (int) Math.ceil(seconds / interval) : 0;
        AtomicLongArray perSlice = new AtomicLongArray(Math.max(slices, 1));
        Worker[] workers = new Worker[concurrency];
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            workers[i] = new Worker(client, request, measureFrom, measureTo, done, intervalNanos, perSlice, slices);
            Thread t = new Thread(workers[i], "vu-" + i);
            t.setDaemon(true);
            t.start();
        }
        done.await();

        int n = 0;
        long errors = 0, warmupRequests = 0;
        String firstError = null;
        for (Worker w : workers) {
            n += w.count;
            errors += w.errors;
            warmupRequests += w.warmupCount;
            if (firstError == null) {
                firstError = w.firstError;
            }
        }
        long[] all = new long[n];
        int p = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, p, w.count);
            p += w.count;
        }
        Arrays.sort(all);
        StringBuilder json = new StringBuilder("{");
        json.append("\"label\":\"").append(label).append('"');
        json.append(",\"url\":\"").append(url).append('"');
        json.append(",\"concurrency\":").append(concurrency);
        json.append(",\"warmupSeconds\":").append(warmup);
        json.append(",\"seconds\":").append(seconds);
        json.append(",\"warmupRequests\":").append(warmupRequests);
        json.append(",\"requests\":").append(n);
        json.append(",\"errors\":").append(errors);
        json.append(",\"throughput\":").append(fmt(n / seconds));
        json.append(",\"p50Ms\":").append(ms(pct(all, 0.50)));
        json.append(",\"p90Ms\":").append(ms(pct(all, 0.90)));
        json.append(",\"p99Ms\":").append(ms(pct(all, 0.99)));
        json.append(",\"maxMs\":").append(ms(n == 0 ? 0 : all[n - 1]));
        if (slices > 0) {
            json.append(",\"intervalSeconds\":").append(interval).append(",\"intervals\":[");
            for (int i = 0; i < slices; i++) {
                // the last slice may be shorter than the others
                double len = Math.min(interval, seconds - i * interval);
                json.append(i == 0 ? "" : ",").append(fmt(perSlice.get(i) / len));
            }
            json.append(']');
        }
        if (firstError != null) {
            json.append(",\"firstError\":\"").append(firstError.replace("\\", "\\\\").replace("\"", "'")).append('"');
        }
        json.append('}');
        System.out.println(json);
    }

    /** Nearest-rank percentile of a sorted array. */
    static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))];
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static final class Worker implements Runnable {
        final HttpClient client;
        final HttpRequest request;
        final long measureFrom, measureTo;
        final CountDownLatch done;
        final long intervalNanos;
        final AtomicLongArray perSlice;
        final int slices;
        long[] latencies = new long[1 << 16];
        int count, warmupCount;
        long errors;
        String firstError;

        Worker(HttpClient client, HttpRequest request, long measureFrom, long measureTo, CountDownLatch done,
                long intervalNanos, AtomicLongArray perSlice, int slices) {
            this.intervalNanos = intervalNanos;
            this.perSlice = perSlice;
            this.slices = slices;
            this.client = client;
            this.request = request;
            this.measureFrom = measureFrom;
            this.measureTo = measureTo;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= measureTo) {
                        return;
                    }
                    String error = null;
                    try {
                        // read the whole body: the server's work includes producing it
                        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) {
                            error = "HTTP " + r.statusCode() + ": " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
                        }
                    } catch (Exception e) {
                        error = e.toString();
                    }
                    long t1 = System.nanoTime();
                    if (t0 < measureFrom) {
                        warmupCount++;
                        continue;
                    }
                    if (error != null) {
                        errors++;
                        if (firstError == null) {
                            firstError = error.length() > 300 ? error.substring(0, 300) : error;
                        }
                        // failed requests are counted, not mixed into the latency figures
                        continue;
                    }
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = t1 - t0;
                    if (slices > 0) {
                        // by completion time; answers completing after the end fall in the last slice
                        perSlice.incrementAndGet((int) Math.min((t1 - measureFrom) / intervalNanos, slices - 1));
                    }
                }
            } finally {
                done.countDown();
            }
        }
    }
}
