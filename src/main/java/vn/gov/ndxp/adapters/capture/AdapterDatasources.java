package vn.gov.ndxp.adapters.capture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();

    public AdapterDatasources(AdapterRegistry registry) {
        for (AdapterDescriptor a : registry.enabled()) {
            AdapterDescriptor.Datasource d = a.datasource();
            if (d == null) {
                continue;
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
            pools.put(a.id(), new HikariDataSource(c));
        }
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
