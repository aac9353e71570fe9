package vn.gov.ndxp.adapters.adapter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One adapter folder, as declared in its adapter.yaml (placeholders already resolved). autoStartup:
 * the routes switched on or off by configuration (route id to whether it starts with the runtime).
 * purposes: the purposes of use a caller may give (code to title, in the file's order; empty when the
 * adapter declares none).
 */
public record AdapterDescriptor(
        String id,
        String name,
        String kind,
        String unit,
        String subsystem,
        String description,
        boolean enabled,
        Path folder,
        Map<String, Backend> backends,
        PlatformClient platformClient,
        Datasource datasource,
        List<Service> services,
        Map<String, Boolean> autoStartup,
        Contract contract,
        Map<String, String> purposes) {

    public static final List<String> KINDS = List.of("rest-to-soap", "soap-to-rest", "database", "file");
    /** A purpose code: what administrative procedure codes look like (1.001, 2.000123, BHXH-01). */
    public static final Pattern PURPOSE_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * A remote system the adapter calls: its own timeouts, circuit breaker and fault mapping. A SOAP
     * backend also names its WSDL (a file of the adapter folder), service and port: the runtime makes
     * it the CXF endpoint bean {@link #beanName} that routes call as cxf:bean:&lt;adapter&gt;-&lt;backend&gt;.
     */
    public record Backend(String name, String url, Duration connectTimeout, Duration readTimeout,
                          int failureRateThreshold, int minimumCalls, Duration waitInOpen,
                          List<FaultRule> faultStatus, Path wsdl, String service, String port) {

        public boolean isSoap() {
            return wsdl != null;
        }
    }

    /** The Camel bean and breaker name of one of this adapter's backends: "&lt;adapter-id&gt;-&lt;backend&gt;". */
    public String beanName(Backend b) {
        return id + "-" + b.name();
    }

    /** The legacy database a database adapter reads and writes (bound in Camel as "<id>-db"). */
    public record Datasource(String url, String username, String password, int maxPoolSize) {
    }

    /** Contact and licence of the adapter's REST contract (OpenAPI info); null when not declared. */
    public record Contract(String contactName, String contactEmail, String contactUrl, String licenseName, String licenseUrl) {
    }

    /** Credentials with which the adapter calls NDXP services as its own subsystem. */
    public record PlatformClient(String key, String secret) {
    }

    /**
     * A data-sharing service the adapter offers: REST (method + path) or a SOAP facade (path + wsdl).
     * request/response name mapping files of the adapter; they give the contract's schemas. policies:
     * what applies to some of the allowed clients (the first policy naming a client is its policy).
     * quotaFailOpen: when the shared quota state cannot be read, calls under a quota go through (true)
     * or are refused with 503 (false).
     */
    public record Service(String code, String title, String route, String method, String path,
                          String soapWsdl, String request, String response, List<String> allowedClients,
                          List<Policy> policies, boolean quotaFailOpen) {

        public boolean isSoap() {
            return soapWsdl != null;
        }

        /** The policy of this client, or null: an allowed client with no policy has the service's defaults. */
        public Policy policyFor(String client) {
            for (Policy p : policies) {
                if (p.clients().contains(client)) {
                    return p;
                }
            }
            return null;
        }

        /** Is this the REST service of {@code method} {@code uri} (path parameters match one segment)? */
        public boolean serves(String method, String uri) {
            return !isSoap() && this.method.equals(method) && uri.matches(path.replace(".", "\\.").replaceAll("\\{[^}]+}", "[^/]+"));
        }
    }

    /**
     * What a service asks of some of its clients. purposeRequired: each call must say why it is made
     * (header X-NDXP-Purpose, a code of the adapter's purposes list). quota: how many calls each of
     * them may make, or null for no limit. fields: the only fields of the answer they receive (dotted
     * paths of the response mapping's JSON, through arrays), or null for all of them.
     */
    public record Policy(List<String> clients, boolean purposeRequired, Quota quota, List<String> fields) {

        /** The policy as the catalogue and the console (Hawtio) show it; only what it sets. */
        public Map<String, Object> view() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("purpose", purposeRequired ? "required" : "optional");
            v.put("clients", clients);
            if (fields != null) {
                // the client's view: the only fields of the answer it receives
                v.put("fields", fields);
            }
            if (quota != null) {
                // each client of the policy has this budget of its own
                Map<String, Long> q = new LinkedHashMap<>();
                if (quota.perSecond() != null) {
                    q.put("perSecond", quota.perSecond());
                }
                if (quota.perMinute() != null) {
                    q.put("perMinute", quota.perMinute());
                }
                if (quota.perDay() != null) {
                    q.put("perDay", quota.perDay());
                }
                v.put("quota", q);
            }
            return v;
        }
    }

    /**
     * Calls one client may make to one service in each window (null: no limit in that window); at least
     * one is set. Windows are fixed: a second, a minute, a day (local midnight to midnight).
     */
    public record Quota(Long perSecond, Long perMinute, Long perDay) {
    }

    public String serviceId(Service s) {
        return subsystem + "/" + s.code();
    }

    public Service serviceByRoute(String routeId) {
        for (Service s : services) {
            if (s.route().equals(routeId)) {
                return s;
            }
        }
        return null;
    }
}
