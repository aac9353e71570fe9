package vn.gov.ndxp.adapters.sandbox;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.validation.annotation.Validated;

/**
 * The sandbox (ndxp.sandbox.*, config/application-sandbox.yml): platform stand-in, its clients and
 * routes, and the demo legacy systems and servers. Ports 0 take a free port.
 */
@ConfigurationProperties("ndxp.sandbox")
@Validated
// bound in the sandbox profile only: prod sets none of these
@Profile("sandbox")
public class SandboxProperties {

    /** The demo client of the platform stand-in, shown in the startup block. */
    @Valid
    private final Client client = new Client();
    /**
     * More registered clients of the platform stand-in, by name; adapter folders add theirs
     * (adapters/<id>/sandbox/clients.yaml, SandboxAdapterClients).
     */
    @Valid
    private Map<String, Client> clients = new LinkedHashMap<>();
    /** The legacy civil-status SOAP service stand-in. */
    @Valid
    private final LegacySoap legacySoap = new LegacySoap();
    /** Lifetime of the tokens the platform stand-in issues. */
    @NotNull @DurationMin(seconds = 1)
    private Duration tokenTtl = Duration.ofMinutes(5);
    /** Where the platform stand-in routes service calls: service id -> base URL ("sink": kept by the stand-in). */
    @Valid
    private List<Route> routes = new ArrayList<>();
    /**
     * Start the embedded PostgreSQL, legacy database and Kafka broker; false: use the configured
     * spring.datasource / spring.kafka servers (a second instance beside a running sandbox).
     */
    private boolean embeddedServers = true;
    /** The runtime's own embedded database (transaction log, dead letters). */
    @Valid
    private final Database postgres = new Database();
    /** The demo legacy database of the business-registry adapter (a separate server). */
    @Valid
    private final Database legacyDb = new Database();
    /** The embedded Kafka broker. */
    @Valid
    private final Kafka kafka = new Kafka();
    /** SFTP server of file-drop adapters (files under <ndxp.files.dir>/sftp). */
    @Valid
    private final Sftp sftp = new Sftp();

    public Client getClient() { return client; }
    public Map<String, Client> getClients() { return clients; }
    public void setClients(Map<String, Client> v) { clients = v; }
    public LegacySoap getLegacySoap() { return legacySoap; }
    public Duration getTokenTtl() { return tokenTtl; }
    public void setTokenTtl(Duration v) { tokenTtl = v; }
    public List<Route> getRoutes() { return routes; }
    public void setRoutes(List<Route> v) { routes = v; }
    public boolean isEmbeddedServers() { return embeddedServers; }
    public void setEmbeddedServers(boolean v) { embeddedServers = v; }
    public Database getPostgres() { return postgres; }
    public Database getLegacyDb() { return legacyDb; }
    public Kafka getKafka() { return kafka; }
    public Sftp getSftp() { return sftp; }

    public static class Client {
        /** Client id (HTTP Basic user of the token endpoint). */
        @NotBlank
        private String key;
        /** Client secret. */
        @NotBlank
        private String secret;
        /** Subsystem id the client's tokens are issued to (VN:<class>:<unit code>:<subsystem>). */
        @NotBlank
        private String subsystem;

        public String getKey() { return key; }
        public void setKey(String v) { key = v; }
        public String getSecret() { return secret; }
        public void setSecret(String v) { secret = v; }
        public String getSubsystem() { return subsystem; }
        public void setSubsystem(String v) { subsystem = v; }
    }

    public static class LegacySoap {
        /** Port of the legacy SOAP stand-in (loopback). */
        @Min(0) @Max(65535)
        private int port;
        /** Added to every answer, to play a slow legacy host (benchmarks). */
        @NotNull
        private Duration delay;

        public int getPort() { return port; }
        public void setPort(int v) { port = v; }
        public Duration getDelay() { return delay; }
        public void setDelay(Duration v) { delay = v; }
    }

    public static class Route {
        /** Service id (VN:<class>:<unit code>:<subsystem>/<service>). */
        @NotBlank
        private String service;
        /** Base URL the stand-in forwards the service's calls to, or "sink". */
        @NotBlank
        private String url;

        public String getService() { return service; }
        public void setService(String v) { service = v; }
        public String getUrl() { return url; }
        public void setUrl(String v) { url = v; }
    }

    /** An embedded PostgreSQL server (user and password postgres). */
    public static class Database {
        /** Port (loopback). */
        @Min(0) @Max(65535)
        private int port;
        /** Data folder kept between runs (delete it to start from scratch); empty: a fresh temporary one. */
        private String dataDir;
        /** Account of the embedded server; adapter.yaml datasources of the sandbox fall back to it. */
        private String user;
        /** Password of that account. */
        private String password;

        public int getPort() { return port; }
        public void setPort(int v) { port = v; }
        public String getUser() { return user; }
        public void setUser(String v) { user = v; }
        public String getPassword() { return password; }
        public void setPassword(String v) { password = v; }
        public String getDataDir() { return dataDir; }
        public void setDataDir(String v) { dataDir = v; }
    }

    public static class Kafka {
        /** Client port of the broker (loopback). */
        @Min(0) @Max(65535)
        private int port;

        public int getPort() { return port; }
        public void setPort(int v) { port = v; }
    }

    public static class Sftp {
        /** Start the SFTP server. */
        private boolean enabled;
        /** Port (loopback). */
        @Min(0) @Max(65535)
        private int port;
        /** The one SFTP user. */
        private String user;
        /** Its password. */
        private String password;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean v) { enabled = v; }
        public int getPort() { return port; }
        public void setPort(int v) { port = v; }
        public String getUser() { return user; }
        public void setUser(String v) { user = v; }
        public String getPassword() { return password; }
        public void setPassword(String v) { password = v; }
    }
}
