package vn.gov.ndxp.adapters.files;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jmx.export.MBeanExporter;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.Failures;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.mapping.MappingException;
import vn.gov.ndxp.adapters.platform.PlatformClient;

/**
 * Ingests one batch file (the body of a file or sftp consumer's exchange) record by record: streams
 * it, validates and maps each record, delivers them to the platform in batches, and writes the
 * receipt. Generic: every file adapter uses it through {@code ndxp-file-intake:<adapter>/<layout>}.
 * <ul>
 * <li>Before any work the name is checked against ndxp.files.name ({@link FileNameRule}): a name outside
 * it gets a "refused" receipt and the file goes to error/, both under a safe name. A file this user may
 * not read, or that is not UTF-8, gets an "unreadable" receipt and goes to error/. Each kind once, with
 * a typed reason ({@code error.category}), nothing sent.</li>
 * <li>A streamed body (sftp with streamDownload) is first copied to a work file the runtime names
 * itself: the remote name may not fit the local disk.</li>
 * <li>The file is identified by its SHA-256: the same content again is answered with a "duplicate"
 * receipt, not sent again; a crashed run resumes after the last checkpoint.</li>
 * <li>Idempotency key of a record: {@code <sha256>:<record number>}, so the platform drops what a
 * resumed run sends twice.</li>
 * <li>A bad record is rejected in the receipt (line, field, reason) and the rest go on; a file that
 * cannot be read as a whole gets a receipt saying why and goes to error/.</li>
 * <li>A transient failure (platform or database down) is retried with backoff, then the exchange
 * fails and the file stays where it is, to be resumed at a later poll.</li>
 * </ul>
 * The route moves the file to the folder the header {@link #MOVE_TO} names, after this step (so the
 * receipt is always written before the original moves).
 */
public class FileIntake {

    private static final Logger LOG = LoggerFactory.getLogger(FileIntake.class);
    /** done/ or error/ plus the file name: where the route's move option puts the original. */
    public static final String MOVE_TO = "NdxpFileMoveTo";
    /** Typed reasons of error receipts ({@code error.category}). */
    public static final String CATEGORY_NAME = "file.name";
    public static final String CATEGORY_PERMISSION = "file.permission";
    public static final String CATEGORY_ENCODING = "file.encoding";
    public static final String CATEGORY_FORMAT = "file.format";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    /** One intake step's settings, from its URI. */
    public record Settings(AdapterDescriptor adapter, FileLayout layout, String service, String path, int batchSize, Path receipts) {
    }

    private final FileIntakeStore store;
    private final PlatformClient platform;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final MBeanExporter jmx;
    private final Duration progressInterval;
    private final int retries;
    private final Duration retryDelay;
    private final Duration checkpointInterval;
    private final FileNameRule names;
    /** Where a streamed (SFTP) file is copied before it is read, under a name of the runtime's own. */
    private final Path workDir;
    private final Map<String, FileProgress> progress = new ConcurrentHashMap<>();
    /** Sends the batch in flight of each run while the run reads the next one. */
    private final ExecutorService sender = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ndxp-file-sender");
        t.setDaemon(true);
        return t;
    });

    public FileIntake(FileIntakeStore store, PlatformClient platform, ObjectMapper json, MeterRegistry meters, MBeanExporter jmx,
                      Duration progressInterval, int retries, Duration retryDelay, Duration checkpointInterval, FileNameRule names,
                      Path workDir) {
        this.store = store;
        this.platform = platform;
        this.json = json;
        this.meters = meters;
        this.jmx = jmx;
        this.progressInterval = progressInterval;
        this.retries = retries;
        this.retryDelay = retryDelay;
        this.checkpointInterval = checkpointInterval;
        this.names = names;
        this.workDir = workDir;
    }

    public FileProgress progress(String adapter) {
        return progress.computeIfAbsent(adapter, a -> new FileProgress(a, progressInterval, meters, jmx));
    }

    public void ingest(Exchange exchange, Settings s) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String txId = exchange.getProperty(Exchanges.TRANSACTION_ID, String.class);
        // the name first, before any work: nothing is read, stored or named after a name outside the rule
        String badName = name == null ? "the file has no name" : names.check(name);
        if (badName != null) {
            String safe = FileNameRule.safe(name == null ? "unnamed" : name);
            refuse(exchange, s, name, safe, txId, -1, "refused", CATEGORY_NAME, badName);
            return;
        }
        Object body = exchange.getMessage().getBody();
        if (body instanceof GenericFile<?> g) {
            body = g.getFile() instanceof File f ? f : g.getBody();
        }
        if (body instanceof File f) {
            ingest(exchange, s, f.toPath(), name, txId);
        } else if (body instanceof InputStream in) {
            Path work = spool(in, s.adapter().id());
            try {
                ingest(exchange, s, work, name, txId);
            } finally {
                Files.deleteIfExists(work);
            }
        } else {
            throw new IllegalArgumentException("ndxp-file-intake expects a file (file consumer) or a stream (sftp consumer with streamDownload=true)");
        }
    }

    /**
     * A streamed remote file, copied whole to a local work file whose name is the runtime's own (the
     * remote name may be longer than the local file system allows). A failure here is an outage: the
     * remote file stays for a later poll.
     */
    private Path spool(InputStream in, String adapter) throws IOException {
        Path dir = workDir.resolve(adapter);
        Files.createDirectories(dir);
        Path work = Files.createTempFile(dir, "download-", ".part");
        try (in) {
            Files.copy(in, work, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(work);
            throw e;
        }
        return work;
    }

    /** A file that can never be processed as it is: a receipt saying why, and the original to error/ (once). */
    private void refuse(Exchange exchange, Settings s, String name, String storedAs, String txId, long size, String status,
                        String category, String reason) throws IOException {
        Receipt r = new Receipt(s, name, storedAs, null, size, txId, status);
        r.error = reason;
        r.errorCategory = category;
        String to = moveTo(exchange, "error", storedAs);
        r.movedTo = to;
        String receipt = write(r, s, -1);
        exchange.getMessage().setHeader(MOVE_TO, to);
        LOG.warn("{}: {} refused ({}: {}); receipt {}, original moved to {}", s.adapter().id(), name, category, reason, receipt, to);
    }

    private void ingest(Exchange exchange, Settings s, Path file, String name, String txId) throws IOException {
        String adapter = s.adapter().id();
        long size = Files.size(file);
        String sha;
        try {
            sha = sha256(file);
        } catch (AccessDeniedException e) {
            // not an outage: it stays unreadable until someone changes its permissions (then moves it back)
            refuse(exchange, s, name, name, txId, size, "unreadable", CATEGORY_PERMISSION, "the file cannot be read: permission denied");
            return;
        }
        FileIntakeStore.FileRow row = store.claim(adapter, sha, name, size, txId);
        if (!row.claimed()) {
            // the same content under another name, taken by another instance: leave it for now
            throw new NdxpException(NdxpException.ADAPTER_UNAVAILABLE, 503, "File in progress elsewhere",
                    name + " has the content of " + row.fileName() + ", which another instance is processing", null, null, null);
        }
        if (FileIntakeStore.DONE.equals(row.status())) {
            if (!(name.equals(row.fileName()) && row.receipt() != null && Files.exists(s.receipts().resolve(row.receipt())))) {
                // (the same name with its receipt already written: a crash came between receipt and move; just move)
                Receipt r = new Receipt(s, name, name, sha, size, txId, "duplicate");
                r.duplicateOf = row;
                write(r, s, -1);
                LOG.info("{}: {} has the content of {} (processed {}): not sent again", adapter, name, row.fileName(), row.finishedAt());
            }
            exchange.getMessage().setHeader(MOVE_TO, moveTo(exchange, "done", name));
            return;
        }

        FileProgress p = progress(adapter);
        p.start(name, size, row.recordsDone(), row.accepted(), row.rejected());
        Run run = new Run(s, row, sha, txId, p);
        String error = null;
        String category = null;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            try (RecordReader reader = s.layout().open(name, in)) {
                if (reader == null) {
                    throw new FileFormatException("this adapter reads " + s.layout().name() + " files as .csv or .xml, not " + name, 0, 0, 0);
                }
                FileRecord r;
                while ((r = reader.next()) != null) {
                    p.record(r.number(), reader.bytesRead());
                    if (r.number() <= row.recordsDone()) {
                        continue; // handled before a crash or a transient failure
                    }
                    run.take(r);
                }
            } catch (FileFormatException e) {
                // what came before the bad part is delivered; the receipt says where it broke
                error = e.getMessage();
                category = notUtf8(e) ? CATEGORY_ENCODING : CATEGORY_FORMAT;
                run.errorLine = e.line();
                run.errorColumn = e.column();
            }
            run.flush();
        } catch (RuntimeException | IOException e) {
            run.abandon();
            NdxpException n = Failures.classify(e, s.adapter(), 30);
            if (!Failures.isTransient(n) && !n.category().startsWith("platform.")) {
                // not the platform and not an outage (a defect, a layout that cannot work): the file goes to
                // error/ with a receipt saying so, rather than being retried for ever
                LOG.error("{}: {} failed at record {}", adapter, name, run.last, e);
                category = n.category();
                error = "the adapter failed (" + n.category() + ") after record " + run.last
                        + "; the transaction id identifies the details in its log";
            } else {
                p.end("stopped (" + n.detail() + "); the file stays and resumes at a later poll");
                try {
                    store.release(row.id());
                } catch (RuntimeException ignored) {
                    // the database is down too: the lease runs out by itself
                }
                throw e;
            }
        }
        long[] counts = store.counts(row.id());
        Receipt receipt = new Receipt(s, name, name, sha, size, txId, error == null ? "processed" : counts[0] == 0 ? "unreadable" : "incomplete");
        receipt.records = counts[0];
        receipt.accepted = counts[1];
        receipt.rejected = counts[2];
        receipt.error = error;
        receipt.errorCategory = category;
        receipt.errorLine = run.errorLine;
        receipt.errorColumn = run.errorColumn;
        String receiptName = write(receipt, s, row.id());
        store.finish(row.id(), error == null ? FileIntakeStore.DONE : FileIntakeStore.FAILED, receiptName, error);
        p.end(error == null ? "processed" : "failed");
        exchange.getMessage().setHeader(MOVE_TO, moveTo(exchange, error == null ? "done" : "error", name));
    }

    /**
     * The records of one run. One batch is on its way to the platform while the next is read and
     * checked. The checkpoint (records 1..n handled, with their rejections) moves every
     * ndxp.files.checkpoint-interval (1 s) and at the end: a crash resends at most that interval's
     * records, which the platform answers as duplicates.
     */
    private final class Run {
        final Settings s;
        final FileIntakeStore.FileRow row;
        final String sha;
        final FileProgress p;
        final PlatformClient.Caller caller;
        List<FileRecord> batch = new ArrayList<>();
        List<ObjectNode> records = new ArrayList<>();
        /** Rejected records not yet in a checkpoint, in record order. */
        final List<FileIntakeStore.Rejection> rejections = new ArrayList<>();
        CompletableFuture<Map<String, JsonNode>> inFlight;
        List<FileRecord> inFlightBatch;
        long inFlightLast;
        /** Records 1..done are accepted or rejected (in memory); 1..saved are in the database. */
        long done;
        long saved;
        long acceptedUnsaved;
        long savedAt = System.nanoTime();
        long last;
        long errorLine;
        long errorColumn;

        Run(Settings s, FileIntakeStore.FileRow row, String sha, String txId, FileProgress p) {
            this.s = s;
            this.row = row;
            this.sha = sha;
            this.p = p;
            this.last = row.recordsDone();
            this.done = row.recordsDone();
            this.saved = row.recordsDone();
            var creds = s.adapter().platformClient();
            this.caller = new PlatformClient.Caller(creds.key(), creds.secret(), s.adapter().subsystem(), txId, null);
        }

        void take(FileRecord r) {
            last = r.number();
            if (!r.ok()) {
                rejections.add(new FileIntakeStore.Rejection(r.number(), r.line(), r.problemField(), r.problem()));
            } else {
                try {
                    records.add(s.layout().toJson(r.values()));
                    batch.add(r);
                } catch (MappingException e) {
                    rejections.add(new FileIntakeStore.Rejection(r.number(), r.line(), e.field(), e.getMessage()));
                }
            }
            if (batch.size() >= s.batchSize() || rejections.size() >= s.batchSize()) {
                send();
            }
        }

        /** Waits for the batch in flight, then sends the current one (records up to {@code last}). */
        void send() {
            settle();
            if (batch.isEmpty()) {
                done = last; // only rejections since the batch in flight
            } else {
                List<FileRecord> b = batch;
                List<ObjectNode> recs = records;
                batch = new ArrayList<>();
                records = new ArrayList<>();
                inFlightBatch = b;
                inFlightLast = last;
                inFlight = CompletableFuture.supplyAsync(() -> deliver(b, recs), sender);
            }
            if (System.nanoTime() - savedAt >= checkpointInterval.toNanos() || rejections.size() >= s.batchSize()) {
                checkpoint();
            }
        }

        /** The batch in flight answered: count it, and the platform's rejections join the others. */
        void settle() {
            if (inFlight == null) {
                return;
            }
            Map<String, JsonNode> results;
            try {
                results = inFlight.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            } finally {
                inFlight = null;
            }
            for (FileRecord r : inFlightBatch) {
                JsonNode result = results.get(key(r));
                if (result != null && "rejected".equals(result.path("status").asText())) {
                    rejections.add(new FileIntakeStore.Rejection(r.number(), r.line(), s.layout().column(result.path("field").asText(null)),
                            "rejected by the platform: " + result.path("reason").asText("no reason given")));
                } else {
                    acceptedUnsaved++;
                }
            }
            rejections.sort((a, b) -> Long.compare(a.record(), b.record()));
            done = inFlightLast;
        }

        /** Records 1..done and their rejections into the database, in one transaction. */
        void checkpoint() {
            if (done == saved && acceptedUnsaved == 0) {
                return;
            }
            List<FileIntakeStore.Rejection> upTo = new ArrayList<>();
            for (FileIntakeStore.Rejection r : rejections) {
                if (r.record() <= done) {
                    upTo.add(r);
                }
            }
            long accepted = acceptedUnsaved;
            long upToRecord = done;
            withRetries(() -> {
                store.checkpoint(row.id(), upToRecord, accepted, upTo);
                return null;
            }, "database");
            rejections.removeAll(upTo);
            p.delivered(accepted, upTo.size());
            acceptedUnsaved = 0;
            saved = done;
            savedAt = System.nanoTime();
        }

        /** The end of what can be read: everything sent, answered and saved. */
        void flush() {
            send();
            settle();
            done = last;
            checkpoint();
        }

        /** After a failure: let the batch in flight finish (its answer is not counted; a later run resends it). */
        void abandon() {
            if (inFlight != null) {
                try {
                    inFlight.join();
                } catch (RuntimeException ignored) {
                    // the failure that stopped the run is reported instead
                }
                inFlight = null;
            }
        }

        /** POST {records: [{key, record}]} to the batch service; the platform answers per record. */
        private Map<String, JsonNode> deliver(List<FileRecord> b, List<ObjectNode> recs) {
            ObjectNode body = json.createObjectNode();
            ArrayNode items = body.putArray("records");
            for (int i = 0; i < b.size(); i++) {
                items.addObject().put("key", key(b.get(i))).set("record", recs.get(i));
            }
            Map<String, JsonNode> results = new HashMap<>();
            PlatformClient.Response res;
            try {
                res = withRetries(() -> platform.call(caller, "POST", s.service(), s.path(), body), "platform");
            } catch (NdxpException e) {
                if (e.status() != 400 && e.status() != 422) {
                    throw e; // not this batch's fault (credentials, routing): the file waits
                }
                // the platform refused the batch as a whole: each of its records is rejected with the reason
                for (FileRecord r : b) {
                    results.put(key(r), json.createObjectNode().put("status", "rejected").put("reason", e.detail()));
                }
                return results;
            }
            if (res.body() != null) {
                res.body().path("results").forEach(r -> results.put(r.path("key").asText(), r));
            }
            return results;
        }

        private String key(FileRecord r) {
            return sha + ":" + r.number();
        }
    }

    private interface Call<T> {
        T run();
    }

    /** Transient failures are retried with exponential backoff, then thrown (the file stays for a later poll). */
    private <T> T withRetries(Call<T> call, String what) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.run();
            } catch (RuntimeException e) {
                NdxpException n = Failures.classify(e, null, 30);
                if (!Failures.isTransient(n) || attempt >= retries) {
                    throw n;
                }
                long delay = retryDelay.toMillis() << attempt;
                LOG.info("{} unavailable ({}); retry {} of {} in {} ms", what, n.detail(), attempt + 1, retries, delay);
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw n;
                }
            }
        }
    }

    /** What the receipt says. */
    private static final class Receipt {
        final Settings s;
        final String file;
        /** The name its receipt and the moved original have: the file's own, or a safe one for a refused name. */
        final String storedAs;
        final String sha;
        final long size;
        final String txId;
        final String status;
        long records;
        long accepted;
        long rejected;
        String error;
        String errorCategory;
        String movedTo;
        long errorLine;
        long errorColumn;
        FileIntakeStore.FileRow duplicateOf;

        Receipt(Settings s, String file, String storedAs, String sha, long size, String txId, String status) {
            this.s = s;
            this.file = file;
            this.storedAs = storedAs;
            this.sha = sha;
            this.size = size;
            this.txId = txId;
            this.status = status;
        }
    }

    /** Writes {@code <file>.receipt.json} atomically (temp file, then rename); returns its name. */
    private String write(Receipt r, Settings s, long fileId) throws IOException {
        Files.createDirectories(s.receipts());
        String name = r.storedAs + ".receipt.json";
        if (Files.exists(s.receipts().resolve(name))) {
            name = r.storedAs + "." + STAMP.format(Instant.now()) + ".receipt.json";
        }
        Path tmp = s.receipts().resolve("." + name + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("file", r.file);
            g.writeStringField("adapter", s.adapter().id());
            g.writeStringField("status", r.status);
            if (r.sha != null) {
                g.writeStringField("sha256", r.sha);
            }
            if (r.size >= 0) {
                g.writeNumberField("sizeBytes", r.size);
            }
            if (r.movedTo != null) {
                g.writeStringField("movedTo", r.movedTo);
            }
            g.writeStringField("transactionId", r.txId);
            g.writeStringField("writtenAt", Instant.now().toString());
            if (r.duplicateOf != null) {
                g.writeObjectFieldStart("duplicateOf");
                g.writeStringField("file", r.duplicateOf.fileName());
                g.writeStringField("processedAt", String.valueOf(r.duplicateOf.finishedAt()));
                g.writeStringField("receipt", r.duplicateOf.receipt());
                g.writeNumberField("accepted", r.duplicateOf.accepted());
                g.writeNumberField("rejected", r.duplicateOf.rejected());
                g.writeEndObject();
            } else {
                g.writeNumberField("records", r.records);
                g.writeNumberField("accepted", r.accepted);
                g.writeNumberField("rejected", r.rejected);
                if (r.error != null) {
                    g.writeObjectFieldStart("error");
                    if (r.errorCategory != null) {
                        g.writeStringField("category", r.errorCategory);
                    }
                    g.writeStringField("reason", r.error);
                    if (r.errorLine > 0) {
                        g.writeNumberField("line", r.errorLine);
                    }
                    if (r.errorColumn > 0) {
                        g.writeNumberField("column", r.errorColumn);
                    }
                    g.writeEndObject();
                }
                g.writeArrayFieldStart("rejections");
                IOException[] failure = new IOException[1];
                if (fileId >= 0) { // (a refused file has no records)
                    store.rejections(fileId, x -> {
                        try {
                            g.writeStartObject();
                            g.writeNumberField("record", x.record());
                            g.writeNumberField("line", x.line());
                            if (x.field() != null) {
                                g.writeStringField("field", x.field());
                            }
                            g.writeStringField("reason", x.reason());
                            g.writeEndObject();
                        } catch (IOException e) {
                            failure[0] = e;
                        }
                    });
                }
                if (failure[0] != null) {
                    throw failure[0];
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        Files.move(tmp, s.receipts().resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return name;
    }

    /** done/name or error/name; a name already there gets a time stamp, so no earlier original is overwritten. */
    private static String moveTo(Exchange exchange, String folder, String name) {
        String parent = exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class);
        if (parent != null && Files.exists(Path.of(parent, folder, name))) {
            return folder + "/" + STAMP.format(Instant.now()) + "-" + name;
        }
        return folder + "/" + name;
    }

    private static boolean notUtf8(Throwable t) {
        for (; t != null; t = t.getCause()) {
            if (t instanceof Utf8Reader.NotUtf8Exception) {
                return true;
            }
        }
        return false;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // the digest sees every byte
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
