package vn.gov.ndxp.adapters.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import vn.gov.ndxp.adapters.audit.TransactionLog;
import vn.gov.ndxp.adapters.audit.TransactionRecord;
import vn.gov.ndxp.adapters.files.FileIntake;

/**
 * An operator's release of a file, as a record of the transaction log: direction {@code operator} (not
 * counted by the statistics),
 * service {@value #SERVICE}, client the console user (or how it was asked when no user is known, e.g.
 * JMX from inside the JVM), route {@code <via>:<sha256>} (the way it was asked, rest or jmx, and the
 * released content: a field the hash chain covers), request body {@code {"file":"<name>","sha256":"<sha256>"}}
 * (the name, already checked by FileIntake#checkRelease, cut at {@value #MAX_NAME_CHARS} characters).
 * The ndxp_file row itself is deleted by the release; this record is what keeps name and content.
 */
final class FileReleaseLog implements FileIntake.ReleaseLog {

    static final String SERVICE = "ops:file-release";
    static final int MAX_NAME_CHARS = 255;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TransactionLog log;

    FileReleaseLog(TransactionLog log) {
        this.log = log;
    }

    @Override
    public String released(String adapter, String fileName, String sha256, String via) {
        String txId = UUID.randomUUID().toString();
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        String who = user == null || !user.isAuthenticated() ? via : user.getName();
        Instant now = TransactionLog.micros(Instant.now());
        log.append(new TransactionRecord(txId, adapter, TransactionRecord.OPERATOR, who, SERVICE, via + ":" + sha256, now, null, null, now,
                TransactionRecord.SUCCESS, 200, null, null, null, null, body(fileName, sha256), null, null));
        return txId;
    }

    static String body(String fileName, String sha256) {
        int end = fileName.length() > MAX_NAME_CHARS ? MAX_NAME_CHARS : fileName.length();
        if (end < fileName.length() && Character.isHighSurrogate(fileName.charAt(end - 1))) {
            end--; // never half a letter
        }
        return JSON.createObjectNode().put("file", fileName.substring(0, end)).put("sha256", sha256).toString();
    }
}
