package vn.gov.ndxp.adapters.sandbox.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.gov.ndxp.adapters.sandbox.SandboxDatabase;

/**
 * The demo legacy database server (PostgreSQL, database business_registry, user/password postgres),
 * seeded with the legacy schema and a few thousand enterprises, plus the NDXP integration tables.
 * Tests stop and start it to play a legacy database going down and coming back.
 */
public class LegacyDatabase implements SandboxDatabase {

    private static final Logger LOG = LoggerFactory.getLogger("SANDBOX");

    private final int port;
    private final Path dataDir;
    private EmbeddedPostgres pg;

    public LegacyDatabase(int port, String dataDir) {
        this.port = port;
        this.dataDir = dataDir == null || dataDir.isBlank() ? null : Path.of(dataDir).toAbsolutePath();
    }

    public synchronized void start() throws Exception {
        if (pg != null) {
            return;
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port).setRegisterShutdownHook(false);
        Path dir = dataDir;
        if (dir == null) {
            // the same folder across stop/start within one run, so the data survives an outage
            if (tempDir == null) {
                tempDir = Files.createTempDirectory("ndxp-legacy-db");
            }
            dir = tempDir;
        }
        Files.createDirectories(dir);
        builder.setDataDirectory(dir).setCleanDataDirectory(false);
        pg = builder.start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'business_registry'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE business_registry");
            }
        }
        Flyway.configure().dataSource(pg.getDatabase("postgres", "business_registry"))
                .locations("classpath:sandbox/business-registry/db").table("sandbox_schema_history").load().migrate();
        LOG.info("SANDBOX legacy business-registry database on 127.0.0.1:{} (database business_registry, user postgres, password postgres)", port);
    }

    private Path tempDir;

    public synchronized void stop() throws IOException {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/business_registry";
    }
}
