package vn.gov.ndxp.adapters.files;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** File-drop adapters (ndxp.files.*): folders, locks, checkpoints, retries and the file-name rule. */
@ConfigurationProperties("ndxp.files")
@Validated
public class FilesProperties {

    /** Drop folders, receipts and SFTP work files live under this folder by default. */
    @NotBlank
    private String dir = "data";
    /** A file's lock is taken over by another instance when not refreshed for this long (its instance crashed). */
    @NotNull
    private Duration lockMaxAge = Duration.ofSeconds(30);
    @NotNull
    private Duration lockKeepAlive = Duration.ofSeconds(5);
    @NotNull
    private Duration progressInterval = Duration.ofSeconds(10);
    @NotNull
    private Duration checkpointInterval = Duration.ofSeconds(1);
    /** Platform or database down: retries per batch (retry-delay, doubled each time), then the file waits. */
    @Min(0)
    private int retries = 3;
    @NotNull
    private Duration retryDelay = Duration.ofSeconds(1);
    @Valid
    private final Name name = new Name();

    /**
     * The shape every file name must have before any work is done on the file. The runtime derives
     * names of up to 34 more bytes from an accepted name (a time-stamped receipt and its temporary
     * file), and file systems stop at 255 bytes: hence at most 221.
     */
    public static class Name {
        /** Longest name, in bytes of its UTF-8 form (Vietnamese letters take 2 to 3 bytes, up to 6 with combining marks). */
        @Min(1)
        @Max(221)
        private int maxBytes = 200;
        /** Regular expression the whole name must match (letters of any script, digits, space and a few punctuation marks). */
        @NotBlank
        private String pattern = "[\\p{L}\\p{M}\\p{N}_()+,@-][\\p{L}\\p{M}\\p{N} ._()+,@-]*";

        public int getMaxBytes() { return maxBytes; }
        public void setMaxBytes(int v) { maxBytes = v; }
        public String getPattern() { return pattern; }
        public void setPattern(String v) { pattern = v; }

        @AssertTrue(message = "ndxp.files.name.pattern must be a valid regular expression")
        public boolean isPatternValid() {
            try {
                Pattern.compile(pattern);
                return true;
            } catch (PatternSyntaxException | NullPointerException e) {
                return false;
            }
        }
    }

    public String getDir() { return dir; }
    public void setDir(String v) { dir = v; }
    public Duration getLockMaxAge() { return lockMaxAge; }
    public void setLockMaxAge(Duration v) { lockMaxAge = v; }
    public Duration getLockKeepAlive() { return lockKeepAlive; }
    public void setLockKeepAlive(Duration v) { lockKeepAlive = v; }
    public Duration getProgressInterval() { return progressInterval; }
    public void setProgressInterval(Duration v) { progressInterval = v; }
    public Duration getCheckpointInterval() { return checkpointInterval; }
    public void setCheckpointInterval(Duration v) { checkpointInterval = v; }
    public int getRetries() { return retries; }
    public void setRetries(int v) { retries = v; }
    public Duration getRetryDelay() { return retryDelay; }
    public void setRetryDelay(Duration v) { retryDelay = v; }
    public Name getName() { return name; }
}
