package vn.gov.ndxp.adapters.audit;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The transaction log, statistics and dead letters (ndxp.audit.*). */
@ConfigurationProperties("ndxp.audit")
@Validated
public class AuditProperties {

    /** Record every exchange (off only to measure what recording costs). */
    private boolean enabled = true;
    /** Kafka topic every written transaction record is published to. */
    @NotBlank
    private String topic = "ndxp.transactions";
    /** Most records written to the database in one batch. */
    @Min(1) @Max(10_000)
    private int batchSize = 500;
    /**
     * How long the writer lets a batch gather after its first record (unless the batch is full): one
     * database transaction per linger instead of one per few records under steady load.
     */
    @NotNull @DurationMax(seconds = 5)
    private Duration linger = Duration.ofMillis(50);
    /** Records waiting in memory; beyond it append() writes to the spill file instead of waiting. */
    @Min(1)
    private int queueCapacity = 100_000;
    /** Local folder of the spill files: records not yet in the database (queue full, shutdown, outage). */
    @NotBlank
    private String spillDir;
    /** How often at most a spill file is forced to disk while records overflow to it (always at shutdown). */
    @NotNull @DurationMin(millis = 1)
    private Duration spillSyncInterval = Duration.ofSeconds(1);
    /** How long shutdown waits for the queue to be written before the rest goes to the spill file. */
    @NotNull
    private Duration shutdownTimeout = Duration.ofSeconds(8);
    /** Health component transactionLog is DOWN when the oldest unwritten record is older than this. */
    @NotNull @DurationMin(millis = 1)
    private Duration maxLag = Duration.ofSeconds(60);
    /** Database outage: a batch is retried after retry-initial, doubling up to retry-max. */
    @NotNull @DurationMin(millis = 1)
    private Duration retryInitial = Duration.ofMillis(200);
    /** Longest wait between two attempts to write a batch during a database outage. */
    @NotNull @DurationMin(millis = 1)
    private Duration retryMax = Duration.ofSeconds(10);
    /** How often records that Kafka had not taken are published again. */
    @NotNull @DurationMin(millis = 1)
    private Duration republishInterval = Duration.ofSeconds(30);
    /** Adapters whose request/response bodies are kept with their records (personal data: none by default). */
    private List<String> capturePayload = new ArrayList<>();
    /** Records and dead letters older than this are purged. */
    @NotNull @DurationMin(days = 1)
    private Duration retention;
    /** How often the retention job purges. */
    @NotNull @DurationMin(millis = 1)
    private Duration purgeInterval = Duration.ofHours(6);
    /** Time after startup before the first purge. */
    @NotNull
    private Duration purgeInitialDelay = Duration.ofMinutes(5);
    /** VND saved per successful transaction, as the ministry estimates (statistics). */
    @Min(0)
    private long savingsPerTransactionVnd;
    /** Time zone of the statistics' days (a zone id such as Asia/Ho_Chi_Minh). */
    @NotBlank
    private String timeZone = "Asia/Ho_Chi_Minh";

    @AssertTrue(message = "ndxp.audit.time-zone must be a time-zone id such as Asia/Ho_Chi_Minh")
    public boolean isTimeZoneValid() {
        try {
            ZoneId.of(timeZone);
            return true;
        } catch (DateTimeException | NullPointerException e) {
            return false;
        }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean v) { enabled = v; }
    public String getTopic() { return topic; }
    public void setTopic(String v) { topic = v; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int v) { batchSize = v; }
    public Duration getLinger() { return linger; }
    public void setLinger(Duration v) { linger = v; }
    public int getQueueCapacity() { return queueCapacity; }
    public void setQueueCapacity(int v) { queueCapacity = v; }
    public String getSpillDir() { return spillDir; }
    public void setSpillDir(String v) { spillDir = v; }
    public Duration getSpillSyncInterval() { return spillSyncInterval; }
    public void setSpillSyncInterval(Duration v) { spillSyncInterval = v; }
    public Duration getShutdownTimeout() { return shutdownTimeout; }
    public void setShutdownTimeout(Duration v) { shutdownTimeout = v; }
    public Duration getMaxLag() { return maxLag; }
    public void setMaxLag(Duration v) { maxLag = v; }
    public Duration getRetryInitial() { return retryInitial; }
    public void setRetryInitial(Duration v) { retryInitial = v; }
    public Duration getRetryMax() { return retryMax; }
    public void setRetryMax(Duration v) { retryMax = v; }
    public Duration getRepublishInterval() { return republishInterval; }
    public void setRepublishInterval(Duration v) { republishInterval = v; }
    public Duration getPurgeInitialDelay() { return purgeInitialDelay; }
    public void setPurgeInitialDelay(Duration v) { purgeInitialDelay = v; }
    public List<String> getCapturePayload() { return capturePayload; }
    public void setCapturePayload(List<String> v) { capturePayload = v; }
    public Duration getRetention() { return retention; }
    public void setRetention(Duration v) { retention = v; }
    public Duration getPurgeInterval() { return purgeInterval; }
    public void setPurgeInterval(Duration v) { purgeInterval = v; }
    public long getSavingsPerTransactionVnd() { return savingsPerTransactionVnd; }
    public void setSavingsPerTransactionVnd(long v) { savingsPerTransactionVnd = v; }
    public String getTimeZone() { return timeZone; }
    public void setTimeZone(String v) { timeZone = v; }
}
