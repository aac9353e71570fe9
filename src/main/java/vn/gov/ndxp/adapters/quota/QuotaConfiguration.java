package vn.gov.ndxp.adapters.quota;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.ZoneId;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;

/** Quotas per client (adapter.yaml policies), for every adapter, once. */
@Configuration(proxyBeanMethods = false)
public class QuotaConfiguration {

    /**
     * The quota state's own small pool on the runtime's database, with short timeouts: a slow or absent
     * database then holds a call at most ndxp.quota.timeout, and never the connections the transaction
     * log and the outboxes need. Not a DataSource bean, which would replace the runtime's own.
     */
    public static final class QuotaPool implements AutoCloseable {
        final HikariDataSource dataSource;

        QuotaPool(JdbcConnectionDetails db, QuotaProperties props) {
            HikariConfig c = new HikariConfig();
            c.setPoolName("ndxp-quota");
            c.setJdbcUrl(db.getJdbcUrl());
            c.setUsername(db.getUsername());
            c.setPassword(db.getPassword());
            c.setMaximumPoolSize(props.getPoolSize());
            c.setMinimumIdle(1);
            long ms = props.getTimeout().toMillis();
            c.setConnectionTimeout(ms);
            c.setValidationTimeout(Math.min(ms, 5000));
            // started even while the database is down: the service's quotaUnavailable choice applies meanwhile
            c.setInitializationFailTimeout(-1);
            c.addDataSourceProperty("options", "-c statement_timeout=" + ms + " -c lock_timeout=" + ms);
            c.addDataSourceProperty("socketTimeout", String.valueOf(Math.max(1, (ms + 999) / 1000 + 1)));
            dataSource = new HikariDataSource(c);
        }

        @Override
        public void close() {
            dataSource.close();
        }
    }

    @Bean(destroyMethod = "close")
    QuotaPool quotaPool(JdbcConnectionDetails db, QuotaProperties props) {
        return new QuotaPool(db, props);
    }

    @Bean
    Quotas quotas(QuotaPool pool, MeterRegistry meters, QuotaProperties props) {
        return new Quotas(Bucket4jPostgreSQL.advisoryLockBasedBuilder(pool.dataSource).table("ndxp_quota_bucket").build(),
                meters, ZoneId.of(props.getTimeZone()), Clock.systemUTC(), props.getExactUpTo(), props.getSyncInterval());
    }

    @Bean
    QuotaMBean quotaMBean(Quotas quotas, AdapterRegistry registry) {
        return new QuotaMBean(quotas, registry);
    }
}
