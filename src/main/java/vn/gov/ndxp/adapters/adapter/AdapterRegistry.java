package vn.gov.ndxp.adapters.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import vn.gov.ndxp.adapters.mapping.FailWhen;
import vn.gov.ndxp.adapters.mapping.FieldSet;

/**
 * Discovers adapters/*&#47;adapter.yaml (and those of ndxp.adapters.extra-dirs), validates each
 * descriptor and fails startup with the file and the field when one is wrong. An adapter may be read
 * again, replaced or removed while running (runtime.AdapterReloader). Every value may use ${ENV_VAR:default} placeholders. The resolved
 * values are also published as properties "<adapter-id>.<path>" so YAML routes can say
 * {{civil-status.backends.legacy-soap.url}}.
 */
public class AdapterRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterRegistry.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,62}");

    /** Whether the text has the shape of an adapter id (lower-case letters, digits and '-', 2 to 63 characters). */
    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static final Pattern QNAME = Pattern.compile("\\{[^{}\\s]+}[A-Za-z_][\\w.-]*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern SUBSYSTEM = Pattern.compile("VN:[A-Z]+:[0-9A-Z.]+:[a-z0-9-]+");
    private static final Set<String> TOP_KEYS = Set.of("id", "name", "kind", "unit", "subsystem", "description",
            "enabled", "backends", "platformClient", "datasource", "services", "settings", "autoStartup",
            "contract", "purposes");
    private static final Set<String> BACKEND_KEYS = Set.of("url", "connectTimeout", "readTimeout",
            "failureRateThreshold", "minimumCalls", "waitInOpen", "faultStatus", "wsdl", "service", "port");
    private static final Set<String> FAULT_RULE_KEYS = Set.of("faultCode", "faultString", "detailElement", "detail",
            "status", "category");
    private static final Set<String> SERVICE_KEYS = Set.of("code", "title", "route", "rest", "soap", "request",
            "response", "allowedClients", "policies", "quotaUnavailable");
    private static final Set<String> POLICY_KEYS = Set.of("clients", "purpose", "quota", "fields");
    /** A field path of an answer: JSON names joined by dots (arrays are passed through). */
    private static final List<String> QUOTA_WINDOWS = List.of("perSecond", "perMinute", "perDay");
    /** A quota above it is no quota: a typo (an extra digit) rather than a limit. */
    private static final long MAX_QUOTA = 1_000_000_000L;

    /** Replaced whole on every change, so readers see one consistent set without locking. */
    private volatile Map<String, AdapterDescriptor> adapters = Map.of();
    private final Path dir;
    private final List<Path> dirs = new ArrayList<>();
    private final AdaptersProperties props;
    private final BackendDefaultsProperties backendDefaults;
    private final ConfigurableEnvironment env;
    private final Map<String, Object> published = new ConcurrentHashMap<>();

    public AdapterRegistry(AdaptersProperties props, BackendDefaultsProperties backendDefaults, ConfigurableEnvironment env) {
        this.props = props;
        this.backendDefaults = backendDefaults;
        this.env = env;
        this.dir = Path.of(props.getDir()).toAbsolutePath().normalize();
        if (!Files.isDirectory(this.dir)) {
            throw new IllegalStateException("Adapter directory " + this.dir + " does not exist (ndxp.adapters.dir)");
        }
        dirs.add(dir);
        props.getExtraDirs().forEach(d -> dirs.add(Path.of(d).toAbsolutePath().normalize()));
        Map<String, AdapterDescriptor> found = new LinkedHashMap<>();
        for (Path folder : folders().values()) {
            AdapterDescriptor d = read(folder);
            found.put(d.id(), d);
            publish(d);
        }
        adapters = found;
        env.getPropertySources().addLast(new MapPropertySource("ndxp-adapters", published));
        adapters.values().forEach(a -> LOG.info("Adapter {} ({}, unit {}): {} service(s), {}", a.id(), a.kind(), a.unit(),
                a.services().size(), a.enabled() ? "enabled" : "DISABLED by configuration"));
    }

    /**
     * The adapter folders on disk now (those with an adapter.yaml), by folder name, across dir and
     * extraDirs; a name found twice is refused naming both.
     */
    public Map<String, Path> folders() {
        Map<String, Path> out = new TreeMap<>();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> folders = Files.list(d)) {
                for (Path f : folders.filter(f -> Files.isRegularFile(f.resolve("adapter.yaml"))).toList()) {
                    Path other = out.put(f.getFileName().toString(), f);
                    if (other != null) {
                        throw new InvalidDescriptorException(f.resolve("adapter.yaml"), "id",
                                "'" + f.getFileName() + "' is used by another adapter (" + other + ")");
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read adapter directory " + d, e);
            }
        }
        return out;
    }

    /** Reads and validates one adapter folder without taking it in: the file and field of a fault are named. */
    public AdapterDescriptor read(Path folder) {
        AdapterDescriptor d = new Parser(folder.resolve("adapter.yaml"), env).parse(props, backendDefaults);
        AdapterExamples.check(d);
        return d;
    }

    /** Takes in (or replaces) an adapter read by {@link #read}, with its "<adapter-id>.<path>" properties. */
    public synchronized void put(AdapterDescriptor d) {
        publish(d);
        Map<String, AdapterDescriptor> next = new LinkedHashMap<>(adapters);
        next.put(d.id(), d);
        adapters = next;
    }

    /** Forgets an adapter whose folder is gone. */
    public synchronized void remove(String id) {
        unpublish(id);
        Map<String, AdapterDescriptor> next = new LinkedHashMap<>(adapters);
        next.remove(id);
        adapters = next;
    }

    private void publish(AdapterDescriptor d) {
        Map<String, Object> values = Parser.flatten(d.id(), new Parser(d.folder().resolve("adapter.yaml"), env).tree());
        unpublish(d.id());
        published.putAll(values);
    }

    private void unpublish(String id) {
        published.keySet().removeIf(k -> k.startsWith(id + ".") || k.startsWith(id + "["));
    }

    public Path dir() {
        return dir;
    }

    public Collection<AdapterDescriptor> all() {
        return adapters.values();
    }

    public List<AdapterDescriptor> enabled() {
        return adapters.values().stream().filter(AdapterDescriptor::enabled).toList();
    }

    public AdapterDescriptor get(String id) {
        return adapters.get(id);
    }

    /** The adapter owning a route: by the "<adapter-id>-" prefix of the route id. */
    public AdapterDescriptor byRoute(String routeId) {
        if (routeId == null) {
            return null;
        }
        AdapterDescriptor best = null;
        for (AdapterDescriptor a : adapters.values()) {
            if (routeId.startsWith(a.id() + "-") && (best == null || a.id().length() > best.id().length())) {
                best = a;
            }
        }
        return best;
    }

    /** Reads one adapter.yaml, with a path to every field so errors can name it. */
    private static final class Parser {
        private final Path file;
        private final ConfigurableEnvironment env;
        private final ObjectNode root;

        Parser(Path file, ConfigurableEnvironment env) {
            this.file = file;
            this.env = env;
            JsonNode node;
            try {
                node = YAML.readTree(file.toFile());
            } catch (IOException e) {
                throw new InvalidDescriptorException(file, "(file)", "not valid YAML: " + e.getMessage());
            }
            if (!(node instanceof ObjectNode obj)) {
                throw new InvalidDescriptorException(file, "(file)", "must be a YAML mapping");
            }
            this.root = (ObjectNode) resolve(obj, "");
        }

        JsonNode tree() {
            return root;
        }

        private JsonNode resolve(JsonNode node, String path) {
            if (node.isTextual()) {
                try {
                    return YAML.getNodeFactory().textNode(env.resolveRequiredPlaceholders(node.asText()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidDescriptorException(file, path, e.getMessage());
                }
            }
            if (node.isObject()) {
                ObjectNode copy = YAML.createObjectNode();
                node.fields().forEachRemaining(f -> copy.set(f.getKey(), resolve(f.getValue(), join(path, f.getKey()))));
                return copy;
            }
            if (node.isArray()) {
                var copy = YAML.createArrayNode();
                for (int i = 0; i < node.size(); i++) {
                    copy.add(resolve(node.get(i), path + "[" + i + "]"));
                }
                return copy;
            }
            return node;
        }

        AdapterDescriptor parse(AdaptersProperties props, BackendDefaultsProperties backendDefaults) {
            checkKeys(root, "", TOP_KEYS);
            String id = text(root, "id", true);
            if (!ID.matcher(id).matches()) {
                fail("id", "must be lower-case letters, digits and '-' (got '" + id + "')");
            }
            if (!id.equals(file.getParent().getFileName().toString())) {
                fail("id", "must equal the folder name '" + file.getParent().getFileName() + "'");
            }
            String kind = text(root, "kind", true);
            if (!AdapterDescriptor.KINDS.contains(kind)) {
                fail("kind", "must be one of " + AdapterDescriptor.KINDS + " (got '" + kind + "')");
            }
            String unit = text(root, "unit", true);
            String subsystem = text(root, "subsystem", true);
            if (!SUBSYSTEM.matcher(subsystem).matches() || !subsystem.contains(":" + unit + ":")) {
                fail("subsystem", "must look like VN:<class>:<unit code>:<subsystem> with unit " + unit + " (got '" + subsystem + "')");
            }
            boolean enabled = root.path("enabled").asBoolean(true);
            Boolean operatorSwitch = props.enabled(id);
            enabled = operatorSwitch != null ? operatorSwitch : enabled;

            Map<String, AdapterDescriptor.Backend> backends = new LinkedHashMap<>();
            root.path("backends").fields().forEachRemaining(e -> backends.put(e.getKey(), backend(e.getKey(), e.getValue(), backendDefaults)));

            AdapterDescriptor.PlatformClient platformClient = null;
            if (root.has("platformClient")) {
                JsonNode pc = root.get("platformClient");
                checkKeys(pc, "platformClient", Set.of("key", "secret"));
                platformClient = new AdapterDescriptor.PlatformClient(text(pc, "platformClient", "key", true),
                        text(pc, "platformClient", "secret", true));
            }

            AdapterDescriptor.Datasource datasource = null;
            if (root.has("datasource")) {
                JsonNode ds = root.get("datasource");
                checkKeys(ds, "datasource", Set.of("url", "username", "password", "maxPoolSize"));
                String url = text(ds, "datasource", "url", true);
                if (!url.startsWith("jdbc:")) {
                    fail("datasource.url", "must be a JDBC URL (got '" + url + "')");
                }
                datasource = new AdapterDescriptor.Datasource(url, text(ds, "datasource", "username", false),
                        text(ds, "datasource", "password", false), ds.path("maxPoolSize").asInt(5));
            }

            List<AdapterDescriptor.Service> services = new ArrayList<>();
            JsonNode list = root.path("services");
            // a file adapter only pushes (its routes are file consumers); every other kind serves something
            if (!"file".equals(kind) && (!list.isArray() || list.isEmpty())) {
                fail("services", "at least one service is required");
            }
            Map<String, String> purposes = purposes();
            for (int i = 0; i < list.size(); i++) {
                services.add(service("services[" + i + "]", list.get(i), id, purposes));
            }
            Map<String, Boolean> autoStartup = new LinkedHashMap<>();
            root.path("autoStartup").fields().forEachRemaining(e -> {
                String v = e.getValue().asText().trim();
                if (!e.getKey().startsWith(id + "-")) {
                    fail("autoStartup." + e.getKey(), "route ids start with the adapter id: '" + id + "-...'");
                }
                if (!v.equals("true") && !v.equals("false")) {
                    fail("autoStartup." + e.getKey(), "must be true or false (got '" + v + "')");
                }
                autoStartup.put(e.getKey(), Boolean.valueOf(v));
            });
            return new AdapterDescriptor(id, text(root, "name", true), kind, unit, subsystem,
                    text(root, "description", false), enabled, file.getParent(), backends, platformClient, datasource, services,
                    autoStartup, contract(), purposes);
        }

        /**
         * purposes: a YAML file of the adapter folder listing the purposes of use a caller may give,
         * each a code (e.g. an administrative procedure code) and a title. None declared: empty.
         */
        private Map<String, String> purposes() {
            String name = text(root, "purposes", false);
            if (name == null) {
                return Map.of();
            }
            Path f = file.getParent().resolve(name).normalize();
            if (!f.startsWith(file.getParent()) || !Files.isRegularFile(f)) {
                fail("purposes", "file not found in the adapter folder: " + name);
            }
            JsonNode list;
            try {
                list = YAML.readTree(f.toFile());
            } catch (IOException e) {
                throw new InvalidDescriptorException(f, "(file)", "not valid YAML: " + e.getMessage());
            }
            if (list == null || !list.isArray() || list.isEmpty()) {
                throw new InvalidDescriptorException(f, "(file)", "must be a list of purposes (code, title)");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode e = list.get(i);
                String at = "[" + i + "]";
                if (!e.isObject() || !e.path("code").isValueNode() || e.path("code").asText().isBlank()) {
                    throw new InvalidDescriptorException(f, at + ".code", "required");
                }
                String code = e.get("code").asText().trim();
                if (code.length() > 32 || !AdapterDescriptor.PURPOSE_CODE.matcher(code).matches()) {
                    throw new InvalidDescriptorException(f, at + ".code", "at most 32 letters, digits, '.', '_' or '-' (got '" + code + "')");
                }
                if (out.put(code, e.path("title").asText(code).trim()) != null) {
                    throw new InvalidDescriptorException(f, at + ".code", "declared twice: " + code);
                }
                e.fieldNames().forEachRemaining(k -> {
                    if (!k.equals("code") && !k.equals("title")) {
                        throw new InvalidDescriptorException(f, at + "." + k, "unknown field (allowed: [code, title])");
                    }
                });
            }
            return Collections.unmodifiableMap(out);
        }

        /** contract: the OpenAPI contact (name, email, url) and licence (name, url); all optional. */
        private AdapterDescriptor.Contract contract() {
            if (!root.has("contract")) {
                return null;
            }
            JsonNode c = root.get("contract");
            checkKeys(c, "contract", Set.of("contact", "license"));
            JsonNode contact = c.path("contact");
            JsonNode license = c.path("license");
            if (!contact.isMissingNode()) {
                checkKeys(contact, "contract.contact", Set.of("name", "email", "url"));
            }
            if (!license.isMissingNode()) {
                checkKeys(license, "contract.license", Set.of("name", "url"));
            }
            String name = contact.isMissingNode() ? null : text(contact, "contract.contact", "name", true);
            String email = contact.isMissingNode() ? null : text(contact, "contract.contact", "email", false);
            if (email != null && !EMAIL.matcher(email).matches()) {
                fail("contract.contact.email", "not an e-mail address (got '" + email + "')");
            }
            String licenseName = license.isMissingNode() ? null : text(license, "contract.license", "name", true);
            return new AdapterDescriptor.Contract(name, email, url(contact, "contract.contact"), licenseName,
                    url(license, "contract.license"));
        }

        private String url(JsonNode node, String path) {
            String url = node.isMissingNode() ? null : text(node, path, "url", false);
            if (url != null && !url.matches("https?://[^\\s/]+(/\\S*)?")) {
                fail(path + ".url", "must be an http(s) URL (got '" + url + "')");
            }
            return url;
        }

        private AdapterDescriptor.Backend backend(String name, JsonNode b, BackendDefaultsProperties defaults) {
            String p = "backends." + name;
            checkKeys(b, p, BACKEND_KEYS);
            List<FaultRule> faults = faultRules(p + ".faultStatus", b.path("faultStatus"));
            // a SOAP backend: wsdl, service and port together (service and port as {namespace}localName)
            String wsdl = text(b, p, "wsdl", false);
            String service = text(b, p, "service", false);
            String port = text(b, p, "port", false);
            Path wsdlFile = null;
            if (wsdl != null || service != null || port != null) {
                if (wsdl == null || service == null || port == null) {
                    fail(p, "a SOAP backend declares wsdl, service and port together");
                }
                wsdlFile = file.getParent().resolve(wsdl).normalize();
                if (!Files.isRegularFile(wsdlFile)) {
                    fail(p + ".wsdl", "file not found in the adapter folder: " + wsdl);
                }
                for (String key : List.of("service", "port")) {
                    if (!QNAME.matcher(text(b, p, key, true)).matches()) {
                        fail(p + "." + key, "must be {namespace}localName as in the WSDL");
                    }
                }
            }
            return new AdapterDescriptor.Backend(name, text(b, p, "url", true),
                    duration(b, p, "connectTimeout", defaults.getConnectTimeout()),
                    duration(b, p, "readTimeout", defaults.getReadTimeout()),
                    integer(b, p, "failureRateThreshold", defaults.getFailureRateThreshold()),
                    integer(b, p, "minimumCalls", defaults.getMinimumCalls()),
                    duration(b, p, "waitInOpen", defaults.getWaitInOpen()),
                    faults, wsdlFile, service, port);
        }

        /** faultStatus: a map CODE: status (the simple form) or a list of rules (FaultRule). */
        private List<FaultRule> faultRules(String p, JsonNode node) {
            List<FaultRule> rules = new ArrayList<>();
            if (node.isObject()) {
                node.fields().forEachRemaining(f -> rules.add(FaultRule.simple(f.getKey(), status(p + "." + f.getKey(), f.getValue()))));
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    rules.add(faultRule(p + "[" + i + "]", node.get(i)));
                }
            } else if (!node.isMissingNode() && !node.isNull()) {
                fail(p, "must be a map of fault code to HTTP status, or a list of rules");
            }
            return List.copyOf(rules);
        }

        private FaultRule faultRule(String p, JsonNode r) {
            checkKeys(r, p, FAULT_RULE_KEYS);
            if (!r.has("faultCode") && !r.has("faultString") && !r.has("detail")) {
                fail(p, "a rule matches at least one of faultCode, faultString, detail");
            }
            String element = text(r, p, "detailElement", false);
            if (element != null && !r.has("detail")) {
                fail(p + ".detailElement", "applies to a detail pattern; declare detail too");
            }
            int status = status(p + ".status", r.path("status"));
            String category = text(r, p, "category", false);
            if (category != null && !FailWhen.CATEGORY.matcher(category).matches()) {
                fail(p + ".category", "must be <client|adapter|backend|platform>.<name>, e.g. backend.not-found (got '" + category + "')");
            }
            return new FaultRule(pattern(r, p, "faultCode"), pattern(r, p, "faultString"), element, pattern(r, p, "detail"),
                    false, status, category != null ? category : FaultRule.defaultCategory(status));
        }

        private Pattern pattern(JsonNode r, String p, String key) {
            String regex = text(r, p, key, false);
            try {
                return regex == null ? null : FaultRule.pattern(regex);
            } catch (IllegalArgumentException e) {
                fail(p + "." + key, e.getMessage());
                return null;
            }
        }

        private int status(String field, JsonNode v) {
            String text = v.isValueNode() ? v.asText().trim() : "";
            if (!text.matches("[45][0-9]{2}")) {
                fail(field, "must be an HTTP status code (400-599)");
            }
            return Integer.parseInt(text);
        }

        private AdapterDescriptor.Service service(String p, JsonNode s, String adapterId, Map<String, String> purposes) {
            checkKeys(s, p, SERVICE_KEYS);
            String route = text(s, p, "route", true);
            if (!route.startsWith(adapterId + "-")) {
                fail(p + ".route", "route ids start with the adapter id: '" + adapterId + "-...' (got '" + route + "')");
            }
            String method = null;
            String path;
            String wsdl = null;
            if (s.has("rest") == s.has("soap")) {
                fail(p, "declare exactly one of 'rest' (method, path) or 'soap' (path, wsdl)");
            }
            if (s.has("rest")) {
                JsonNode r = s.get("rest");
                checkKeys(r, p + ".rest", Set.of("method", "path"));
                method = text(r, p + ".rest", "method", true).toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    fail(p + ".rest.method", "must be an HTTP method (got '" + method + "')");
                }
                path = text(r, p + ".rest", "path", true);
            } else {
                JsonNode r = s.get("soap");
                checkKeys(r, p + ".soap", Set.of("path", "wsdl"));
                path = text(r, p + ".soap", "path", true);
                wsdl = text(r, p + ".soap", "wsdl", true);
                if (!Files.isRegularFile(file.getParent().resolve(wsdl))) {
                    fail(p + ".soap.wsdl", "file not found in the adapter folder: " + wsdl);
                }
            }
            if (!path.startsWith("/")) {
                fail(p + ".path", "must start with '/'");
            }
            List<String> allowed = new ArrayList<>();
            JsonNode clients = s.path("allowedClients");
            for (int i = 0; i < clients.size(); i++) {
                String c = clients.get(i).asText();
                if (!SUBSYSTEM.matcher(c).matches()) {
                    fail(p + ".allowedClients[" + i + "]", "not a subsystem id VN:<class>:<unit>:<subsystem> (got '" + c + "')");
                }
                allowed.add(c);
            }
            String code = text(s, p, "code", true);
            if (!ID.matcher(code).matches()) {
                // it names the examples file and appears in paths
                fail(p + ".code", "must be lower-case letters, digits and '-', a letter first (got '" + code + "')");
            }
            List<AdapterDescriptor.Policy> policies = policies(p, s, allowed, purposes);
            for (int i = 0; i < policies.size(); i++) {
                if (policies.get(i).fields() != null && (wsdl != null || !s.hasNonNull("response"))) {
                    fail(p + ".policies[" + i + "].fields", "field sets apply to the JSON answer of a REST service with a response mapping");
                }
            }
            String unavailable = text(s, p, "quotaUnavailable", false);
            if (unavailable != null && !unavailable.equals("open") && !unavailable.equals("closed")) {
                fail(p + ".quotaUnavailable", "must be open (calls go through) or closed (503) (got '" + unavailable + "')");
            }
            if (unavailable != null && policies.stream().noneMatch(x -> x.quota() != null)) {
                fail(p + ".quotaUnavailable", "set, but no policy of the service has a quota");
            }
            return new AdapterDescriptor.Service(code, text(s, p, "title", false), route, method,
                    path, wsdl, text(s, p, "request", false), text(s, p, "response", false), List.copyOf(allowed),
                    policies, !"closed".equals(unavailable));
        }

        /** policies: per client, what the service asks of it; each client named is an allowed client, once. */
        private List<AdapterDescriptor.Policy> policies(String p, JsonNode s, List<String> allowed, Map<String, String> purposes) {
            JsonNode list = s.path("policies");
            if (list.isMissingNode()) {
                return List.of();
            }
            if (!list.isArray()) {
                fail(p + ".policies", "must be a list");
            }
            List<AdapterDescriptor.Policy> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String at = p + ".policies[" + i + "]";
                JsonNode pol = list.get(i);
                checkKeys(pol, at, POLICY_KEYS);
                JsonNode clients = pol.path("clients");
                if (!clients.isArray() || clients.isEmpty()) {
                    fail(at + ".clients", "required: the subsystem ids this policy applies to");
                }
                List<String> names = new ArrayList<>();
                for (int j = 0; j < clients.size(); j++) {
                    String c = clients.get(j).asText();
                    if (!allowed.contains(c)) {
                        fail(at + ".clients[" + j + "]", "not one of the service's allowedClients (got '" + c + "')");
                    }
                    if (!seen.add(c)) {
                        fail(at + ".clients[" + j + "]", "already has a policy: " + c);
                    }
                    names.add(c);
                }
                String purpose = text(pol, at, "purpose", false);
                if (purpose != null && !purpose.equals("required") && !purpose.equals("optional")) {
                    fail(at + ".purpose", "must be required or optional (got '" + purpose + "')");
                }
                if ("required".equals(purpose) && purposes.isEmpty()) {
                    fail(at + ".purpose", "required, but the adapter declares no purposes (purposes: <file>)");
                }
                out.add(new AdapterDescriptor.Policy(List.copyOf(names), "required".equals(purpose), quota(pol, at), fields(pol, at)));
            }
            return List.copyOf(out);
        }

        /**
         * fields: the answer's fields the clients receive; the paths' shape here, their existence in the
         * response mapping by AdapterMappings.checkFields (it has the schemas).
         */
        private List<String> fields(JsonNode pol, String at) {
            if (!pol.has("fields")) {
                return null;
            }
            JsonNode list = pol.get("fields");
            if (!list.isArray() || list.isEmpty()) {
                fail(at + ".fields", "must be a list of field paths of the answer, e.g. [citizenId, parents.fullName]");
            }
            Set<String> paths = new java.util.LinkedHashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String f = list.get(i).asText();
                if (!list.get(i).isValueNode() || !FieldSet.PATH.matcher(f).matches()) {
                    fail(at + ".fields[" + i + "]", "not a field path: JSON names joined by '.' (got '" + f + "')");
                }
                if (!paths.add(f)) {
                    fail(at + ".fields[" + i + "]", "listed twice: " + f);
                }
            }
            return List.copyOf(paths);
        }

        /** quota: calls per window, each a whole number 1..1e9; a longer window allows at least as many. */
        private AdapterDescriptor.Quota quota(JsonNode pol, String at) {
            if (!pol.has("quota")) {
                return null;
            }
            String path = at + ".quota";
            JsonNode q = pol.get("quota");
            checkKeys(q, path, Set.copyOf(QUOTA_WINDOWS));
            Long[] limits = new Long[QUOTA_WINDOWS.size()];
            Long shorter = null;
            for (int i = 0; i < limits.length; i++) {
                String key = QUOTA_WINDOWS.get(i);
                JsonNode v = q.get(key);
                if (v == null) {
                    continue;
                }
                // a placeholder resolves to text: digits are a number either way
                String n = v.asText().trim();
                if (!v.isValueNode() || !n.matches("[0-9]{1,10}") || Long.parseLong(n) < 1 || Long.parseLong(n) > MAX_QUOTA) {
                    fail(path + "." + key, "must be a whole number of calls, 1 to " + MAX_QUOTA + " (got '" + n + "')");
                }
                if (shorter != null && Long.parseLong(n) < shorter) {
                    fail(path + "." + key, "allows fewer calls than a shorter window (" + shorter + ")");
                }
                limits[i] = Long.parseLong(n);
                shorter = limits[i];
            }
            if (shorter == null) {
                fail(path, "declare at least one of " + QUOTA_WINDOWS);
            }
            return new AdapterDescriptor.Quota(limits[0], limits[1], limits[2]);
        }

        private void checkKeys(JsonNode node, String path, Set<String> allowed) {
            if (!node.isObject()) {
                fail(path, "must be a mapping");
            }
            node.fieldNames().forEachRemaining(k -> {
                if (!allowed.contains(k)) {
                    fail(join(path, k), "unknown field (allowed: " + allowed.stream().sorted().toList() + ")");
                }
            });
        }

        private String text(JsonNode node, String key, boolean required) {
            return text(node, "", key, required);
        }

        private String text(JsonNode node, String path, String key, boolean required) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull() || v.asText().isBlank()) {
                if (required) {
                    fail(join(path, key), "required");
                }
                return null;
            }
            if (!v.isValueNode()) {
                fail(join(path, key), "must be a single value");
            }
            return v.asText().trim();
        }

        private Duration duration(JsonNode node, String path, String key, Duration defaultValue) {
            if (!node.has(key)) {
                return defaultValue;
            }
            String v = node.get(key).asText();
            try {
                return DurationStyle.detectAndParse(v);
            } catch (IllegalArgumentException e) {
                fail(join(path, key), "not a duration like 500ms, 5s or PT5S (got '" + v + "')");
                return null;
            }
        }

        private int integer(JsonNode node, String path, String key, int defaultValue) {
            if (!node.has(key)) {
                return defaultValue;
            }
            String v = node.get(key).asText();
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                fail(join(path, key), "not an integer (got '" + v + "')");
                return 0;
            }
        }

        private void fail(String field, String message) {
            throw new InvalidDescriptorException(file, field, message);
        }

        private static String join(String path, String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        static Map<String, Object> flatten(String prefix, JsonNode node) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (node.isObject()) {
                node.fields().forEachRemaining(f -> out.putAll(flatten(prefix + "." + f.getKey(), f.getValue())));
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    out.putAll(flatten(prefix + "[" + i + "]", node.get(i)));
                }
            } else {
                out.put(prefix, node.asText());
            }
            return out;
        }
    }
}
