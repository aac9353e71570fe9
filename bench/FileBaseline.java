import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The baseline of bench/file-intake.sh: the least a plain Java program does to send a contribution
 * file to the platform, sequential like the adapter. Buffered read (BufferedReader, UTF-8, 64 KiB),
 * CSV parse (quoted fields with delimiters, doubled quotes and line breaks), one JSON object per record
 * with the adapter's field names and types (Jackson's JsonGenerator, straight into the batch's bytes),
 * one HTTP POST {"records":[{"key","record"}]} per batch (java.net.http.HttpClient, as the adapter's
 * PlatformClient, same headers), the answer parsed (Jackson readTree) and its "accepted" counted.
 * No schema validation, no checkpoint, no receipt, no content hash: the key is
 * "<sha-256 of the file name>:<record number>", as long as the adapter's "<sha-256 of the content>:<n>".
 *
 *   java -cp <jackson jars>:DIR FileBaseline <platform url> <service id> <path> <batch size> <file>...
 * One JSON line per file: {"file","records","accepted","batches","seconds","recordsPerSecond","cpuMsPerRecord"}.
 */
public class FileBaseline {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] FIELDS = {"insuranceNumber", "citizenId", "fullName", "birthDate", "address", "employerCode", "period", "salary", "amount"};
    static final String HEADER = "ma_so_bhxh,so_cccd,ho_ten,ngay_sinh,dia_chi,ma_don_vi,ky_dong,muc_luong,so_tien";

    public static void main(String[] args) throws Exception {
        String base = args[0], service = args[1], path = args[2];
        int batchSize = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newHttpClient();
        // a platform token is bound to the provider it is for (RFC 8707 resource)
        String token = token(http, base, service.substring(0, service.indexOf('/')));
        URI uri = URI.create(base + "/r1/" + service + path);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int f = 4; f < args.length; f++) {
            Path file = Path.of(args[f]);
            String prefix = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.toString().getBytes(StandardCharsets.UTF_8)));
            long t0 = System.nanoTime(), cpu0 = os.getProcessCpuTime();
            long records = 0, accepted = 0, batches = 0;
            ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 20);
            JsonGenerator g = null;
            int inBatch = 0;
            List<String> fields = new ArrayList<>(FIELDS.length);
            try (BufferedReader in = new BufferedReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), 1 << 16)) {
                String line = in.readLine();
                if (line == null || !line.strip().equals(HEADER)) {
                    throw new IllegalStateException("unexpected header: " + line);
                }
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    parse(line, in, fields);
                    if (g == null) {
                        buf.reset();
                        g = JSON.getFactory().createGenerator(buf);
                        g.writeStartObject();
                        g.writeArrayFieldStart("records");
                    }
                    records++;
                    g.writeStartObject();
                    g.writeStringField("key", prefix + ":" + records);
                    g.writeObjectFieldStart("record");
                    for (int i = 0; i < FIELDS.length; i++) {
                        String v = fields.get(i);
                        if (i >= 7) {
                            g.writeNumberField(FIELDS[i], Long.parseLong(v));
                        } else if (!(i == 4 && v.isEmpty())) {
                            g.writeStringField(FIELDS[i], v);
                        }
                    }
                    g.writeEndObject();
                    g.writeEndObject();
                    if (++inBatch == batchSize) {
                        accepted += post(http, uri, token, service, g, buf);
                        batches++;
                        g = null;
                        inBatch = 0;
                    }
                }
            }
            if (g != null) {
                accepted += post(http, uri, token, service, g, buf);
                batches++;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
            System.out.printf("{\"file\":\"%s\",\"records\":%d,\"accepted\":%d,\"batches\":%d,\"seconds\":%.3f,\"recordsPerSecond\":%.1f,"
                    + "\"cpuMsPerRecord\":%.4f}%n", file.getFileName(), records, accepted, batches, s, records / s, cpuMs / records);
        }
    }

    /** One CSV record into fields: quoted fields may hold commas, doubled quotes and line breaks (more lines are read). */
    static void parse(String line, BufferedReader in, List<String> fields) throws IOException {
        fields.clear();
        StringBuilder f = new StringBuilder(64);
        int i = 0;
        while (true) {
            f.setLength(0);
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i == line.length()) { // a line break inside the quotes
                        String next = in.readLine();
                        if (next == null) {
                            throw new IllegalStateException("quoted field not closed at the end of the file");
                        }
                        f.append('\n');
                        line = next;
                        i = 0;
                        continue;
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            f.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        f.append(c);
                    }
                }
                fields.add(f.toString());
                if (i >= line.length()) {
                    break;
                }
                i++; // the comma
            } else {
                int comma = line.indexOf(',', i);
                if (comma < 0) {
                    fields.add(line.substring(i));
                    break;
                }
                fields.add(line.substring(i, comma));
                i = comma + 1;
            }
        }
        if (fields.size() != FIELDS.length) {
            throw new IllegalStateException("expected " + FIELDS.length + " fields, found " + fields.size() + ": " + line);
        }
    }

    static long post(HttpClient http, URI uri, String token, String service, JsonGenerator g, ByteArrayOutputStream buf) throws Exception {
        g.writeEndArray();
        g.writeEndObject();
        g.close();
        HttpRequest req = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("X-NDXP-Client", "VN:GOV:000.00.00.G16:social-insurance")
                .header("X-NDXP-Service", service)
                .header("X-NDXP-Transaction-Id", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(buf.toByteArray()))
                .build();
        HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() != 200) {
            throw new IllegalStateException("platform answered " + res.statusCode() + ": " + new String(res.body(), StandardCharsets.UTF_8));
        }
        long accepted = 0;
        for (JsonNode r : JSON.readTree(res.body()).path("results")) {
            if ("accepted".equals(r.path("status").asText())) {
                accepted++;
            }
        }
        return accepted;
    }

    static String token(HttpClient http, String base, String provider) throws Exception {
        String basic = Base64.getEncoder().encodeToString("bench-baseline:secret".getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&resource="
                        + java.net.URLEncoder.encode(provider, StandardCharsets.UTF_8)))
                .build();
        return JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofByteArray()).body()).get("access_token").asText();
    }
}
