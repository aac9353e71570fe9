package vn.gov.ndxp.adapters.adapter;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Values of a backend (adapter.yaml backends.<name>) that its descriptor does not set (ndxp.backend-defaults.*). */
@ConfigurationProperties("ndxp.backend-defaults")
@Validated
public class BackendDefaultsProperties {

    /** Time to open a connection to the backend. */
    @NotNull @DurationMin(millis = 1)
    private Duration connectTimeout = Duration.ofSeconds(2);
    /** Time to wait for the backend's answer. */
    @NotNull @DurationMin(millis = 1)
    private Duration readTimeout = Duration.ofSeconds(10);
    /** The backend's circuit breaker opens when this share (percent) of the last calls failed. */
    @Min(1) @Max(100)
    private int failureRateThreshold = 50;
    /** Calls the circuit breaker counts before it may open. */
    @Min(1)
    private int minimumCalls = 5;
    /** How long the open circuit breaker refuses calls before it tries again. */
    @NotNull @DurationMin(millis = 1)
    private Duration waitInOpen = Duration.ofSeconds(10);

    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration v) { connectTimeout = v; }
    public Duration getReadTimeout() { return readTimeout; }
    public void setReadTimeout(Duration v) { readTimeout = v; }
    public int getFailureRateThreshold() { return failureRateThreshold; }
    public void setFailureRateThreshold(int v) { failureRateThreshold = v; }
    public int getMinimumCalls() { return minimumCalls; }
    public void setMinimumCalls(int v) { minimumCalls = v; }
    public Duration getWaitInOpen() { return waitInOpen; }
    public void setWaitInOpen(Duration v) { waitInOpen = v; }
}
