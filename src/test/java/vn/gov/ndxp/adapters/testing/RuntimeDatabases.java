package vn.gov.ndxp.adapters.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The runtime's database for tests without a Spring context: one embedded PostgreSQL per test class,
 * a fresh database with the runtime's migrations per test, and a data source whose switch plays an
 * outage.
 */
public final class RuntimeDatabases implements AutoCloseable {

    private final EmbeddedPostgres pg;
    private int databases;

    private RuntimeDatabases(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    public static RuntimeDatabases start() throws IOException {
        return new RuntimeDatabases(EmbeddedPostgres.builder().start());
    }

    /** A new database named prefix + a number, migrated like the runtime's (db/migration). */
    public DataSource fresh(String prefix) throws SQLException {
        String name = prefix + (++databases);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        DataSource ds = pg.getDatabase("postgres", name);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return ds;
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }

    /** A data source with a switch that makes it unreachable (SQLState 08001, as a refused connection). */
    public static final class Outage extends DelegatingDataSource {
        public volatile boolean down;

        public Outage(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLTransientConnectionException("database unreachable (test switch) " + UUID.randomUUID(), "08001");
            }
            return super.getConnection();
        }
    }
}
