package vn.gov.ndxp.adapters.quota;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Where the quotas' shared state is kept and how long a call may wait for it (ndxp.quota). */
@ConfigurationProperties("ndxp.quota")
@Validated
public class QuotaProperties {

    /**
     * Longest wait for the quota state (a connection, then each statement): past it the state counts as
     * unavailable and the service's quotaUnavailable choice (open or closed) applies.
     */
    @NotNull @DurationMin(millis = 250) @DurationMax(seconds = 10)
    private Duration timeout = Duration.ofSeconds(1);
    /** Connections of the quota state's own pool: a slow database holds these, not the runtime's pool. */
    @Min(1) @Max(64)
    private int poolSize = 4;
    /**
     * A quota whose smallest window allows at most this many calls is exact: every call is taken from
     * the shared state. A larger one is taken locally and synchronised every hundredth of that window's
     * calls or every sync-interval, so each instance may overshoot it by about 1 % (one database round
     * trip per call would cost more than the call for a client that may make thousands a second).
     */
    @Min(1)
    private long exactUpTo = 1000;
    /** Longest time a large quota's local takings wait before they are synchronised. */
    @NotNull @DurationMin(millis = 1) @DurationMax(seconds = 10)
    private Duration syncInterval = Duration.ofMillis(100);
    /** The day of a perDay quota runs from midnight to midnight in this zone. */
    @NotNull
    private String timeZone = "Asia/Ho_Chi_Minh";

    @AssertTrue(message = "ndxp.quota.time-zone must be a time-zone id such as Asia/Ho_Chi_Minh")
    public boolean isTimeZoneValid() {
        try {
            ZoneId.of(timeZone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration v) { timeout = v; }
    public int getPoolSize() { return poolSize; }
    public void setPoolSize(int v) { poolSize = v; }
    public long getExactUpTo() { return exactUpTo; }
    public void setExactUpTo(long v) { exactUpTo = v; }
    public Duration getSyncInterval() { return syncInterval; }
    public void setSyncInterval(Duration v) { syncInterval = v; }
    public String getTimeZone() { return timeZone; }
    public void setTimeZone(String v) { timeZone = v; }
}
