package vn.gov.ndxp.adapters.capture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;

/**
 * One connection pool per database adapter, to its legacy database, bound in the Camel registry as
 * "<adapter-id>-db" for the sql: steps of its routes. Connections are made lazily, so a database
 * that is down at startup does not stop the runtime; capture resumes when it is back.
 */
public class AdapterDatasources implements AutoCloseable {

    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();

    public AdapterDatasources(AdapterRegistry registry) {
        registry.enabled().forEach(a -> {
            HikariDataSource ds = pool(a);
            if (ds != null) {
                pools.put(a.id(), ds);
            }
        });
    }

    /** A new pool for a reloaded adapter, bound in place of its old one (closed). */
    public void open(CamelContext context, AdapterDescriptor a) {
        close(context, a.id());
        HikariDataSource ds = pool(a);
        if (ds != null) {
            pools.put(a.id(), ds);
            context.getRegistry().bind(a.id() + "-db", DataSource.class, ds);
        }
    }

    public void close(CamelContext context, String adapterId) {
        HikariDataSource old = pools.remove(adapterId);
        if (old != null) {
            context.getRegistry().unbind(adapterId + "-db");
            old.close();
        }
    }

    private static HikariDataSource pool(AdapterDescriptor a) {
        AdapterDescriptor.Datasource d = a.datasource();
        if (d == null) {
            return null;
        }
        HikariConfig c = new HikariConfig();
        c.setPoolName(a.id() + "-db");
        c.setJdbcUrl(d.url());
        c.setUsername(d.username());
        c.setPassword(d.password());
        c.setMaximumPoolSize(d.maxPoolSize());
        c.setConnectionTimeout(3000);
        c.setValidationTimeout(2000);
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }

    public void bindTo(CamelContext context) {
        pools.forEach((id, ds) -> context.getRegistry().bind(id + "-db", DataSource.class, ds));
    }

    public DataSource get(String adapterId) {
        return pools.get(adapterId);
    }

    /** "reachable" or why not (health). */
    public String check(String adapterId) {
        try (Connection c = pools.get(adapterId).getConnection()) {
            return c.isValid(2) ? "reachable" : "unreachable: invalid connection";
        } catch (Exception e) {
            return "unreachable: " + e.getClass().getSimpleName();
        }
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
    }
}
