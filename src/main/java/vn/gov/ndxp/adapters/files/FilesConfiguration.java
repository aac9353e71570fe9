package vn.gov.ndxp.adapters.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jmx.export.MBeanExporter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.platform.PlatformClient;

/** File-drop adapters: the intake engine, its state in the runtime database, the shared file locks. */
@Configuration(proxyBeanMethods = false)
public class FilesConfiguration {

    /** This instance, as named in leases and locks. */
    static String instanceName() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }

    @Bean
    FileIntakeStore fileIntakeStore(JdbcTemplate jdbc, PlatformTransactionManager tm, FilesProperties files) {
        return new JdbcFileIntakeStore(jdbc, new TransactionTemplate(tm), instanceName(), files.getLockMaxAge());
    }

    @Bean
    FileIntake fileIntake(AdapterRegistry registry, FileIntakeStore store, PlatformClient platform, ObjectMapper json, MeterRegistry meters,
                          ObjectProvider<MBeanExporter> jmx, FilesProperties files, CamelContext camel, FileIntake.ReleaseLog releaseLog) {
        // a pool Camel manages: listed in its thread pool profile, shut down with the context
        ExecutorService sender = camel.getExecutorServiceManager().newCachedThreadPool(FileIntake.class, "ndxp-file-sender");
        FileIntake intake = new FileIntake(store, platform, json, meters, jmx.getIfAvailable(), files.getProgressInterval(), files.getRetries(),
                files.getRetryDelay(), files.getCheckpointInterval(), FileNameRule.of(files.getName()), Path.of(files.getDir(), "work"), sender,
                releaseLog);
        // each file adapter's progress attributes and meters exist from the start (Hawtio, Prometheus), not from its first file
        registry.enabled().stream().filter(a -> "file".equals(a.kind())).forEach(a -> intake.progress(a.id()));
        return intake;
    }

    /**
     * The read lock on file names shared by every instance polling one folder (readLock=idempotent-changed):
     * a lock is refreshed while its file is processed, and taken over when its instance stopped refreshing
     * it for lock-max-age (a crash), so the file is resumed elsewhere.
     */
    @Bean("fileLocks")
    JdbcOrphanLockAwareIdempotentRepository fileLocks(DataSource dataSource, CamelContext camel, FilesProperties files) {
        JdbcOrphanLockAwareIdempotentRepository repo = new JdbcOrphanLockAwareIdempotentRepository(dataSource, "ndxp-files", camel);
        repo.setTableName("ndxp_file_lock");
        repo.setCreateTableIfNotExists(false);
        repo.setLockMaxAgeMillis(files.getLockMaxAge().toMillis());
        repo.setLockKeepAliveIntervalMillis(files.getLockKeepAlive().toMillis());
        return repo;
    }
}
