package vn.gov.ndxp.adapters.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The sandbox: platform stand-in, its clients and routes, and the demo legacy systems. */
@ConfigurationProperties("ndxp.sandbox")
public class SandboxProperties {

    private final Client client = new Client();
    /** More registered clients (the demo client above is the one the startup block shows). */
    private List<Client> clients = new ArrayList<>();
    private final LegacySoap legacySoap = new LegacySoap();
    private Duration tokenTtl = Duration.ofMinutes(5);
    /** Where the platform stand-in routes service calls: service id -> base URL. */
    private List<Route> routes = new ArrayList<>();

    public Client getClient() { return client; }
    public List<Client> getClients() { return clients; }
    public void setClients(List<Client> v) { clients = v; }
    public LegacySoap getLegacySoap() { return legacySoap; }
    public Duration getTokenTtl() { return tokenTtl; }
    public void setTokenTtl(Duration v) { tokenTtl = v; }
    public List<Route> getRoutes() { return routes; }
    public void setRoutes(List<Route> v) { routes = v; }

    public static class Client {
        private String key;
        private String secret;
        private String subsystem;

        public String getKey() { return key; }
        public void setKey(String v) { key = v; }
        public String getSecret() { return secret; }
        public void setSecret(String v) { secret = v; }
        public String getSubsystem() { return subsystem; }
        public void setSubsystem(String v) { subsystem = v; }
    }

    public static class LegacySoap {
        private int port = 18081;
        /** Added to every answer, to play a slow legacy host (benchmarks). */
        private Duration delay = Duration.ZERO;

        public int getPort() { return port; }
        public void setPort(int v) { port = v; }
        public Duration getDelay() { return delay; }
        public void setDelay(Duration v) { delay = v; }
    }

    public static class Route {
        private String service;
        private String url;

        public String getService() { return service; }
        public void setService(String v) { service = v; }
        public String getUrl() { return url; }
        public void setUrl(String v) { url = v; }
    }
}
