package vn.gov.ndxp.adapters.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The transaction log, statistics and dead letters (ndxp.audit.*). */
@ConfigurationProperties("ndxp.audit")
public class AuditProperties {

    /** Record every exchange (off only to measure what recording costs). */
    private boolean enabled = true;
    private String topic = "ndxp.transactions";
    private int batchSize = 500;
    private int queueCapacity = 100_000;
    /** Adapters whose request/response bodies are kept with their records (personal data: off by default). */
    private List<String> capturePayload = new ArrayList<>();
    /** Records and dead letters older than this are purged. */
    private Duration retention = Duration.ofDays(400);
    private Duration purgeInterval = Duration.ofHours(6);
    /** VND saved per successful transaction, as the ministry estimates. */
    private long savingsPerTransactionVnd = 100;
    private String timeZone = "Asia/Ho_Chi_Minh";

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean v) { enabled = v; }
    public String getTopic() { return topic; }
    public void setTopic(String v) { topic = v; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int v) { batchSize = v; }
    public int getQueueCapacity() { return queueCapacity; }
    public void setQueueCapacity(int v) { queueCapacity = v; }
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
