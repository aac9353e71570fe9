package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Roles on the console's Jolokia, stopped and maintenance services, health per adapter, adapter reloads. */
class OperationsIT extends SandboxTestSupport {

    private static final String RECORD = "/ndxp/v1/civil-status/birth-records/001203000001";
    private static final String ROUTE_MBEAN = "org.apache.camel:context=ndxp-adapters,type=routes,name=\\\"civil-status-birth-record\\\"";

    private static final Path DEMO = ADAPTERS_DIR.resolve("reload-demo");
    private static final String DEMO_RECORD = "/ndxp/v1/reload-demo/birth-records/001203000001";
    private static final String DEMO_SEARCH = "/ndxp/v1/reload-demo/birth-records/search";

    @Autowired
    CamelContext camel;

    @Test
    void aViewerMayReadButNotStopARouteOverJolokia() throws Exception {
        HttpResponse<String> read = jolokia("viewer", "sandbox-viewer",
                "{\"type\":\"read\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"attribute\":\"State\"}");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(body(read).get("value").asText()).isEqualTo("Started");

        // Jolokia's restrictor refuses: its error JSON with status 403 (one per forbidden item of a bulk request)
        HttpResponse<String> stop = jolokia("viewer", "sandbox-viewer",
                "{\"type\":\"exec\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"operation\":\"stop()\"}");
        assertThat(jolokiaStatus(stop)).as(stop.body()).isEqualTo(403);
        HttpResponse<String> bulk = jolokia("viewer", "sandbox-viewer",
                "[{\"type\":\"read\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"attribute\":\"State\"},"
                        + "{\"type\":\"exec\",\"mbean\":\"" + ROUTE_MBEAN + "\",\"operation\":\"suspend()\"}]");
        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
        assertThat(body(bulk).get(0).get("value").asText()).isEqualTo("Started");
        assertThat(body(bulk).get(1).get("status").asInt()).as("the suspend of a bulk request is refused").isEqualTo(403);
        HttpResponse<String> viaGet = send(HttpRequest.newBuilder(URI.create(base()
                        + "/actuator/jolokia/exec/org.apache.camel:context=ndxp-adapters,type=routes,name=%22civil-status-birth-record%22/stop()"))
                .header("Authorization", basic("viewer", "sandbox-viewer")).build());
        assertThat(jolokiaStatus(viaGet)).as(viaGet.body()).isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus("civil-status-birth-record").isStarted()).isTrue();

        HttpResponse<String> replay = send(HttpRequest.newBuilder(URI.create(base() + "/ops/dead-letters/1/replay"))
                .header("Authorization", basic("viewer", "sandbox-viewer")).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(replay.statusCode()).as("viewers cannot replay dead letters").isEqualTo(403);
        HttpResponse<String> list = send(HttpRequest.newBuilder(URI.create(base() + "/ops/dead-letters"))
                .header("Authorization", basic("viewer", "sandbox-viewer")).build());
        assertThat(list.statusCode()).isEqualTo(200);
    }

    @Test
    void releasingAFileIsForOperatorsAndAnUnknownFileIsATyped404() throws Exception {
        String release = "/ops/adapters/social-insurance/files/release?file=";
        assertThat(ops("viewer", "sandbox-viewer", release + "contributions-2026-10.csv").statusCode()).as("viewers may not release")
                .isEqualTo(403);
        HttpResponse<String> unknown = ops("operator", "sandbox-operator", release + "never-dropped.csv");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(unknown.headers().firstValue("X-NDXP-Error")).hasValue("client.not-found");
        assertThat(body(unknown).path("detail").asText()).isEqualTo("no file named never-dropped.csv was seen by adapter social-insurance");
        HttpResponse<String> notAFileAdapter = ops("operator", "sandbox-operator", "/ops/adapters/civil-status/files/release?file=a.csv");
        assertThat(notAFileAdapter.statusCode()).isEqualTo(404);
        assertThat(notAFileAdapter.headers().firstValue("X-NDXP-Error")).hasValue("client.not-found");
        HttpResponse<String> noName = ops("operator", "sandbox-operator", "/ops/adapters/social-insurance/files/release");
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(noName.headers().firstValue("X-NDXP-Error")).hasValue("client.bad-request");
        // checked before any work: a NUL never reaches the database, nor a name outside the file-name rule
        for (String[] bad : new String[][] {{release + "a%00.csv", "file", "control character U+0000"},
                {release + "..%2Fa.csv", "file", "path separator"}, {release + "x".repeat(201), "file", "201 bytes"},
                {"/ops/adapters/Social_Insurance/files/release?file=a.csv", "adapter", "adapter id"}}) {
            HttpResponse<String> res = ops("operator", "sandbox-operator", bad[0]);
            assertThat(res.statusCode()).as(bad[0] + ": " + res.body()).isEqualTo(400);
            assertThat(res.headers().firstValue("X-NDXP-Error")).hasValue("client.bad-request");
            assertThat(body(res).path("field").asText()).isEqualTo(bad[1]);
            assertThat(body(res).path("detail").asText()).contains(bad[2]);
        }
    }

    @Test
    void aStoppedServiceAnswers503AdapterStoppedAndUnknownPaths404() throws Exception {
        camel.getRouteController().stopRoute("civil-status-birth-record");
        try {
            HttpResponse<String> res = send(ndxp(RECORD).GET().build());
            assertThat(res.statusCode()).isEqualTo(503);
            assertThat(res.headers().firstValue("X-NDXP-Error")).contains("adapter.stopped");
            assertThat(res.headers().firstValue("Retry-After")).isPresent();
            assertThat(res.headers().firstValue("Content-Type")).contains("application/problem+json");
            String txId = res.headers().firstValue("X-NDXP-Transaction-Id").orElseThrow();
            assertThat(body(res).get("transactionId").asText()).isEqualTo(txId);
            awaitRecorded(txId);
            assertThat(jdbc.queryForObject("SELECT error_category FROM ndxp_transaction WHERE transaction_id = ?", String.class, txId))
                    .isEqualTo("adapter.stopped");
        } finally {
            camel.getRouteController().startRoute("civil-status-birth-record");
        }
        assertThat(send(ndxp(RECORD).GET().build()).statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = send(ndxp("/ndxp/v1/civil-status/no-such-thing").GET().build());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("X-NDXP-Error")).contains("client.not-found");
    }

    @Test
    void maintenanceModeAnswers503WithRetryAfterOnRestAndSoap() throws Exception {
        assertThat(ops("viewer", "sandbox-viewer", "/ops/adapters/civil-status/maintenance?on=true").statusCode()).isEqualTo(403);
        assertThat(ops("operator", "sandbox-operator", "/ops/adapters/civil-status/maintenance?on=true").statusCode()).isEqualTo(200);
        HttpResponse<String> jmx = jolokia("operator", "sandbox-operator",
                "{\"type\":\"exec\",\"mbean\":\"ndxp:type=Adapters\",\"operation\":\"setMaintenance\",\"arguments\":[\"one-stop-office\",true]}");
        assertThat(body(jmx).get("value").asBoolean()).as(jmx.body()).isTrue();
        try {
            HttpResponse<String> res = send(ndxp(RECORD).GET().build());
            assertThat(res.statusCode()).isEqualTo(503);
            assertThat(res.headers().firstValue("X-NDXP-Error")).contains("adapter.maintenance");
            assertThat(res.headers().firstValue("Retry-After")).isPresent();
            HttpResponse<String> soap = send(HttpRequest.newBuilder(URI.create(base() + "/soap/one-stop-office"))
                    .header("Content-Type", "text/xml; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                            + "<c:LookupCitizen xmlns:c=\"http://motcua.gov.vn/ws/citizen/v1\"><c:CitizenID>001203000001</c:CitizenID>"
                            + "</c:LookupCitizen></soap:Body></soap:Envelope>")).build());
            assertThat(soap.statusCode()).isEqualTo(500);
            assertThat(soap.body()).contains("adapter.maintenance");
            JsonNode health = body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/adapters/civil-status"))
                    .header("Authorization", basic("operator", "sandbox-operator")).build()));
            assertThat(health.get("status").asText()).isEqualTo("OUT_OF_SERVICE");
        } finally {
            ops("operator", "sandbox-operator", "/ops/adapters/civil-status/maintenance?on=false");
            ops("operator", "sandbox-operator", "/ops/adapters/one-stop-office/maintenance?on=false");
        }
        assertThat(send(ndxp(RECORD).GET().build()).statusCode()).isEqualTo(200);
    }

    /** /actuator/info, open like the health status: the build (version, time) and its git commit, nothing else. */
    @Test
    void infoShowsTheBuildAndTheGitCommitToAnybody() throws Exception {
        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/info")).build());
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode info = body(res);
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
        String version = pom.replaceFirst("(?s).*?<artifactId>ndxp-adapters</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        assertThat(info.at("/build/version").asText()).isEqualTo(version);
        assertThat(info.at("/build/artifact").asText()).isEqualTo("ndxp-adapters");
        assertThat(java.time.Instant.parse(info.at("/build/time").asText())).isBefore(java.time.Instant.now());
        if (!java.nio.file.Files.exists(java.nio.file.Path.of(".git"))) {
            assertThat(info.at("/git/commit/id").isMissingNode()).as("a source tarball builds without a commit").isTrue();
            return;
        }
        String commit = info.at("/git/commit/id").asText();
        assertThat(commit).as(info.toString()).matches("[0-9a-f]{7}");
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of(".git"))) {
            assertThat(commit).isEqualTo(git("rev-parse", "--short=7", "HEAD"));
        } else {
            // a git worktree: the plugin reads the main checkout's HEAD, a commit of the same repository
            git("cat-file", "-e", commit + "^{commit}");
        }
        assertThat(info.at("/git/commit/time").isMissingNode()).isFalse();
        assertThat(info.has("env")).isFalse();
        assertThat(info.has("java")).isFalse();
    }

    private static String git(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("git"));
        cmd.addAll(java.util.List.of(args));
        Process git = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(git.waitFor()).as(cmd + ": " + out).isZero();
        return out;
    }

    @Test
    void healthHasAComponentPerAdapterAndProbes() throws Exception {
        JsonNode civil = body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/adapters/civil-status"))
                .header("Authorization", basic("viewer", "sandbox-viewer")).build()));
        assertThat(civil.get("status").asText()).isEqualTo("UP");
        assertThat(civil.at("/details/routes/civil-status-birth-record").asText()).isEqualTo("Started");
        assertThat(civil.at("/details/backends/legacy-soap").asText()).isEqualTo("reachable");
        JsonNode office = body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/adapters/one-stop-office"))
                .header("Authorization", basic("operator", "sandbox-operator")).build()));
        assertThat(office.at("/details/platformToken").asText()).isEqualTo("obtainable");
        assertThat(body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/liveness")).build())).get("status").asText()).isEqualTo("UP");
        assertThat(body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness")).build())).get("status").asText()).isEqualTo("UP");

        legacy.stop();
        try {
            JsonNode down = body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/adapters/civil-status"))
                    .header("Authorization", basic("operator", "sandbox-operator")).build()));
            assertThat(down.get("status").asText()).isEqualTo("DOWN");
            assertThat(down.at("/details/backends/legacy-soap").asText()).startsWith("unreachable");
            assertThat(body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness")).build())).get("status").asText())
                    .as("a legacy backend down does not take the runtime out of service").isEqualTo("UP");
        } finally {
            legacy.start();
        }
    }

    @Test
    void anEditedMappingIsServedAfterAReload() throws Exception {
        assertThat(reload("reload-demo").statusCode()).as("not there yet").isEqualTo(404);
        copyDemo();
        HttpResponse<String> added = reload("reload-demo");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(body(added).get("outcome").asText()).isEqualTo("added");
        assertThat(catalogIds()).contains("reload-demo");
        HttpResponse<String> before = send(ndxp(DEMO_RECORD).GET().build());
        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
        assertThat(body(before).has("citizenId")).as(before.body()).isTrue();

        Path mapping = DEMO.resolve("mappings/birth-record.mapping.yaml");
        Files.writeString(mapping, Files.readString(mapping).replace("CitizenID: citizenId", "CitizenID: citizenNumber"));
        // limited-demo's field set still names citizenId, which the new answer no longer has: refused, the old one serves
        HttpResponse<String> stale = reload("reload-demo");
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(422);
        assertThat(body(stale).get("detail").asText()).contains("adapter.yaml", "'services[0].policies[0].fields[0]'", "no field citizenId");
        assertThat(body(send(ndxp(DEMO_RECORD).GET().build())).has("citizenId")).isTrue();
        Path descriptor = DEMO.resolve("adapter.yaml");
        Files.writeString(descriptor, Files.readString(descriptor).replace("fields: [citizenId,", "fields: [citizenNumber,"));
        HttpResponse<String> reloaded = reload("reload-demo");
        assertThat(body(reloaded).get("outcome").asText()).as(reloaded.body()).isEqualTo("reloaded");
        JsonNode after = body(send(ndxp(DEMO_RECORD).GET().build()));
        assertThat(after.has("citizenNumber")).as(after.toString()).isTrue();
        assertThat(after.get("citizenNumber").asText()).isEqualTo(body(before).get("citizenId").asText());
        assertThat(after.has("citizenId")).isFalse();

        // a changed route: its answer mapped by another mapping file, added with it
        Files.writeString(DEMO.resolve("mappings/birth-record-v2.mapping.yaml"),
                Files.readString(mapping).replace("CitizenID: citizenNumber", "CitizenID: personId"));
        Path routes = DEMO.resolve("reload-demo.camel.yaml");
        Files.writeString(routes, Files.readString(routes).replace("xml-to-json/reload-demo/birth-record\n",
                "xml-to-json/reload-demo/birth-record-v2\n"));
        assertThat(reload("reload-demo").statusCode()).isEqualTo(200);
        JsonNode v2 = body(send(ndxp(DEMO_RECORD).GET().build()));
        assertThat(v2.get("personId").asText()).as(v2.toString()).isEqualTo(body(before).get("citizenId").asText());
        awaitRecorded();
        assertThat(jdbc.queryForList("SELECT status FROM ndxp_transaction WHERE adapter = 'reload-demo' AND direction = 'operator'"
                + " AND client = 'operator'", String.class)).as("every reload is in the transaction log").contains("success", "failure");
        List<String> versions = jdbc.queryForList("SELECT route_id FROM ndxp_transaction WHERE adapter = 'reload-demo'"
                + " AND direction = 'operator' AND status = 'success' AND route_id IS NOT NULL", String.class);
        assertThat(versions).as("each reload names the version it read").allMatch(v -> v.matches("reload:[0-9a-f]{40}"));
        assertThat(versions.stream().distinct().count()).as("an edited folder is another version").isGreaterThanOrEqualTo(3);
    }

    @Test
    void anInvalidChangeIsRefusedNamingFileAndFieldAndTheOldVersionServes() throws Exception {
        copyDemo();
        assertThat(reload("reload-demo").statusCode()).isEqualTo(200);
        Path descriptor = DEMO.resolve("adapter.yaml");
        String good = Files.readString(descriptor);
        Files.writeString(descriptor, good.replace("kind: rest-to-soap", "kind: rest-to-fax"));
        HttpResponse<String> refused = reload("reload-demo");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.headers().firstValue("X-NDXP-Error")).contains("adapter.invalid");
        assertThat(body(refused).get("detail").asText()).contains(descriptor.toString(), "field 'kind'", "rest-to-fax");
        assertThat(send(ndxp(DEMO_RECORD).GET().build()).statusCode()).as("the previous version still answers").isEqualTo(200);
        Files.writeString(descriptor, good);

        // a file layout is checked with its record layout, whether a route uses it yet or not
        Path layout = DEMO.resolve("mappings").resolve("broken.file.yaml");
        Files.writeString(layout, "record: no-such-layout\ncsv:\n  header: true\n");
        HttpResponse<String> badLayout = reload("reload-demo");
        assertThat(badLayout.statusCode()).as(badLayout.body()).isEqualTo(422);
        assertThat(body(badLayout).get("detail").asText()).contains("broken.file.yaml", "record:", "no-such-layout");
        Files.delete(layout);

        // an examples file the catalogue could not use: refused now, not a 500 on the catalogue later
        Path examples = Files.createDirectories(DEMO.resolve("examples")).resolve("birth-records.json");
        Files.writeString(examples, "{\"found\": {\"answer\": {}}}");
        HttpResponse<String> badExamples = reload("reload-demo");
        assertThat(badExamples.statusCode()).as(badExamples.body()).isEqualTo(422);
        assertThat(body(badExamples).get("detail").asText()).contains(examples.toString(), "found.answer");
        Files.delete(examples);

        // an outbox key that is not a column: refused while reading, before the old routes go
        Path outbox = DEMO.resolve("mappings").resolve("broken.record.yaml");
        Files.writeString(outbox, "table: broken_outbox\nkey: no_such_column\nfields:\n"
                + "  - { name: id, column: id, type: string, required: true }\n");
        HttpResponse<String> badOutbox = reload("reload-demo");
        assertThat(badOutbox.statusCode()).as(badOutbox.body()).isEqualTo(422);
        assertThat(body(badOutbox).get("detail").asText()).contains("broken.record.yaml", "no_such_column");
        assertThat(send(ndxp(DEMO_RECORD).GET().build()).statusCode()).as("the previous version still answers").isEqualTo(200);
        Files.delete(outbox);

        Files.writeString(descriptor, good.replace("route: reload-demo-birth-record-search", "route: reload-demo-no-such-route"));
        HttpResponse<String> noRoute = reload("reload-demo");
        assertThat(noRoute.statusCode()).isEqualTo(422);
        assertThat(body(noRoute).get("detail").asText()).contains("adapter.yaml", "services[1].route", "reload-demo-no-such-route");
        Files.writeString(descriptor, good);

        Path routes = DEMO.resolve("reload-demo.camel.yaml");
        String goodRoutes = Files.readString(routes);
        Files.writeString(routes, goodRoutes.replace("      steps:\n", "      stepz:\n"));
        HttpResponse<String> badRoute = reload("reload-demo");
        assertThat(badRoute.statusCode()).as(badRoute.body()).isEqualTo(422);
        assertThat(body(badRoute).get("detail").asText()).contains(routes.toString(), "stepz");
        // beans would be bound into the live context while the file is parsed: refused before that
        Files.writeString(routes, goodRoutes + "- beans:\n    - name: reloadDemoBean\n      type: java.util.ArrayList\n");
        HttpResponse<String> beans = reload("reload-demo");
        assertThat(beans.statusCode()).as(beans.body()).isEqualTo(422);
        assertThat(body(beans).get("detail").asText()).contains(routes.toString(), "beans");
        assertThat(camel.getRegistry().lookupByName("reloadDemoBean")).isNull();
        Files.writeString(routes, goodRoutes.replace("to: ndxp-mapping:xml-to-json/reload-demo/birth-record",
                "to: ndxp-mapping:xml-to-json/reload-demo/no-such-mapping"));
        HttpResponse<String> badStep = reload("reload-demo");
        assertThat(badStep.statusCode()).as("refused when Camel builds the route: rolled back").isEqualTo(422);
        assertThat(body(badStep).get("detail").asText()).contains(routes.toString(), "reload-demo-birth-record", "no-such-mapping");
        assertThat(send(ndxp(DEMO_RECORD).GET().build()).statusCode()).as("the previous version still answers").isEqualTo(200);
        assertThat(send(ndxp(DEMO_SEARCH).POST(HttpRequest.BodyPublishers.ofString("{\"dateOfBirth\":\"1990-01-01\"}"))
                .header("Content-Type", "application/json").build()).statusCode()).as("all of it").isNotIn(404, 503);
        Files.writeString(routes, goodRoutes);
    }

    @Test
    void aRouteAnOperatorStoppedOrSuspendedStaysSoAfterAReload() throws Exception {
        copyDemo();
        assertThat(reload("reload-demo").statusCode()).isEqualTo(200);
        camel.getRouteController().stopRoute("reload-demo-birth-record-search");
        camel.getRouteController().suspendRoute("reload-demo-birth-record");
        HttpResponse<String> res = reload("reload-demo");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("reload-demo-birth-record-search")).isEqualTo(ServiceStatus.Stopped);
        assertThat(camel.getRouteController().getRouteStatus("reload-demo-birth-record")).isEqualTo(ServiceStatus.Suspended);
        camel.getRouteController().resumeRoute("reload-demo-birth-record");
        assertThat(reload("reload-demo").statusCode()).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("reload-demo-birth-record")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void aRemovedAdapterLetsItsInFlightRequestFinish() throws Exception {
        copyDemo();
        assertThat(reload("reload-demo").statusCode()).isEqualTo(200);
        legacy.setDelayMs(1200); // below the backend's read timeout in the tests (1500 ms)
        long calls = legacy.calls();
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(ndxp(DEMO_RECORD).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> legacy.calls() > calls);
        deleteDemo();
        HttpResponse<String> removed = reload("reload-demo");
        assertThat(body(removed).get("outcome").asText()).as(removed.body()).isEqualTo("removed");
        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).as("the in-flight request finished").isEqualTo(200);
        assertThat(camel.getRoutes()).noneMatch(r -> r.getRouteId().startsWith("reload-demo-"));
        assertThat(catalogIds()).doesNotContain("reload-demo");
        assertThat(send(ndxp(DEMO_RECORD).GET().build()).statusCode()).isEqualTo(404);
    }

    @Test
    void aShippedAdapterWithKameletStartedRoutesIsReloadedAsItWas() throws Exception {
        Map<String, String> before = routesOf("social-insurance");
        assertThat(before).containsKey("social-insurance-intake");
        HttpResponse<String> res = reload("social-insurance");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(routesOf("social-insurance")).as("group and autoStartup of adapter.yaml again").isEqualTo(before);
    }

    /** Route id -> group and state of an adapter's routes. */
    private Map<String, String> routesOf(String adapter) {
        Map<String, String> out = new TreeMap<>();
        camel.getRoutes().stream().filter(r -> r.getRouteId().startsWith(adapter + "-")).forEach(r -> out.put(r.getRouteId(),
                r.getGroup() + " " + camel.getRouteController().getRouteStatus(r.getRouteId())));
        return out;
    }

    @Test
    void aViewerMayNotReload() throws Exception {
        assertThat(ops("viewer", "sandbox-viewer", "/ops/adapters/civil-status/reload").statusCode()).isEqualTo(403);
        HttpResponse<String> jmx = jolokia("viewer", "sandbox-viewer",
                "{\"type\":\"exec\",\"mbean\":\"ndxp:type=Adapters\",\"operation\":\"reloadAdapter\",\"arguments\":[\"civil-status\"]}");
        assertThat(jolokiaStatus(jmx)).as(jmx.body()).isEqualTo(403);
        HttpResponse<String> operator = jolokia("operator", "sandbox-operator",
                "{\"type\":\"exec\",\"mbean\":\"ndxp:type=Adapters\",\"operation\":\"reloadAdapter\",\"arguments\":[\"no-such-adapter\"]}");
        assertThat(operator.body()).as("an operator may: this one is refused for the unknown id").contains("client.not-found");
    }

    @Test
    void aBadAdapterIdIsRefusedBeforeAnyWork() throws Exception {
        // a NUL in the path is refused by the web firewall before any controller
        assertThat(reload("civil%00status").statusCode()).isEqualTo(400);
        for (String id : List.of("Civil-status", "a".repeat(64))) {
            HttpResponse<String> res = reload(id);
            assertThat(res.statusCode()).as(id + ": " + res.body()).isEqualTo(400);
            assertThat(res.headers().firstValue("X-NDXP-Error")).as(id).hasValue("client.bad-request");
            assertThat(res.body()).as(id).contains("id");
        }
        for (String args : List.of("[\"Civil-status\"]", "[\"civil\\u0000status\"]", "[null]")) {
            HttpResponse<String> jmx = jolokia("operator", "sandbox-operator",
                    "{\"type\":\"exec\",\"mbean\":\"ndxp:type=Adapters\",\"operation\":\"reloadAdapter\",\"arguments\":" + args + "}");
            assertThat(jmx.body()).as(args).contains("client.bad-request", "adapterId").doesNotContain("NullPointerException");
        }
    }

    @Test
    void inTheSandboxAFolderCopiedInOrRemovedIsTakenByItself() throws Exception {
        copyDemo();
        await().atMost(Duration.ofSeconds(20)).until(() -> catalogIds().contains("reload-demo"));
        await().atMost(Duration.ofSeconds(10)).until(() -> send(ndxp(DEMO_RECORD).GET().build()).statusCode() == 200);
        deleteDemo();
        await().atMost(Duration.ofSeconds(20)).until(() -> !catalogIds().contains("reload-demo"));
    }

    /** The demo adapter out again, whatever a test left: the shared context as it was. */
    @AfterEach
    void removeDemo() throws Exception {
        deleteDemo();
        if (adapters.get("reload-demo") != null) {
            reload("reload-demo");
        }
    }

    /** civil-status copied in as adapter reload-demo (same backend, its own id, paths and routes). */
    private static void copyDemo() throws IOException {
        Path from = Path.of("adapters", "civil-status");
        Files.createDirectories(DEMO.resolve("mappings"));
        Files.copy(from.resolve("civil-status.wsdl"), DEMO.resolve("civil-status.wsdl"));
        Files.copy(from.resolve("purposes.yaml"), DEMO.resolve("purposes.yaml"));
        try (Stream<Path> maps = Files.list(from.resolve("mappings"))) {
            for (Path m : maps.toList()) {
                Files.copy(m, DEMO.resolve("mappings").resolve(m.getFileName()));
            }
        }
        Files.writeString(DEMO.resolve("reload-demo.camel.yaml"), renamed(from.resolve("civil-status.camel.yaml")));
        // the descriptor last: the folder counts as an adapter once it has one
        Files.writeString(DEMO.resolve("adapter.yaml"), renamed(from.resolve("adapter.yaml")));
    }

    private static String renamed(Path file) throws IOException {
        return Files.readString(file).replace("civil-status", "reload-demo")
                .replace("/legacy/reload-demo", "/legacy/civil-status").replace("ws/reload-demo/v1", "ws/civil-status/v1")
                .replace("reload-demo.wsdl", "civil-status.wsdl");
    }

    private static void deleteDemo() throws IOException {
        if (Files.exists(DEMO)) {
            try (Stream<Path> files = Files.walk(DEMO)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    private HttpResponse<String> reload(String id) throws Exception {
        return ops("operator", "sandbox-operator", "/ops/adapters/" + id + "/reload");
    }

    private List<String> catalogIds() throws Exception {
        List<String> ids = new ArrayList<>();
        body(send(HttpRequest.newBuilder(URI.create(base() + "/ndxp/v1/catalog")).build())).get("adapters")
                .forEach(a -> ids.add(a.get("id").asText()));
        return ids;
    }

    private HttpResponse<String> jolokia(String user, String password, String request) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + "/actuator/jolokia"))
                .header("Authorization", basic(user, password)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build());
    }

    /** The status Jolokia answered: HTTP 403 or its JSON status. */
    private int jolokiaStatus(HttpResponse<String> res) throws Exception {
        return res.statusCode() == 200 ? body(res).path("status").asInt() : res.statusCode();
    }

    private HttpResponse<String> ops(String user, String password, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", basic(user, password))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
