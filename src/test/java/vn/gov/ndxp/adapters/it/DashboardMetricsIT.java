package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.gov.ndxp.adapters.sandbox.SandboxDatabase;

/**
 * The Grafana dashboards (ops/grafana/dashboards) query only metrics the runtime really exposes: after a
 * little traffic through each adapter kind, every metric named in a panel expression or a variable query
 * is in the runtime's /actuator/prometheus scrape.
 */
class DashboardMetricsIT extends FileDropSupport {

    private static final Path DASHBOARDS = Path.of("ops/grafana/dashboards");
    private static final String SOAP_NS = "http://motcua.gov.vn/ws/citizen/v1";
    /** PromQL words that are not metric names: aggregation modifiers, vector matching, set operators. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "offset", "and", "or", "unless", "inf", "nan");
    /** Label matchers {...}, ranges [...], string literals, label lists of by/without/on/ignoring/group_*, $variables. */
    private static final Pattern NOT_A_NAME = Pattern.compile(
            "\\{[^}]*}|\\[[^]]*]|\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'"
                    + "|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)|\\$\\{?\\w+}?");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][\\w:]*+(?!\\s*\\()");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][\\w:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(?:=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    /** label_values(metric{...}, label): the variable's metric and label. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)(?:\\{[^}]*})?\\s*,\\s*(\\w+)\\s*\\)");

    @Autowired
    SandboxDatabase legacyDb;

    @Test
    void everyMetricAndLabelOfEveryDashboardQueryIsExposedByTheRuntime() throws Exception {
        driveEachAdapterKind();
        // the exchanges are recorded when they complete, the file's records when the platform has them
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(scrape())
                .contains("ndxp_exchanges_total{adapter=\"civil-status\"", "ndxp_exchanges_total{adapter=\"one-stop-office\"",
                        "ndxp_exchanges_total{adapter=\"business-registry\"",
                        // a database adapter's delivery of a captured record: an exchange of no service
                        "ndxp_exchanges_total{adapter=\"business-registry\",category=\"none\",service=\"\",status=\"success\"}",
                        "ndxp_file_progress{adapter=\"social-insurance\"}",
                        "ndxp_file_records_total{adapter=\"social-insurance\",result=\"accepted\"}"));
        Map<String, Set<String>> exposed = labelsByMetric(scrape());

        List<String> missing = new ArrayList<>();
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).as("dashboards in %s", DASHBOARDS).isNotEmpty();
        int expressions = 0;
        for (Path file : dashboards) {
            JsonNode dashboard = json.readTree(file.toFile());
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                String query = variable.path("query").isTextual() ? variable.path("query").asText()
                        : variable.path("query").path("query").asText();
                String where = file.getFileName() + ", variable '" + variable.path("name").asText() + "'";
                Matcher m = LABEL_VALUES.matcher(query);
                while (m.find()) {
                    check(where, m.group(1), exposed, missing);
                    String label = m.group(2);
                    if (exposed.containsKey(m.group(1)) && !exposed.get(m.group(1)).contains(label)) {
                        missing.add(where + ": label " + label + " of " + m.group(1));
                    }
                }
            }
            List<JsonNode> panels = new ArrayList<>();
            collectPanels(dashboard.path("panels"), panels);
            for (JsonNode panel : panels) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    if (expr.isBlank()) {
                        continue;
                    }
                    expressions++;
                    String where = file.getFileName() + ", panel '" + panel.path("title").asText() + "'";
                    Set<String> names = metricNamesIn(expr);
                    assertThat(names).as("metrics of %s: %s", where, expr).isNotEmpty();
                    names.forEach(name -> check(where, name, exposed, missing));
                    missing.addAll(missingLabels(where, expr, exposed));
                }
            }
        }
        assertThat(expressions).as("panel expressions").isPositive();
        assertThat(missing).as("metrics and labels queried by a dashboard but not exposed by the runtime").isEmpty();
    }

    /**
     * Every adapter kind has its panels (file intake: progress and records; database: delivery, the
     * exchanges of no service), and a legend showing the service names the empty one.
     */
    @Test
    void theDashboardCoversEveryAdapterKindAndNamesTheBlankService() throws Exception {
        List<String> exprs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        JsonNode dashboard = json.readTree(DASHBOARDS.resolve("ndxp-adapters.json").toFile());
        List<JsonNode> panels = new ArrayList<>();
        collectPanels(dashboard.path("panels"), panels);
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                exprs.add(expr);
                if (target.path("legendFormat").asText().contains("{{service}}")
                        && !expr.contains("label_replace(") || expr.contains("label_replace(") && !expr.contains("\"service\", \"(adapter-level)\", \"service\", \"\")")) {
                    problems.add(panel.path("title").asText() + ": an empty service label shows as nothing: " + expr);
                }
            }
        }
        assertThat(problems).isEmpty();
        Set<String> kinds = new TreeSet<>();
        adapters.all().forEach(a -> kinds.add(a.kind()));
        assertThat(kinds).containsExactlyInAnyOrder("rest-to-soap", "soap-to-rest", "database", "file");
        assertThat(exprs).as("file intake progress").anyMatch(e -> e.contains("ndxp_file_progress"));
        assertThat(exprs).as("file records per second").anyMatch(e -> e.contains("ndxp_file_records_per_second"));
        assertThat(exprs).as("file records accepted/rejected").anyMatch(e -> e.contains("ndxp_file_records_total") && e.contains("result"));
        assertThat(exprs).as("database delivery").anyMatch(e -> e.contains("ndxp_exchanges_total") && e.contains("service=\"\""));
        assertThat(exprs).as("services (REST, SOAP)").anyMatch(e -> e.contains("by (le, adapter, service)"));
    }

    private static void check(String where, String metric, Map<String, Set<String>> exposed, List<String> missing) {
        if (!exposed.containsKey(metric)) {
            missing.add(where + ": " + metric);
        }
    }

    /** Labels of selectors metric{label=...} must be on that metric; those of by (...) etc. on one of the query's metrics. */
    static List<String> missingLabels(String where, String expr, Map<String, Set<String>> exposed) {
        List<String> missing = new ArrayList<>();
        String unquoted = STRING.matcher(expr).replaceAll("\"\"");
        Matcher selector = SELECTOR.matcher(unquoted);
        while (selector.find()) {
            Matcher label = MATCHER.matcher(selector.group(2));
            while (label.find()) {
                if (exposed.containsKey(selector.group(1)) && !exposed.get(selector.group(1)).contains(label.group(1))) {
                    missing.add(where + ": label " + label.group(1) + " of " + selector.group(1));
                }
            }
        }
        Set<String> metrics = metricNamesIn(expr);
        Matcher grouping = GROUPING.matcher(unquoted);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                String l = label.trim();
                if (!l.isEmpty() && metrics.stream().noneMatch(m -> exposed.getOrDefault(m, Set.of()).contains(l))) {
                    missing.add(where + ": label " + l + " of " + metrics);
                }
            }
        }
        return missing;
    }

    @Test
    void theExtractionFindsMetricAndLabelNamesOnly() {
        assertThat(metricNamesIn("histogram_quantile(0.95, sum by (le, adapter) (rate(a_bucket{job=~\"$job\",x=\"y(z)\"}"
                + "[$__rate_interval]))) / on(instance) group_left(version) b_info > bool 1e3 or c:rule offset 5m"))
                .containsExactlyInAnyOrder("a_bucket", "b_info", "c:rule");
        assertThat(metricNamesIn("sum(x_total) without (job) + max (y_seconds_max{a='b'}[$__range])"))
                .containsExactlyInAnyOrder("x_total", "y_seconds_max");
        Map<String, Set<String>> exposed = Map.of("a_bucket", Set.of("le", "adapter", "job"), "b_info", Set.of("job"));
        assertThat(missingLabels("p", "sum by (le, nope) (a_bucket{adapter=\"x,gone=\",gone!=\"y\"}) * on (job) b_info", exposed))
                .containsExactly("p: label gone of a_bucket", "p: label nope of [a_bucket, b_info]");
    }

    static Set<String> metricNamesIn(String expr) {
        String names = NOT_A_NAME.matcher(expr).replaceAll(" ");
        Set<String> out = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(names);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group().toLowerCase())) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** One exchange per adapter kind: REST to SOAP, SOAP to REST, database, file. */
    private void driveEachAdapterKind() throws Exception {
        assertThat(send(ndxp("/ndxp/v1/civil-status/birth-records/001203000001").GET().build()).statusCode())
                .isEqualTo(200);
        String envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<c:LookupCitizen xmlns:c=\"" + SOAP_NS + "\"><c:CitizenID>079199000002</c:CitizenID></c:LookupCitizen>"
                + "</soap:Body></soap:Envelope>";
        assertThat(send(HttpRequest.newBuilder(URI.create(base() + "/soap/one-stop-office"))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"" + SOAP_NS + "/LookupCitizen\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build()).statusCode()).isEqualTo(200);
        assertThat(send(ndxp("/ndxp/v1/business-registry/enterprises/0101234567").GET().build()).statusCode())
                .isEqualTo(200);
        dropFile("dashboard-" + UUID.randomUUID() + ".csv", csv(1, "dashboard"));
        try (var c = DriverManager.getConnection(legacyDb.jdbcUrl("business-registry"), "postgres", "postgres");
             var update = c.prepareStatement("UPDATE enterprise SET address = ?, updated_at = clock_timestamp() WHERE tax_code = '0120000080'")) {
            update.setString(1, "Số 3 Tràng Tiền, Hà Nội " + UUID.randomUUID());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    /** What Prometheus gets: /actuator/prometheus, without a login (as ops/prometheus/prometheus.yml scrapes it). */
    private String scrape() throws IOException, InterruptedException {
        var res = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus")).build());
        assertThat(res.statusCode()).isEqualTo(200);
        return res.body();
    }

    /** Series name to label names, from the text exposition format; Prometheus adds job and instance to each. */
    static Map<String, Set<String>> labelsByMetric(String scrape) {
        Map<String, Set<String>> out = new TreeMap<>();
        Matcher line = Pattern.compile("(?m)^([a-zA-Z_:][\\w:]*)(?:\\{(.*)})? ").matcher(scrape);
        while (line.find()) {
            Set<String> labels = out.computeIfAbsent(line.group(1), k -> new TreeSet<>(Set.of("job", "instance")));
            if (line.group(2) != null) {
                Matcher label = Pattern.compile("(\\w+)=\"(?:[^\"\\\\]|\\\\.)*\"").matcher(line.group(2));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return out;
    }

    private static void collectPanels(JsonNode panels, List<JsonNode> out) {
        for (JsonNode p : panels) {
            out.add(p);
            collectPanels(p.path("panels"), out);
        }
    }
}
