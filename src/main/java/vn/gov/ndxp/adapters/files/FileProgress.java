package vn.gov.ndxp.adapters.files;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jmx.export.MBeanExporter;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;

/**
 * The progress of one file adapter's intake, for operators watching a long file: in the log every
 * {@code interval}, as Micrometer meters (ndxp_file_records_total, ndxp_file_progress_ratio,
 * ndxp_file_records_per_second, tagged by adapter) and as JMX attributes of
 * {@code ndxp:type=FileIntake,adapter=<id>} (Hawtio), whose operation releaseFile lets an operator have a
 * processed file read again.
 */
@ManagedResource(description = "File intake of a file-drop adapter: the file in progress and totals")
public class FileProgress {

    private static final Logger LOG = LoggerFactory.getLogger(FileProgress.class);

    private final String adapter;
    private final Duration interval;
    private final UnaryOperator<String> release;
    private final Counter acceptedTotal;
    private final Counter rejectedTotal;

    private volatile String currentFile = "";
    private volatile long size;
    private volatile long bytes;
    private volatile long records;
    private volatile long accepted;
    private volatile long rejected;
    private volatile long startRecords;
    private volatile Instant started;
    /** Set when the file is finished, so its rate stays what it was. */
    private volatile Instant ended;
    private volatile Instant lastLog;
    private volatile long filesDone;
    private volatile long filesFailed;
    private volatile String lastFile = "";

    /** @param release the operators' release of a file by name (FileIntake#release), answering what was done */
    public FileProgress(String adapter, Duration interval, MeterRegistry meters, MBeanExporter jmx, UnaryOperator<String> release) {
        this.adapter = adapter;
        this.release = release;
        this.interval = interval;
        this.acceptedTotal = Counter.builder("ndxp.file.records").tag("adapter", adapter).tag("result", "accepted")
                .description("File records accepted by the platform").register(meters);
        this.rejectedTotal = Counter.builder("ndxp.file.records").tag("adapter", adapter).tag("result", "rejected")
                .description("File records rejected (validation or platform)").register(meters);
        Gauge.builder("ndxp.file.progress", this, p -> p.getPercentBytes() / 100.0).tag("adapter", adapter)
                .description("Share of the current file's bytes read").register(meters);
        Gauge.builder("ndxp.file.records.per.second", this, FileProgress::getRecordsPerSecond).tag("adapter", adapter)
                .description("Records per second in the current file").register(meters);
        if (jmx != null) {
            try {
                jmx.registerManagedResource(this, new ObjectName("ndxp:type=FileIntake,adapter=" + ObjectName.quote(adapter)));
            } catch (Exception e) {
                LOG.warn("File intake of {}: no JMX attributes ({})", adapter, e.toString());
            }
        }
    }

    /** A file starts (or resumes after {@code resumeAt} records). */
    public void start(String file, long size, long resumeAt, long accepted, long rejected) {
        this.currentFile = file;
        this.size = size;
        this.bytes = 0;
        this.records = resumeAt;
        this.startRecords = resumeAt;
        this.accepted = accepted;
        this.rejected = rejected;
        this.started = Instant.now();
        this.ended = null;
        this.lastLog = started;
        LOG.info("{}: {} ({} bytes){}", adapter, file, size, resumeAt > 0 ? " resumed after record " + resumeAt : " started");
    }

    /** Called per record; logs at the interval. */
    public void record(long number, long bytesRead) {
        this.records = number;
        this.bytes = bytesRead;
        if ((number & 1023) == 0) {
            Instant now = Instant.now();
            if (Duration.between(lastLog, now).compareTo(interval) >= 0) {
                lastLog = now;
                LOG.info("{}: {} record {} ({} accepted, {} rejected), {} records/s, {}% of the bytes", adapter, currentFile, number,
                        accepted, rejected, Math.round(getRecordsPerSecond()), Math.round(getPercentBytes()));
            }
        }
    }

    public void delivered(long acceptedNow, long rejectedNow) {
        accepted += acceptedNow;
        rejected += rejectedNow;
        acceptedTotal.increment(acceptedNow);
        rejectedTotal.increment(rejectedNow);
    }

    public void end(String outcome) {
        ended = Instant.now();
        LOG.info("{}: {} {}: {} records, {} accepted, {} rejected, {} records/s", adapter, currentFile, outcome, records, accepted,
                rejected, Math.round(getRecordsPerSecond()));
        if ("failed".equals(outcome)) {
            filesFailed++;
        } else {
            filesDone++;
        }
        bytes = size;
        lastFile = currentFile;
        currentFile = "";
    }

    @ManagedOperation(description = "Release a processed file (operator): dropped again, it is read and sent anew instead of"
            + " getting a duplicate receipt; recorded in the transaction log")
    @ManagedOperationParameter(name = "fileName", description = "the name it was processed under (its receipt's \"file\")")
    public String releaseFile(String fileName) {
        return release.apply(fileName);
    }

    @ManagedAttribute(description = "The file being read (empty when idle)")
    public String getCurrentFile() {
        return currentFile;
    }

    @ManagedAttribute(description = "The last file finished")
    public String getLastFile() {
        return lastFile;
    }

    @ManagedAttribute(description = "Records read in the current (or last) file")
    public long getRecordsDone() {
        return records;
    }

    @ManagedAttribute(description = "Records of the current (or last) file accepted by the platform")
    public long getAccepted() {
        return accepted;
    }

    @ManagedAttribute(description = "Records of the current (or last) file rejected")
    public long getRejected() {
        return rejected;
    }

    @ManagedAttribute(description = "Records per second in the current (or last) file")
    public double getRecordsPerSecond() {
        Instant s = started;
        if (s == null) {
            return 0;
        }
        Instant e = ended;
        double seconds = Math.max(0.001, Duration.between(s, e == null ? Instant.now() : e).toMillis() / 1000.0);
        return (records - startRecords) / seconds;
    }

    @ManagedAttribute(description = "Percent of the current file's bytes read")
    public double getPercentBytes() {
        return size <= 0 ? 0 : Math.min(100.0, 100.0 * bytes / size);
    }

    @ManagedAttribute(description = "Files finished since start (processed or duplicate)")
    public long getFilesDone() {
        return filesDone;
    }

    @ManagedAttribute(description = "Files found unreadable since start (moved to error/)")
    public long getFilesFailed() {
        return filesFailed;
    }
}
