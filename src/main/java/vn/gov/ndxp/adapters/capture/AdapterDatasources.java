package vn.gov.ndxp.adapters.capture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;

/**
 * One connection pool per database adapter, to its legacy database, bound in the Camel registry as
 * "<adapter-id>-db" for the sql: steps of its routes. Connections are made lazily, so a database
 * that is down at startup does not stop the runtime; capture resumes when it is back.
 * Each record layout of such an adapter that declares a {@code table} and {@code key} gets its derived
 * {@link Outbox}: the claim query as the String bean "<adapter-id>-outbox-<layout>" (a route polls
 * {@code sql:ref:<adapter-id>-outbox-<layout>}) and the mark-processed statement as the property
 * {@code <adapter-id>.outbox.<layout>.processed} (its onConsume).
 */
public class AdapterDatasources implements AutoCloseable {

    /** The most changes one claim takes. */
    static final int CLAIM_LIMIT = 1000;

    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Outbox>> outboxes = new ConcurrentHashMap<>();

    public AdapterDatasources(AdapterRegistry registry) {
        registry.enabled().forEach(a -> {
            HikariDataSource ds = pool(a);
            if (ds != null) {
                pools.put(a.id(), ds);
            }
            outboxes.put(a.id(), outboxes(a.folder()));
        });
    }

    /** The outboxes the record layouts of an adapter folder declare, by layout name. */
    public static Map<String, Outbox> outboxes(Path adapterFolder) {
        Map<String, Outbox> found = new LinkedHashMap<>();
        Path mappings = adapterFolder.resolve("mappings");
        if (!Files.isDirectory(mappings)) {
            return found;
        }
        try (Stream<Path> files = Files.list(mappings)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".record.yaml")).sorted().toList()) {
                Outbox outbox = Outbox.of(f);
                if (outbox != null) {
                    found.put(f.getFileName().toString().replace(".record.yaml", ""), outbox);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + mappings, e);
        }
        return found;
    }

    /** A new pool and outboxes for a reloaded adapter, bound in place of its old ones (closed). */
    public void open(CamelContext context, AdapterDescriptor a) {
        close(context, a.id());
        HikariDataSource ds = pool(a);
        if (ds != null) {
            pools.put(a.id(), ds);
            context.getRegistry().bind(a.id() + "-db", DataSource.class, ds);
            Map<String, Outbox> byLayout = outboxes(a.folder());
            outboxes.put(a.id(), byLayout);
            bindOutboxes(context, a.id(), byLayout);
        }
    }

    public void close(CamelContext context, String adapterId) {
        HikariDataSource old = pools.remove(adapterId);
        Map<String, Outbox> oldOutboxes = outboxes.remove(adapterId);
        if (oldOutboxes != null) {
            oldOutboxes.keySet().forEach(layout -> context.getRegistry().unbind(adapterId + "-outbox-" + layout));
        }
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
        outboxes.forEach((id, byLayout) -> bindOutboxes(context, id, byLayout));
    }

    private static void bindOutboxes(CamelContext context, String id, Map<String, Outbox> byLayout) {
        byLayout.forEach((layout, outbox) -> {
            context.getRegistry().bind(id + "-outbox-" + layout, String.class, outbox.claim(CLAIM_LIMIT));
            // RAW: the statement's characters reach the sql endpoint as they are, not URI-decoded
            context.getPropertiesComponent().addInitialProperty(id + ".outbox." + layout + ".processed", "RAW(" + outbox.processed() + ")");
        });
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
