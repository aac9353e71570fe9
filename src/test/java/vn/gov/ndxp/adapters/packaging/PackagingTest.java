package vn.gov.ndxp.adapters.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The container packaging (Dockerfile, docker-compose.yml, ops/prometheus, ops/grafana) checked against
 * the runtime it packages: the env vars the prod profile needs, the metrics the runtime registers, the
 * folders the runtime reads. A plain unit test: files are parsed, nothing is built or started.
 * YAML is read with SnakeYAML (which resolves the anchors and merge keys compose files use; Jackson's
 * YAML parser does not) and navigated as Jackson trees.
 */
class PackagingTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The runtime, the platform stand-in, their servers, the demo legacy database, monitoring. */
    private static final Set<String> SERVICES = Set.of("runtime", "sandbox", "postgres", "kafka", "prometheus", "grafana",
            "legacy-db");
    /** Published ports: on the host's loopback only, nothing else (PostgreSQL and Kafka stay inside). */
    private static final Map<String, Set<String>> PORTS = Map.of(
            "runtime", Set.of("127.0.0.1:8080:8080"),
            "sandbox", Set.of("127.0.0.1:8081:8080"),
            "prometheus", Set.of("127.0.0.1:9090:9090"),
            "grafana", Set.of("127.0.0.1:3000:3000"));
    /** Standard Micrometer JVM/process meters a dashboard may use besides the runtime's own. */
    private static final Set<String> STANDARD_METRICS = Set.of("jvm_memory_used_bytes", "jvm_memory_committed_bytes",
            "jvm_memory_max_bytes", "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_max",
            "jvm_threads_live_threads", "process_cpu_usage", "system_cpu_usage", "process_uptime_seconds");
    private static final Set<String> LABELS = Set.of("adapter", "service", "status", "category", "le", "job", "instance",
            "area", "id");

    // ---------------------------------------------------------------------------------------- compose

    @Test
    void composeHasTheExpectedServicesEachWithAnImageOrBuild() {
        JsonNode compose = compose();
        assertThat(compose.has("version")).as("compose spec: no version key").isFalse();
        assertThat(names(compose.path("services"))).containsExactlyInAnyOrderElementsOf(SERVICES);
        compose.path("services").fields().forEachRemaining(s -> assertThat(
                s.getValue().hasNonNull("image") || s.getValue().hasNonNull("build"))
                .as("service %s has an image or a build", s.getKey()).isTrue());
        // the runtime and the platform stand-in are the project's image, built from this folder
        for (String own : List.of("runtime", "sandbox")) {
            JsonNode s = service(own);
            assertThat(s.path("build").isTextual() ? s.path("build").asText() : s.path("build").path("context").asText("."))
                    .as("%s is built from the project folder", own).isIn(".", "./");
        }
        assertThat(service("runtime").path("image").asText()).isEqualTo(service("sandbox").path("image").asText());
    }

    @Test
    void runtimeRunsProdWithEveryEnvVarTheProdProfileNeeds() {
        Map<String, String> env = env("runtime");
        assertThat(env.get("SPRING_PROFILES_ACTIVE")).isEqualTo("prod");

        Set<String> required = new TreeSet<>(requiredByProdProfile());
        // sanity of the parsing itself: these are in config/application.yml's prod section today
        assertThat(required).contains("NDXP_PLATFORM_URL", "NDXP_DB_URL", "NDXP_DB_USER", "NDXP_DB_PASSWORD",
                "NDXP_KAFKA_BOOTSTRAP", "NDXP_OPERATOR_PASSWORD_HASH");
        // adapter settings whose default only makes sense in the sandbox
        required.addAll(requiredByAdaptersInProd());
        assertThat(required).contains("CIVIL_STATUS_SOAP_URL", "ONE_STOP_OFFICE_CLIENT_KEY", "ONE_STOP_OFFICE_CLIENT_SECRET");
        // the platform stand-in signs tokens with its own issuer
        required.add("NDXP_PLATFORM_ISSUER");

        for (String var : required) {
            assertThat(env).as("runtime service environment").containsKey(var);
            assertThat(isSet(env.get(var))).as("%s has a value or a required ${%s:?...} placeholder", var, var).isTrue();
        }

        assertThat(env.get("NDXP_PLATFORM_URL")).isEqualTo("http://sandbox:8080/sandbox/ndxp");
        assertThat(env.get("NDXP_PLATFORM_ISSUER")).isEqualTo(profileDocument("sandbox").path("ndxp").path("platform")
                .path("issuer").asText());
        assertThat(env.get("NDXP_DB_URL")).startsWith("jdbc:postgresql://postgres:5432/");
        // every server the runtime is pointed at is a service of this compose file
        Pattern host = Pattern.compile("(?:jdbc:postgresql|https?)://([a-z0-9.-]+)[:/]");
        env.forEach((k, v) -> {
            Matcher m = host.matcher(v.replaceFirst("^\\$\\{[A-Z0-9_]+:-", ""));
            if (m.lookingAt()) {
                assertThat(SERVICES).as("host of %s", k).contains(m.group(1));
            }
        });
        assertThat(env.get("NDXP_KAFKA_BOOTSTRAP")).isEqualTo("kafka:9092");
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
    void sandboxIsTheSameImageWithItsAdaptersOffReachableFromOtherContainers() {
        Map<String, String> env = env("sandbox");
        assertThat(env.get("SPRING_PROFILES_ACTIVE")).isEqualTo("sandbox");
        assertThat(env.get("SERVER_ADDRESS")).as("the sandbox binds loopback unless told otherwise").isEqualTo("0.0.0.0");
        for (String id : adapterIds()) {
            String var = "NDXP_ADAPTERS_ENABLED_" + id.toUpperCase(Locale.ROOT).replace('-', '_');
            assertThat(env.get(var)).as("%s (adapter %s runs in the runtime container only)", var, id).isEqualTo("false");
        }
        // the image holds the -Dprod jar: no embedded PostgreSQL/Kafka, so the sandbox needs real ones
        assertThat(dockerfileBuildCommand()).contains("-Dprod");
        assertThat(env.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(isSet(env.get("SPRING_DATASOURCE_PASSWORD"))).isTrue();
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
            assertThat(new TreeSet<>(services.keySet())).containsExactlyElementsOf(
                    Stream.iterate(0, i -> i + 1).limit(services.size()).toList());
            Set<String> configured = new HashSet<>();
            profileDocument("sandbox").path("ndxp").path("sandbox").path("routes")
                    .forEach(r -> configured.add(r.path("service").asText()));
            assertThat(new HashSet<>(services.values())).as("services routed by the platform stand-in")
                    .isEqualTo(configured);
            urls.values().forEach(u -> assertThat(u).as("route URL").matches("sink|http://[a-z0-9.-]+:\\d+/.*"));
        }
    }

    @Test
    void dependsOnTargetsExistAndHealthyConditionsHaveHealthchecks() {
        JsonNode services = compose().path("services");
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        services.fields().forEachRemaining(s -> {
            Map<String, String> deps = dependsOn(s.getValue());
            graph.put(s.getKey(), deps.keySet());
            deps.forEach((target, condition) -> {
                assertThat(services.has(target)).as("%s depends on existing service %s", s.getKey(), target).isTrue();
                assertThat(condition).isIn("service_started", "service_healthy", "service_completed_successfully");
                if (condition.equals("service_healthy")) {
                    assertThat(hasHealthcheck(services.path(target)))
                            .as("%s waits for %s to be healthy: it needs a healthcheck", s.getKey(), target).isTrue();
                }
            });
        });
        assertThat(dependsOn(service("runtime"))).containsEntry("postgres", "service_healthy")
                .containsEntry("kafka", "service_healthy").containsEntry("sandbox", "service_healthy");
        // no cycle: compose would refuse to start
        Set<String> done = new HashSet<>();
        for (String s : graph.keySet()) {
            assertThat(cycleFrom(s, graph, new LinkedHashSet<>(), done)).as("dependency cycle").isEmpty();
        }
    }

    @Test
    void healthchecksForPostgresKafkaAndTheRuntime() {
        for (String s : List.of("postgres", "kafka", "runtime", "sandbox", "legacy-db")) {
            assertThat(hasHealthcheck(service(s))).as("%s has a healthcheck", s).isTrue();
        }
        String runtime = String.join(" ", strings(service("runtime").path("healthcheck").path("test")));
        // readiness, not /actuator/health: a legacy backend being down must not mark the runtime unhealthy
        assertThat(runtime).contains("http://127.0.0.1:8080/actuator/health/readiness");
        assertThat(String.join(" ", strings(service("postgres").path("healthcheck").path("test")))).contains("pg_isready");
        assertThat(String.join(" ", strings(service("kafka").path("healthcheck").path("test")))).contains("9092");
    }

    @Test
    void onlyTheExpectedPortsArePublished() {
        compose().path("services").fields().forEachRemaining(s -> {
            Set<String> published = new HashSet<>(strings(s.getValue().path("ports")));
            assertThat(published).as("ports of %s", s.getKey()).isEqualTo(PORTS.getOrDefault(s.getKey(), Set.of()));
        });
        // the runtime listens where the image says
        assertThat(dockerfile().stages.get(dockerfile().stages.size() - 1).args("EXPOSE")).contains("8080");
    }

    @Test
    void kafkaIsASingleKraftNodeAndDataLivesInNamedVolumes() {
        Map<String, String> kafka = env("kafka");
        assertThat(service("kafka").path("image").asText()).startsWith("apache/kafka:");
        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).isEqualTo("PLAINTEXT://kafka:9092");
        assertThat(kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo("1@kafka:9093");
        assertThat(kafka.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo("1");
        assertThat(service("postgres").path("image").asText()).isEqualTo("postgres:16");

        Set<String> declared = names(compose().path("volumes"));
        compose().path("services").fields().forEachRemaining(s -> {
            for (String v : strings(s.getValue().path("volumes"))) {
                String source = v.split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(ROOT.resolve(source)).as("bind mount of %s", s.getKey()).exists();
                } else {
                    assertThat(declared).as("named volume of %s", s.getKey()).contains(source);
                }
            }
        });
        assertThat(mountSource("postgres", "/var/lib/postgresql/data")).isIn(declared.toArray());
        assertThat(mountSource("kafka", env("kafka").get("KAFKA_LOG_DIRS"))).isIn(declared.toArray());
    }

    // ---------------------------------------------------------------------------------------- grafana

    @Test
    void grafanaIsProvisionedWithPrometheusAndADashboardOfTheRuntimesMetrics() throws IOException {
        Path provisioning = ROOT.resolve(mountSource("grafana", "/etc/grafana/provisioning"));
        assertThat(provisioning).isDirectory();

        List<JsonNode> datasources = yamlFiles(provisioning.resolve("datasources")).stream()
                .flatMap(y -> stream(y.path("datasources"))).filter(d -> d.path("type").asText().equals("prometheus"))
                .toList();
        assertThat(datasources).hasSize(1);
        JsonNode datasource = datasources.get(0);
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(ports("prometheus")).anyMatch(p -> p.endsWith(":9090"));
        String uid = datasource.path("uid").asText();
        assertThat(uid).isNotBlank();

        List<JsonNode> providers = yamlFiles(provisioning.resolve("dashboards")).stream()
                .flatMap(y -> stream(y.path("providers"))).toList();
        assertThat(providers).isNotEmpty();
        List<Path> dashboards = new ArrayList<>();
        for (JsonNode p : providers) {
            Path dir = ROOT.resolve(mountSource("grafana", p.path("options").path("path").asText()));
            assertThat(dir).as("dashboards folder of provider %s", p.path("name").asText()).isDirectory();
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".json")).forEach(dashboards::add);
            }
        }
        assertThat(dashboards).isNotEmpty();
        String home = env("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        if (home != null) {
            assertThat(ROOT.resolve(mountSource("grafana", home))).isRegularFile();
        }

        Set<String> exposed = runtimeMetricNames();
        Set<String> used = new TreeSet<>();
        for (Path file : dashboards) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            assertThat(dashboard.path("uid").asText()).isNotBlank();
            List<JsonNode> panels = new ArrayList<>();
            collectPanels(dashboard.path("panels"), panels::add);
            assertThat(panels).isNotEmpty();
            for (JsonNode panel : panels) {
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertThat(panel.path("datasource").path("uid").asText()).as("datasource of panel %s", panel.path("title"))
                        .isEqualTo(uid);
                assertThat(panel.path("targets")).as("queries of panel %s", panel.path("title")).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    assertThat(expr).as("query of panel %s", panel.path("title")).isNotBlank();
                    Matcher m = Pattern.compile("\\b((?:ndxp|jvm|process|system|camel)_[a-z0-9_]+)\\b").matcher(expr);
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                    Matcher by = Pattern.compile("\\bby\\s*\\(([^)]*)\\)").matcher(expr);
                    while (by.find()) {
                        for (String label : by.group(1).split(",")) {
                            assertThat(label.trim()).as("label in %s", expr).isIn(LABELS.toArray());
                        }
                    }
                }
            }
        }
        assertThat(used).as("the dashboard shows transactions, durations and the JVM heap")
                .contains("ndxp_exchanges_total", "jvm_memory_used_bytes")
                .anyMatch(n -> n.startsWith("ndxp_exchange_duration_seconds"));
        for (String metric : used) {
            assertThat(metric).as("metric queried by the dashboard").isIn(
                    Stream.concat(exposed.stream(), STANDARD_METRICS.stream()).toArray());
        }
        // histogram_quantile needs buckets, which Micrometer publishes only when asked
        for (String metric : used) {
            if (metric.endsWith("_bucket")) {
                String meter = exposedMeters().get(metric);
                assertThat(histogramEnabled(meter)).as("percentiles-histogram enabled for %s (for %s)", meter, metric)
                        .isTrue();
            }
        }
    }

    // ------------------------------------------------------------------------------------- prometheus

    @Test
    void prometheusScrapesTheRuntime() {
        Path file = ROOT.resolve(mountSource("prometheus", "/etc/prometheus/prometheus.yml"));
        JsonNode prometheus = yaml(file);
        List<JsonNode> jobs = stream(prometheus.path("scrape_configs")).toList();
        assertThat(jobs).isNotEmpty();
        JsonNode runtime = jobs.stream().filter(j -> stream(j.path("static_configs"))
                        .anyMatch(c -> strings(c.path("targets")).contains("runtime:8080")))
                .findFirst().orElse(null);
        assertThat(runtime).as("a scrape job with target runtime:8080").isNotNull();
        assertThat(runtime.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
        for (JsonNode job : jobs) {
            for (JsonNode c : job.path("static_configs")) {
                for (String target : strings(c.path("targets"))) {
                    String host = target.split(":")[0];
                    assertThat(host.equals("localhost") || SERVICES.contains(host)).as("scrape target %s", target).isTrue();
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------- Dockerfile

    @Test
    void dockerfileBuildsTheProdJarAndRunsItAsNonRootWithItsFolders() {
        Dockerfile df = dockerfile();
        assertThat(df.stages).hasSizeGreaterThanOrEqualTo(2);
        Stage build = df.stages.get(0);
        Stage run = df.stages.get(df.stages.size() - 1);
        assertThat(build.image).isEqualTo("maven:3.9-eclipse-temurin-17");
        assertThat(build.name).isNotBlank();
        assertThat(run.image).isEqualTo("eclipse-temurin:17-jre");

        // dependency cache layer: pom.xml alone, a mvn run, then the sources
        int pom = build.indexOf("COPY", a -> a.startsWith("pom.xml"));
        int deps = build.indexOf("RUN", a -> a.contains("mvn"));
        int src = build.indexOf("COPY", a -> a.startsWith("src"));
        assertThat(pom).isGreaterThanOrEqualTo(0);
        assertThat(deps).isGreaterThan(pom);
        assertThat(src).isGreaterThan(deps);
        String command = dockerfileBuildCommand();
        assertThat(command).contains("-Dprod", "package", "-B").doesNotContain("repackage.skip");
        // test sources may use the sandbox's classes, which -Dprod leaves out: do not compile them
        assertThat(command).contains("-Dmaven.test.skip=true");
        // the dependency layer resolves for the very same build (same profile and switches)
        assertThat(mavenSwitches(build.instructions.get(deps).args())).as("switches of the dependency layer")
                .isEqualTo(mavenSwitches(command));
        assertThat(build.indexOf("RUN", a -> a.equals(command))).isGreaterThan(src);

        // the final stage: non-root, /app with the jar and the folders the runtime reads
        List<String> users = run.args("USER");
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).split(":")[0];
        assertThat(user).isNotIn("root", "0").isEqualTo("10001");
        assertThat(run.args("WORKDIR")).last().isEqualTo("/app");
        assertThat(run.args("COPY")).anyMatch(a -> a.startsWith("--from=" + build.name) && a.contains("/app/"));
        for (String folder : List.of("config", "adapters", "routes")) {
            assertThat(run.args("COPY")).as("COPY of %s/", folder)
                    .anyMatch(a -> a.matches(folder + "/? +(/app/)?" + folder + "/?"));
            assertThat(ROOT.resolve(folder)).isDirectory();
        }
        assertThat(run.args("EXPOSE")).containsExactly("8080");
        String entrypoint = run.args("ENTRYPOINT").get(0);
        assertThat(entrypoint).contains("\"java\"", "\"-jar\"", "/app/");
        assertThat(run.args("ENV")).anyMatch(e -> e.contains("SPRING_PROFILES_ACTIVE=prod"));
        // a HEALTHCHECK uses what the Ubuntu-based eclipse-temurin image ships (curl), never a missing tool
        run.args("HEALTHCHECK").forEach(h -> assertThat(h).contains("curl").contains("/actuator/health/readiness"));
    }

    @Test
    void dockerignoreKeepsBuildOutputDataAndGitOutButNotWhatTheImageNeeds() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.replaceAll("/+$", "")).toList();
        assertThat(ignored).contains("target", "data", ".git", ".env");
        Set<String> needed = new TreeSet<>();
        for (Stage s : dockerfile().stages) {
            for (String copy : s.args("COPY")) {
                if (!copy.startsWith("--from")) {
                    String[] parts = copy.split("\\s+");
                    for (int i = 0; i < parts.length - 1; i++) {
                        if (!parts[i].startsWith("--")) {
                            needed.add(parts[i].replaceAll("/+$", ""));
                        }
                    }
                }
            }
        }
        assertThat(needed).contains("pom.xml", "src", "config", "adapters", "routes");
        for (String n : needed) {
            assertThat(ROOT.resolve(n)).as("COPY source %s", n).exists();
            assertThat(ignored).as("%s is copied into the image, so not ignored", n).doesNotContain(n, n + "/**", "*");
        }
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

    /** A service's environment, as a map whichever syntax (map or KEY=value list) it uses. */
    private static Map<String, String> env(String service) {
        JsonNode env = service(service).path("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env.isObject()) {
            env.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        } else {
            for (JsonNode e : env) {
                String[] kv = e.asText().split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        }
        return out;
    }

    /** Set by the compose file: a literal, ${X:?error} or ${X:-non-empty default}; not ${X} or ${X:-}. */
    private static boolean isSet(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?:(:?[-?])([^}]*))?}").matcher(value);
        if (m.matches()) {
            return m.group(2) != null && (m.group(2).endsWith("?") || !m.group(3).isBlank());
        }
        return true;
    }

    private static Map<String, String> dependsOn(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode deps = service.path("depends_on");
        if (deps.isArray()) {
            deps.forEach(d -> out.put(d.asText(), "service_started"));
        } else if (deps.isObject()) {
            deps.fields().forEachRemaining(d -> out.put(d.getKey(), d.getValue().path("condition").asText("service_started")));
        }
        return out;
    }

    private static List<String> cycleFrom(String node, Map<String, Set<String>> graph, LinkedHashSet<String> path,
                                          Set<String> done) {
        if (path.contains(node)) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(node);
            return cycle;
        }
        if (done.contains(node)) {
            return List.of();
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> cycle = cycleFrom(next, graph, path, done);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(node);
        done.add(node);
        return List.of();
    }

    private static boolean hasHealthcheck(JsonNode service) {
        JsonNode h = service.path("healthcheck");
        List<String> test = strings(h.path("test"));
        return h.isObject() && !h.path("disable").asBoolean(false) && !test.isEmpty() && !test.get(0).equals("NONE");
    }

    private static List<String> ports(String service) {
        return strings(service(service).path("ports"));
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

    private static JsonNode yaml(Path file) {
        assertThat(file).as("YAML file").isRegularFile();
        try (InputStream in = Files.newInputStream(file)) {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return JSON.valueToTree(loaded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> yamlFiles(Path dir) throws IOException {
        assertThat(dir).isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().map(PackagingTest::yaml).toList();
        }
    }

    private static List<JsonNode> yamlDocuments(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<JsonNode> docs = new ArrayList<>();
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                docs.add(JSON.valueToTree(doc));
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a profile adds: config/application-<profile>.yml, or its document in config/application.yml. */
    private static JsonNode profileDocument(String profile) {
        Path own = ROOT.resolve("config/application-" + profile + ".yml");
        if (Files.isRegularFile(own)) {
            return yamlDocuments(own).get(0);
        }
        return yamlDocuments(ROOT.resolve("config/application.yml")).stream()
                .filter(d -> d.path("spring").path("config").path("activate").path("on-profile").asText().equals(profile))
                .findFirst().orElseThrow(() -> new AssertionError("config/application.yml has no " + profile + " section"));
    }

    /** ${ENV_VAR} placeholders without a default in the prod section of config/application.yml. */
    private static Set<String> requiredByProdProfile() {
        Set<String> vars = new TreeSet<>();
        scalars(profileDocument("prod"), s -> placeholders(s, (name, fallback) -> {
            if (fallback == null) {
                vars.add(name);
            }
        }));
        return vars;
    }

    /** Adapter settings whose default is empty or only resolves in the sandbox (ndxp.sandbox.*). */
    private static Set<String> requiredByAdaptersInProd() {
        Set<String> vars = new TreeSet<>();
        for (Path descriptor : adapterDescriptors()) {
            scalars(yaml(descriptor), s -> placeholders(s, (name, fallback) -> {
                // an SFTP source is off outside the sandbox (sftpSource falls back to false), and the compose
                // stack has no SFTP server: its settings are needed only by whoever turns it on
                if ((fallback == null || fallback.isBlank() || fallback.contains("ndxp.sandbox.")) && !name.contains("_SFTP_")) {
                    vars.add(name);
                }
            }));
        }
        return vars;
    }

    private interface PlaceholderVisitor {
        void visit(String envVar, String fallback);
    }

    /** Visits ${NAME} / ${NAME:default} (nested ones too) whose NAME is an environment variable name. */
    private static void placeholders(String text, PlaceholderVisitor visitor) {
        int i = text.indexOf("${");
        while (i >= 0) {
            int depth = 0;
            int end = -1;
            int colon = -1;
            for (int j = i; j < text.length(); j++) {
                if (text.startsWith("${", j)) {
                    depth++;
                    j++;
                } else if (text.charAt(j) == '}' && --depth == 0) {
                    end = j;
                    break;
                } else if (text.charAt(j) == ':' && depth == 1 && colon < 0) {
                    colon = j;
                }
            }
            assertThat(end).as("unbalanced placeholder in %s", text).isGreaterThan(i);
            String name = text.substring(i + 2, colon < 0 ? end : colon);
            String fallback = colon < 0 ? null : text.substring(colon + 1, end);
            if (name.matches("[A-Z][A-Z0-9_]*")) {
                visitor.visit(name, fallback);
            }
            if (fallback != null) {
                placeholders(fallback, visitor);
            }
            i = text.indexOf("${", end);
        }
    }

    private static void scalars(JsonNode node, Consumer<String> visitor) {
        if (node.isTextual()) {
            visitor.accept(node.asText());
        }
        node.elements().forEachRemaining(n -> scalars(n, visitor));
    }

    private static List<Path> adapterDescriptors() {
        try (Stream<Path> dirs = Files.list(ROOT.resolve("adapters"))) {
            List<Path> found = dirs.map(d -> d.resolve("adapter.yaml")).filter(Files::isRegularFile).sorted().toList();
            assertThat(found).as("adapters/*/adapter.yaml").isNotEmpty();
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> adapterIds() {
        return adapterDescriptors().stream().map(d -> yaml(d).path("id").asText()).toList();
    }

    /** Prometheus series name -> Micrometer meter name, for the meters the runtime's code registers. */
    private static Map<String, String> exposedMeters() {
        Map<String, String> meters = new LinkedHashMap<>();
        Pattern builder = Pattern.compile("\\b(Counter|Timer|DistributionSummary|Gauge|LongTaskTimer)\\.builder\\(\\s*\"([^\"]+)\"");
        try (Stream<Path> files = Files.walk(ROOT.resolve("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = builder.matcher(Files.readString(f));
                while (m.find()) {
                    String base = m.group(2).replace('.', '_').replace('-', '_');
                    switch (m.group(1)) {
                        case "Counter" -> meters.put(base + "_total", m.group(2));
                        case "Timer", "LongTaskTimer" -> distribution(meters, base + "_seconds", m.group(2));
                        case "DistributionSummary" -> distribution(meters, base, m.group(2));
                        default -> meters.put(base, m.group(2));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return meters;
    }

    /** A timer or summary is published as _count, _sum, _max and (with a histogram) _bucket series. */
    private static void distribution(Map<String, String> meters, String name, String meter) {
        for (String suffix : List.of("_count", "_sum", "_max", "_bucket")) {
            meters.put(name + suffix, meter);
        }
    }

    /** The series names Prometheus gets for the runtime's own meters. */
    private static Set<String> runtimeMetricNames() {
        Set<String> names = new TreeSet<>(exposedMeters().keySet());
        assertThat(names).as("meters registered in src/main/java")
                .contains("ndxp_exchanges_total", "ndxp_exchange_duration_seconds_count");
        return names;
    }

    /** management.metrics.distribution.percentiles-histogram for a meter (or a prefix), in config or compose. */
    private static boolean histogramEnabled(String meter) {
        List<String> prefixes = new ArrayList<>();
        String[] parts = meter.split("\\.");
        for (int i = parts.length; i > 0; i--) {
            prefixes.add(String.join(".", Arrays.copyOf(parts, i)));
        }
        prefixes.add("all");
        Map<String, String> env = env("runtime");
        for (String prefix : prefixes) {
            String var = "MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILESHISTOGRAM_"
                    + prefix.toUpperCase(Locale.ROOT).replace('.', '_');
            if ("true".equals(env.get(var))) {
                return true;
            }
        }
        for (JsonNode doc : yamlDocuments(ROOT.resolve("config/application.yml"))) {
            String profile = doc.path("spring").path("config").path("activate").path("on-profile").asText("");
            if (!profile.isEmpty() && !profile.equals("prod")) {
                continue;
            }
            JsonNode histogram = doc.path("management").path("metrics").path("distribution").path("percentiles-histogram");
            for (String prefix : prefixes) {
                JsonNode v = histogram.has(prefix) ? histogram.get(prefix) : histogram.at("/" + prefix.replace(".", "/"));
                if (v.asBoolean(false) || "true".equals(v.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void collectPanels(JsonNode panels, Consumer<JsonNode> out) {
        for (JsonNode p : panels) {
            out.accept(p);
            collectPanels(p.path("panels"), out);
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out.stream();
    }

    private static List<String> strings(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    // ------------------------------------------------------------------------------ Dockerfile parsing

    private record Instruction(String keyword, String args) {
    }

    private static final class Stage {
        final String image;
        final String name;
        final List<Instruction> instructions = new ArrayList<>();

        Stage(String image, String name) {
            this.image = image;
            this.name = name;
        }

        List<String> args(String keyword) {
            return instructions.stream().filter(i -> i.keyword.equals(keyword)).map(Instruction::args).toList();
        }

        int indexOf(String keyword, Predicate<String> args) {
            for (int i = 0; i < instructions.size(); i++) {
                if (instructions.get(i).keyword.equals(keyword) && args.test(instructions.get(i).args)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private record Dockerfile(List<Stage> stages) {
    }

    /** Instructions per stage; line continuations joined, comments dropped, whitespace collapsed. */
    private static Dockerfile dockerfile() {
        List<String> lines;
        try {
            lines = Files.readAllLines(ROOT.resolve("Dockerfile"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Stage> stages = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        List<String> logical = new ArrayList<>();
        for (String line : lines) {
            String t = line.trim();
            if (t.startsWith("#") || (t.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
            } else {
                current.append(t);
                logical.add(current.toString().replaceAll("\\s+", " ").trim());
                current.setLength(0);
            }
        }
        for (String l : logical) {
            String[] kv = l.split(" ", 2);
            String keyword = kv[0].toUpperCase(Locale.ROOT);
            String args = kv.length > 1 ? kv[1] : "";
            if (keyword.equals("FROM")) {
                Matcher m = Pattern.compile("(?:--\\S+ )*(\\S+)(?: (?i:as) (\\S+))?").matcher(args);
                assertThat(m.matches()).as("FROM %s", args).isTrue();
                stages.add(new Stage(m.group(1), m.group(2)));
            } else {
                assertThat(stages).as("%s before any FROM", keyword).isNotEmpty();
                stages.get(stages.size() - 1).instructions.add(new Instruction(keyword, args));
            }
        }
        return new Dockerfile(stages);
    }

    /** -D and -P switches of a mvn command, except the one that skips the Spring Boot repackaging. */
    private static Set<String> mavenSwitches(String command) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?<=\\s)-[DP]\\S+").matcher(command);
        while (m.find()) {
            if (!m.group().startsWith("-Dspring-boot.repackage.skip")) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** The (last) RUN of the build stage that packages the jar; an earlier one may fill the dependency layer. */
    private static String dockerfileBuildCommand() {
        List<String> runs = dockerfile().stages.get(0).args("RUN").stream()
                .filter(r -> r.contains("mvn") && r.contains("package")).toList();
        assertThat(runs).as("RUN mvn ... package in the build stage").isNotEmpty();
        return runs.get(runs.size() - 1);
    }
}
