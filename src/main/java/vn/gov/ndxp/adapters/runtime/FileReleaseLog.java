package vn.gov.ndxp.adapters.runtime;

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
 * JMX from inside the JVM), route the way it was asked (rest, jmx).
 */
final class FileReleaseLog implements FileIntake.ReleaseLog {

    static final String SERVICE = "ops:file-release";

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
        log.append(new TransactionRecord(txId, adapter, TransactionRecord.OPERATOR, who, SERVICE, via, now, null, null, now,
                TransactionRecord.SUCCESS, 200, null, null, null, null, null, null));
        return txId;
    }
}
