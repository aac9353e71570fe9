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
    public String getTimeZone() { return timeZone; }
    public void setTimeZone(String v) { timeZone = v; }
}
