package vn.gov.ndxp.adapters.sandbox.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.files.FilesProperties;
import vn.gov.ndxp.adapters.sandbox.SandboxProperties;

/**
 * The sandbox's stand-ins for the servers a deployment provides: a real PostgreSQL (zonky embedded
 * binaries) and a single-node Kafka broker (KRaft, from spring-kafka-test). Spring Boot connects to
 * them through connection-details beans, exactly as it would to configured servers in prod.
 * This source folder (src/sandbox/java) and its dependencies are left out of `mvn -Dprod package`.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
@ConditionalOnProperty(name = "ndxp.sandbox.embedded-servers", havingValue = "true", matchIfMissing = true)
public class EmbeddedServers {

    private static final Logger LOG = LoggerFactory.getLogger("SANDBOX");

    /** The runtime's own database. */
    public static final List<String> DATABASES = List.of("ndxp");

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(SandboxProperties sandbox) throws IOException, SQLException {
        int port = sandbox.getPostgres().getPort();
        String dataDir = Objects.requireNonNullElse(sandbox.getPostgres().getDataDir(), "");
        // stopped by Spring after the runtime has finished its work (not by a JVM hook at SIGTERM)
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port == 0 ? freePort() : port).setRegisterShutdownHook(false);
        if (!dataDir.isBlank()) {
            // survives restarts of the sandbox, so a restart resumes where it stopped
            Path dir = Path.of(dataDir).toAbsolutePath();
            Files.createDirectories(dir);
            builder.setDataDirectory(dir).setCleanDataDirectory(false);
        }
        EmbeddedPostgres pg = builder.start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String db : DATABASES) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
                    if (!rs.next()) {
                        s.execute("CREATE DATABASE " + db);
                    }
                }
            }
        }
        LOG.info("SANDBOX embedded PostgreSQL on 127.0.0.1:{} (user postgres, password postgres, databases {})", pg.getPort(), DATABASES);
        return pg;
    }

    /** The demo legacy database server of the database adapters (their sandbox schemas): a separate server, as in real life. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    LegacyDatabase legacyDatabase(SandboxProperties sandbox, AdapterRegistry adapters) {
        return new LegacyDatabase(sandbox.getLegacyDb().getPort(), Objects.requireNonNullElse(sandbox.getLegacyDb().getDataDir(), ""),
                adapters.enabled());
    }

    @Bean
    JdbcConnectionDetails sandboxJdbc(EmbeddedPostgres pg) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "postgres";
            }

            @Override
            public String getPassword() {
                return "postgres";
            }

            @Override
            public String getJdbcUrl() {
                return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/ndxp";
            }
        };
    }

    @Bean(destroyMethod = "destroy")
    EmbeddedKafkaKraftBroker embeddedKafka(SandboxProperties sandbox) {
        int port = sandbox.getKafka().getPort();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        if (port != 0) {
            // the KRaft test broker ignores kafkaPorts(): its client listener is named EXTERNAL
            broker.brokerProperty("listeners", "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:0");
        }
        broker.afterPropertiesSet();
        LOG.info("SANDBOX embedded Kafka broker on {}", broker.getBrokersAsString());
        return broker;
    }

    /** SFTP for file-drop adapters whose legacy system delivers by SFTP (ndxp.sandbox.sftp.enabled). */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(name = "ndxp.sandbox.sftp.enabled", havingValue = "true")
    SandboxSftpServer sandboxSftpServer(SandboxProperties sandbox, FilesProperties files) {
        SandboxProperties.Sftp sftp = sandbox.getSftp();
        return new SandboxSftpServer(sftp.getPort(), Path.of(files.getDir(), "sftp"), sftp.getUser(), sftp.getPassword());
    }

    @Bean
    KafkaConnectionDetails sandboxKafka(EmbeddedKafkaKraftBroker broker) {
        return () -> List.of(broker.getBrokersAsString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
