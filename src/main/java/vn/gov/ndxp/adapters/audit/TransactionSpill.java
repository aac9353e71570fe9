package vn.gov.ndxp.adapters.audit;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The transaction log's local journal: records not (yet) in the database, one JSON object per line
 * (ASCII only, so a torn or odd value never breaks a line), in files tx-&lt;millis&gt;-&lt;uuid&gt;.jsonl.
 * The file being appended to and a file being replayed are held under an OS lock, so instances
 * sharing the folder never replay the same file and a crashed instance's files are taken over.
 * How far a file has been replayed is kept next to it (&lt;file&gt;.done, a line count).
 */
final class TransactionSpill {

    /** One line: a record, and the reason when it is to be set aside rather than written. */
    record Line(TransactionRecord record, String reason) {
    }

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final Path dir;
    private final long syncNanos;
    private final AtomicLong pending = new AtomicLong();
    private FileChannel current;
    private FileLock currentLock;
    private Path currentPath;
    private long lastSync;
    private long currentLines;
    /** After shutdown: each append is forced and its file closed at once, leaving nothing open. */
    private boolean closed;
    private volatile Instant oldest;

    TransactionSpill(Path dir, Duration syncInterval) {
        this.dir = dir;
        this.syncNanos = syncInterval.toNanos();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the transaction spill folder " + dir, e);
        }
        refresh();
    }

    /** Counts again what the folder holds (other instances sharing it replay files too). */
    synchronized void refresh() {
        try {
            long n = currentLines;
            for (Path f : files()) {
                try {
                    n += lines(f) - done(f);
                } catch (NoSuchFileException gone) {
                    // replayed meanwhile by another instance
                }
            }
            pending.set(n);
        } catch (IOException e) {
            // keep the last count
        }
        oldest = computeOldest();
    }

    /** Records in spill files, not yet written or set aside. */
    long pending() {
        return pending.get();
    }

    /** When the oldest spill file still there was begun (null: none). */
    Instant oldest() {
        return oldest;
    }

    synchronized void append(TransactionRecord r, String reason, boolean sync) throws IOException {
        byte[] line = (JSON.writeValueAsString(new Line(r, reason)) + "\n").getBytes(StandardCharsets.US_ASCII);
        if (current == null) {
            long now = System.currentTimeMillis();
            currentPath = dir.resolve(String.format("tx-%013d-%s.jsonl", now, UUID.randomUUID()));
            current = FileChannel.open(currentPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
            currentLock = current.lock();
            if (oldest == null) {
                oldest = Instant.ofEpochMilli(now);
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            current.write(buf);
        }
        pending.incrementAndGet();
        currentLines++;
        if (closed) {
            rotate();
        } else if (sync || System.nanoTime() - lastSync > syncNanos) {
            current.force(false);
            lastSync = System.nanoTime();
        }
    }

    /** Closes the file being appended to; later appends each get a file of their own, closed at once. */
    synchronized void close() throws IOException {
        closed = true;
        rotate();
    }

    synchronized void open() {
        closed = false;
    }

    /** Closes the file being appended to (forced to disk), so it can be replayed. */
    synchronized void rotate() throws IOException {
        if (current != null) {
            current.force(false);
            currentLock.release();
            current.close();
            current = null;
            currentPath = null;
            currentLines = 0;
        }
    }

    synchronized boolean appending() {
        return current != null;
    }

    /** Spill files other than the one being appended to, oldest first. */
    synchronized List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("tx-\\d{13}-[0-9a-f-]+\\.jsonl"))
                    .filter(p -> !p.equals(currentPath)).sorted().toList();
        }
    }

    /** Claims a file for replay; null when another instance (or this one) holds it or it is gone. */
    Replay claim(Path file) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return null;
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        // deleted by its replayer while we waited for the lock: nothing left to do
        if (lock == null || !Files.exists(file)) {
            ch.close();
            return null;
        }
        return new Replay(file, ch, done(file));
    }

    /** A claimed spill file, read batch by batch; what was read counts as done only on {@link #commit}. */
    final class Replay implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final BufferedReader reader;
        private long done;
        private long read;

        private Replay(Path file, FileChannel channel, long done) throws IOException {
            this.file = file;
            this.channel = channel;
            this.reader = new BufferedReader(Channels.newReader(channel, StandardCharsets.US_ASCII));
            this.done = done;
            for (long i = 0; i < done; i++) {
                reader.readLine();
            }
            this.read = done;
        }

        Path file() {
            return file;
        }

        /** The next lines (raw text), at most max; empty at the end of the file. */
        List<String> next(int max) throws IOException {
            List<String> lines = new ArrayList<>();
            String l;
            while (lines.size() < max && (l = reader.readLine()) != null) {
                if (!l.isBlank()) {
                    lines.add(l);
                }
                read++;
            }
            return lines;
        }

        /** What next() returned is in the database: remember it. */
        void commit(int records) throws IOException {
            done = read;
            Path tmp = file.resolveSibling(file.getFileName() + ".done.tmp");
            Files.writeString(tmp, Long.toString(done));
            Files.move(tmp, file.resolveSibling(file.getFileName() + ".done"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            pending.addAndGet(-records);
        }

        /** The whole file is in the database: it goes (deleted under its lock). */
        void finish() throws IOException {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".done"));
            Files.delete(file);
            close();
            oldest = computeOldest();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    static Line parse(String line) throws IOException {
        return JSON.readValue(line, Line.class);
    }

    private synchronized Instant computeOldest() {
        try {
            List<Path> all = new ArrayList<>(files());
            if (currentPath != null) {
                all.add(currentPath);
            }
            return all.stream().map(p -> Instant.ofEpochMilli(Long.parseLong(p.getFileName().toString().substring(3, 16))))
                    .min(Instant::compareTo).orElse(null);
        } catch (IOException e) {
            return oldest;
        }
    }

    private static long lines(Path f) throws IOException {
        try (Stream<String> s = Files.lines(f, StandardCharsets.US_ASCII)) {
            return s.filter(l -> !l.isBlank()).count();
        }
    }

    private static long done(Path f) throws IOException {
        Path d = f.resolveSibling(f.getFileName() + ".done");
        return Files.exists(d) ? Long.parseLong(Files.readString(d).trim()) : 0;
    }
}
