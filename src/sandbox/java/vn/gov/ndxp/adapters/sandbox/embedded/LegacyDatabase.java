package vn.gov.ndxp.adapters.sandbox.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.capture.AdapterDatasources;
import vn.gov.ndxp.adapters.capture.Outbox;
import vn.gov.ndxp.adapters.sandbox.SandboxDatabase;

/**
 * The demo legacy database server (PostgreSQL, user/password postgres): one database per adapter
 * folder that ships a sandbox schema ({@code sandbox/db/V<n>__<name>.sql}, Flyway migrations: the
 * legacy schema, seed data and what NDXP adds beside it), named after the adapter id with '_' for '-'
 * (business-registry: business_registry). After the migrations, the outbox each record layout of the
 * adapter declares (table, key) is created from its derivation ({@link Outbox#ddl()}).
 * Tests stop and start it to play a legacy database going down and coming back.
 */
public class LegacyDatabase implements SandboxDatabase {

    private static final Logger LOG = LoggerFactory.getLogger("SANDBOX");

    private final int port;
    private final Path dataDir;
    private final List<AdapterDescriptor> adapters;
    private EmbeddedPostgres pg;
    private Path tempDir;

    public LegacyDatabase(int port, String dataDir, List<AdapterDescriptor> adapters) {
        this.port = port;
        this.dataDir = dataDir == null || dataDir.isBlank() ? null : Path.of(dataDir).toAbsolutePath();
        this.adapters = adapters.stream().filter(a -> Files.isDirectory(migrations(a))).toList();
    }

    private static Path migrations(AdapterDescriptor a) {
        return a.folder().resolve("sandbox").resolve("db");
    }

    /** The database of an adapter's sandbox schema. */
    public static String database(String adapterId) {
        return adapterId.replace('-', '_');
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
        List<String> databases = new ArrayList<>();
        for (AdapterDescriptor a : adapters) {
            String db = database(a.id());
            try (Connection c = pg.getPostgresDatabase().getConnection();
                 PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, db);
                try (ResultSet rs = exists.executeQuery(); Statement s = c.createStatement()) {
                    if (!rs.next()) {
                        // db: an adapter id with '_' for '-', which AdapterRegistry has checked ([a-z][a-z0-9-]*)
                        s.execute("CREATE DATABASE \"" + db + "\"");
                    }
                }
            }
            // validate off: a data folder kept from an earlier version of the seed keeps its data
            Flyway.configure().dataSource(pg.getDatabase("postgres", db)).locations("filesystem:" + migrations(a))
                    .table("sandbox_schema_history").validateOnMigrate(false).load().migrate();
            Map<String, Outbox> outboxes = AdapterDatasources.outboxes(a.folder());
            try (Connection c = pg.getDatabase("postgres", db).getConnection(); Statement s = c.createStatement()) {
                for (Outbox o : outboxes.values()) {
                    s.execute(o.ddl());
                }
            }
            databases.add(db + (outboxes.isEmpty() ? "" : " (outbox " + outboxes.values().stream().map(Outbox::changeTable).toList() + ")"));
        }
        LOG.info("SANDBOX legacy database server on 127.0.0.1:{} (user postgres, password postgres), databases {}", port, databases);
    }

    public synchronized void stop() throws IOException {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String adapterId) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database(adapterId);
    }
}
