package vn.gov.ndxp.adapters.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.Ordered;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jmx.export.MBeanExporter;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.adapter.Failures;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.mapping.FieldSet;
import vn.gov.ndxp.adapters.platform.PlatformClient;

/**
 * Ingests one batch file (the body of a file or sftp consumer's exchange) record by record: streams
 * it, validates and maps each record, delivers them to the platform in batches, and writes the
 * receipt. Generic: every file adapter uses it through {@code ndxp-file-intake:<adapter>/<layout>}.
 * <ul>
 * <li>Before any work the name is checked against ndxp.files.name ({@link FileNameRule}): a name outside
 * it gets a "refused" receipt and the file goes to error/, both under a safe name. A file this user may
 * not read, or that is not text in its layout's encoding, gets an "unreadable" receipt and goes to
 * error/. Each kind once, with a typed reason ({@code error.category}), nothing sent.</li>
 * <li>A streamed body (sftp with streamDownload) is first copied to a work file the runtime names
 * itself: the remote name may not fit the local disk.</li>
 * <li>The file is identified by its SHA-256: the same content again (under any name, its own included)
 * is answered with a "duplicate" receipt, not sent again, until an operator releases it
 * ({@link #release}); a crashed run resumes after the last checkpoint, and a run that crashed between
 * its receipt and the move is only moved (the store notes each move once it is done).</li>
 * <li>Idempotency key of a record: {@code <sha256>:<record number>}, so the platform drops what a
 * resumed run sends twice.</li>
 * <li>A bad record is rejected in the receipt (line, field, reason) and the rest go on; a file that
 * cannot be read as a whole gets a receipt saying why and goes to error/.</li>
 * <li>A transient failure (platform or database down) is retried with backoff, then the exchange
 * fails and the file stays where it is, to be resumed at a later poll.</li>
 * </ul>
 * The route moves the file to the folder the header {@link #MOVE_TO} names, after this step (so the
 * receipt is always written before the original moves).
 * <p>
 * This class runs the steps; the parts are {@link ContentClaims} (claim and dedupe by content, over a
 * {@link FileIntakeStore}), {@link BatchSender} and {@link BatchDelivery} (the batches, one in flight
 * while the next is read), {@link OutageRetry}, {@link ReceiptWriter} and {@link MoveTarget}.
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

    /** Records an operator's release of a file (the transaction log); returns the transaction id it has there. */
    @FunctionalInterface
    public interface ReleaseLog {
        String released(String adapter, String fileName, String sha256, String via);
    }

    /** A file released for processing again. */
    public record Release(String adapter, String file, String sha256, String transactionId) {
    }

    /** One intake step's settings, from its URI. */
    /** fields: the only fields of each record sent (data minimisation), or null for the whole record. */
    public record Settings(AdapterDescriptor adapter, FileLayout layout, String service, String path, int batchSize, Path receipts,
                           FieldSet fields) {
    }

    private final FileIntakeStore store;
    private final ContentClaims claims;
    private final PlatformClient platform;
    private final ObjectMapper json;
    private final ReceiptWriter receipts;
    private final MoveTarget moves;
    private final OutageRetry retry;
    private final MeterRegistry meters;
    private final MBeanExporter jmx;
    private final Duration progressInterval;
    private final Duration checkpointInterval;
    private final FileNameRule names;
    /** Where a streamed (SFTP) file is copied before it is read, under a name of the runtime's own. */
    private final Path workDir;
    private final Map<String, FileProgress> progress = new ConcurrentHashMap<>();
    /** Sends the batch in flight of each run while the run reads the next one. */
    private final ExecutorService sender;
    private final ReleaseLog releaseLog;

    public FileIntake(FileIntakeStore store, PlatformClient platform, ObjectMapper json, MeterRegistry meters, MBeanExporter jmx,
                      Duration progressInterval, int retries, Duration retryDelay, Duration checkpointInterval, FileNameRule names,
                      Path workDir, ExecutorService sender, ReleaseLog releaseLog) {
        this.store = store;
        this.releaseLog = releaseLog;
        this.sender = sender;
        this.claims = new ContentClaims(store);
        this.platform = platform;
        this.json = json;
        this.receipts = new ReceiptWriter(json, store, Clock.systemUTC());
        this.moves = new MoveTarget(Clock.systemUTC());
        this.retry = new OutageRetry(retries, retryDelay);
        this.meters = meters;
        this.jmx = jmx;
        this.progressInterval = progressInterval;
        this.checkpointInterval = checkpointInterval;
        this.names = names;
        this.workDir = workDir;
    }

    public FileProgress progress(String adapter) {
        return progress.computeIfAbsent(adapter, a -> new FileProgress(a, progressInterval, meters, jmx, name -> {
            try {
                Release r = release(a, name, "jmx");
                return "released " + r.file() + " (sha256 " + r.sha256() + ", transaction " + r.transactionId() + ")";
            } catch (NdxpException e) {
                throw new IllegalArgumentException(e.detail());
            }
        }));
    }

    /**
     * An operator's release: the content last seen under this file name is forgotten, so that the file,
     * dropped again, is read and sent anew from its first record (with the same record keys: what the
     * platform accepted before it answers as a duplicate). Recorded in the transaction log.
     *
     * @param via how the operator asked ("rest", "jmx"), for the record
     * @throws NdxpException 404 client.not-found when no file of that name was seen; 409 client.conflict
     *                       while it is being processed
     */
    public Release release(String adapter, String fileName, String via) {
        checkRelease(adapter, fileName);
        FileIntakeStore.Forgotten f = store.forget(adapter, fileName);
        if (f == null) {
            throw new NdxpException(NdxpException.CLIENT_NOT_FOUND, 404, "Not found",
                    "no file named " + fileName + " was seen by adapter " + adapter, "file", null, null);
        }
        if (FileIntakeStore.RUNNING.equals(f.status())) {
            throw NdxpException.conflict(fileName + " is being processed (or resumes at the next poll): nothing to release");
        }
        String txId = releaseLog.released(adapter, fileName, f.sha256(), via);
        LOG.warn("{}: {} (sha256 {}) released for processing again ({}, transaction {})", adapter, fileName, f.sha256(), via, txId);
        return new Release(adapter, fileName, f.sha256(), txId);
    }

    /**
     * The operator's input of a release (REST and JMX), checked before any work: the adapter id has the
     * registry's shape and the file name keeps the file-name rule (no control character, so no NUL
     * reaches the database) and has no path separator; otherwise 400 client.bad-request naming the field.
     */
    public void checkRelease(String adapter, String fileName) {
        if (!AdapterRegistry.isId(adapter)) {
            throw NdxpException.badRequest("adapter", "the adapter id must be lower-case letters, digits and '-' (2 to 63 characters)");
        }
        if (fileName == null || fileName.isEmpty()) {
            throw NdxpException.badRequest("file", "file: the file name is missing");
        }
        String bad = fileName.indexOf('/') >= 0 || fileName.indexOf('\\') >= 0 ? "the file name contains a path separator" : names.check(fileName);
        if (bad != null) {
            throw NdxpException.badRequest("file", "file: " + bad);
        }
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
        Receipt r = new Receipt(s.adapter().id(), name, storedAs, null, size, txId, status);
        r.error = reason;
        r.errorCategory = category;
        String to = moveTo(exchange, MoveTarget.ERROR, storedAs);
        r.movedTo = to;
        String receipt = receipts.write(r, s.receipts());
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
        ContentClaims.Claim claim = claims.claim(adapter, sha, name, size, txId, s.receipts());
        FileIntakeStore.FileRow row = claim.row();
        if (claim.decision() != ContentClaims.Decision.RUN) {
            String to = moveTo(exchange, MoveTarget.DONE, name);
            if (claim.decision() == ContentClaims.Decision.DUPLICATE) {
                Receipt r = new Receipt(adapter, name, name, sha, size, txId, "duplicate");
                r.duplicateOf = row;
                r.movedTo = to;
                String receipt = receipts.write(r, s.receipts());
                LOG.info("{}: {} has the content of {} (processed {}): not sent again; receipt {}", adapter, name, row.fileName(),
                        row.finishedAt(), receipt);
            } else {
                noteMoveWhenDone(exchange, row.id());
            }
            exchange.getMessage().setHeader(MOVE_TO, to);
            return;
        }

        FileProgress p = progress(adapter);
        p.start(name, size, row.recordsDone(), row.accepted(), row.rejected());
        BatchSender run = sender(s, row, sha, txId, p);
        String error = null;
        String category = null;
        long errorLine = 0;
        long errorColumn = 0;
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
                    run.add(r);
                }
            } catch (FileFormatException e) {
                // what came before the bad part is delivered; the receipt says where it broke
                error = e.getMessage();
                category = notText(e) ? CATEGORY_ENCODING : CATEGORY_FORMAT;
                errorLine = e.line();
                errorColumn = e.column();
            }
            run.finish();
        } catch (RuntimeException | IOException e) {
            run.abandon();
            NdxpException n = Failures.classify(e, s.adapter(), 30);
            if (!Failures.isTransient(n) && !n.category().startsWith("platform.")) {
                // not the platform and not an outage (a defect, a layout that cannot work): the file goes to
                // error/ with a receipt saying so, rather than being retried for ever
                LOG.error("{}: {} failed at record {}", adapter, name, run.lastRecord(), e);
                category = n.category();
                error = "the adapter failed (" + n.category() + ") after record " + run.lastRecord()
                        + "; the transaction id identifies the details in its log";
            } else {
                p.end("stopped (" + n.detail() + "); the file stays and resumes at a later poll");
                claims.release(row);
                throw e;
            }
        }
        long[] counts = store.counts(row.id());
        Receipt receipt = new Receipt(adapter, name, name, sha, size, txId, error == null ? "processed" : counts[0] == 0 ? "unreadable" : "incomplete");
        receipt.fileId = row.id();
        receipt.records = counts[0];
        receipt.accepted = counts[1];
        receipt.rejected = counts[2];
        receipt.error = error;
        receipt.errorCategory = category;
        receipt.errorLine = errorLine;
        receipt.errorColumn = errorColumn;
        String receiptName = receipts.write(receipt, s.receipts());
        store.finish(row.id(), error == null ? FileIntakeStore.DONE : FileIntakeStore.FAILED, receiptName, error);
        noteMoveWhenDone(exchange, row.id());
        p.end(error == null ? "processed" : "failed");
        exchange.getMessage().setHeader(MOVE_TO, moveTo(exchange, error == null ? MoveTarget.DONE : MoveTarget.ERROR, name));
    }

    /** A run's sender: batches to the adapter's batch service as the adapter, checkpoints into the store (both through outages). */
    private BatchSender sender(Settings s, FileIntakeStore.FileRow row, String sha, String txId, FileProgress p) {
        var creds = s.adapter().platformClient();
        var caller = new PlatformClient.Caller(creds.key(), creds.secret(), s.adapter().subsystem(), txId, null);
        var delivery = new BatchDelivery(json, retry, body -> {
            if (s.fields() != null) {
                body.path("records").forEach(item -> s.fields().apply(item.get("record")));
            }
            return platform.call(caller, "POST", s.service(), s.path(), body).body();
        });
        BatchSender.Checkpoints checkpoints = (upTo, accepted, rejections) -> {
            retry.run("database", () -> store.checkpoint(row.id(), upTo, accepted, rejections));
            p.delivered(accepted, rejections.size());
        };
        return new BatchSender(s.layout(), s.batchSize(), sha, row.recordsDone(), checkpointInterval, delivery, checkpoints, sender,
                System::nanoTime);
    }

    /**
     * Once the route has moved the original (its consumer's completion, which runs before this one of
     * the lowest order), the store notes it: from then on the same file seen again was dropped again.
     */
    private void noteMoveWhenDone(Exchange exchange, long id) {
        exchange.getExchangeExtension().addOnCompletion(new MovedNote(id));
    }

    private final class MovedNote extends SynchronizationAdapter implements Ordered {
        private final long id;

        MovedNote(long id) {
            this.id = id;
        }

        @Override
        public void onComplete(Exchange exchange) {
            try {
                store.moved(id);
            } catch (RuntimeException e) {
                // the database is down: the same file seen again is then taken for a crash before its move (moved only)
                LOG.warn("file {}: its move could not be noted ({})", id, e.toString());
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST;
        }
    }

    private String moveTo(Exchange exchange, String folder, String name) {
        return moves.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class), folder, name);
    }

    private static boolean notText(Throwable t) {
        for (; t != null; t = t.getCause()) {
            if (t instanceof TextReader.NotTextException) {
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
