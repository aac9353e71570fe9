package vn.gov.ndxp.adapters.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The operator console's browser-facing rules: ndxp.console.* */
@Validated
@ConfigurationProperties("ndxp.console")
public class ConsoleProperties {

    /** Origins (scheme://host[:port], as browsers send them) allowed to call Jolokia cross-origin with credentials; empty: none. */
    private List<@Pattern(regexp = "https?://[A-Za-z0-9.\\-\\[\\]:]+") String> allowedOrigins = new ArrayList<>();

    /** Throttle of failed HTTP Basic logins to the console. */
    @Valid
    private LoginThrottle loginThrottle = new LoginThrottle();

    public List<String> getAllowedOrigins() { return allowedOrigins; }
    public void setAllowedOrigins(List<String> v) { allowedOrigins = v; }
    public LoginThrottle getLoginThrottle() { return loginThrottle; }
    public void setLoginThrottle(LoginThrottle v) { loginThrottle = v; }

    /**
     * HTTP Basic logins, throttled as Hawtio throttles its login form: after free-failures failed
     * attempts for a user name, every attempt is refused (429, Retry-After) for first-delay, doubled
     * with each further failure up to max-delay; a successful login forgets the failures.
     */
    public static class LoginThrottle {
        /** Failed attempts for a user name before its logins are refused for a while. */
        @Min(1)
        private int freeFailures = 3;
        /** How long logins are refused after the failures beyond free-failures; doubled with each further failure. */
        @NotNull @DurationMin(millis = 1)
        private Duration firstDelay = Duration.ofSeconds(1);
        /** Longest time logins of a user name are refused. */
        @NotNull @DurationMin(millis = 1)
        private Duration maxDelay = Duration.ofDays(1);

        public int getFreeFailures() { return freeFailures; }
        public void setFreeFailures(int v) { freeFailures = v; }
        public Duration getFirstDelay() { return firstDelay; }
        public void setFirstDelay(Duration v) { firstDelay = v; }
        public Duration getMaxDelay() { return maxDelay; }
        public void setMaxDelay(Duration v) { maxDelay = v; }
    }
}
