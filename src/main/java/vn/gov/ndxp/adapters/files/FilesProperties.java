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
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** File-drop adapters (ndxp.files.*): folders, locks, checkpoints, retries and the file-name rule. */
@ConfigurationProperties("ndxp.files")
@Validated
public class FilesProperties {

    /** Drop folders, receipts and SFTP work files live under this folder by default. */
    @NotBlank
    private String dir;
    /** A file's lock is taken over by another instance when not refreshed for this long (its instance crashed). */
    @NotNull @DurationMin(millis = 1)
    private Duration lockMaxAge = Duration.ofSeconds(30);
    /** A file's lock (shared by instances) is refreshed this often while the file is processed; below lock-max-age. */
    @NotNull @DurationMin(millis = 1)
    private Duration lockKeepAlive = Duration.ofSeconds(5);
    /** How often a file's progress is reported (log, metrics) while it is processed. */
    @NotNull @DurationMin(millis = 1)
    private Duration progressInterval = Duration.ofSeconds(10);
    /**
     * Where a crashed run resumes moves this often (and at the end of a file); a crash resends at most
     * this interval's records, with the same keys.
     */
    @NotNull @DurationMin(millis = 1)
    private Duration checkpointInterval = Duration.ofSeconds(1);
    /** Platform or database down: retries per batch (retry-delay, doubled each time), then the file waits for a later poll. */
    @Min(0)
    private int retries = 3;
    /** Wait before the first retry of a batch. */
    @NotNull @DurationMin(millis = 1)
    private Duration retryDelay = Duration.ofSeconds(1);
    /**
     * The file-name rule, checked before any work on a file: a name outside it gets a "refused" receipt
     * under a safe name and the file goes to error/ under that name.
     */
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
        /**
         * Regular expression the whole name must match: by default letters of any script, digits, space
         * and _ ( ) + , @ - . ; not starting with '.' or space.
         */
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
