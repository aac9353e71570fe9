package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import vn.gov.ndxp.adapters.sandbox.SandboxDatabase;

/**
 * A second runtime instance, its own JVM process, on the same runtime database, Kafka and legacy
 * database: a client's quota is one budget for both; together they capture every change once and
 * deliver every record; killed with kill -9 in the middle of a batch, nothing is lost once capture
 * resumes, and a record sent twice carries the same transaction id (the receiver marks it a duplicate).
 */
class TwoInstancesIT extends SandboxTestSupport {

    @Autowired
    SandboxDatabase legacyDb;
    @Autowired
    JdbcConnectionDetails runtimeDb;
    @Autowired
    KafkaConnectionDetails kafka;
    @Autowired
    CamelContext camel;

    /** limited-demo's 5 calls a minute to birth-records, taken in turn from each instance: the sixth is refused by either. */
    private void quotaIsOneBudgetForBothInstances(RuntimeProcess other) throws Exception {
        String token = token("sandbox-limited:sandbox-limited-secret", "VN:GOV:000.00.00.G22:civil-status");
        String[] bases = {base(), other.base()};
        int left = -1;
        for (int i = 0; left != 0; i++) {
            String b = bases[i % 2];
            java.util.concurrent.Callable<java.net.http.HttpResponse<String>> call = () -> send(HttpRequest.newBuilder(
                    URI.create(b + "/ndxp/v1/civil-status/birth-records/079199000002")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("X-NDXP-Client", "VN:GOV:000.00.00.H41:limited-demo")
                    .header("X-NDXP-Purpose", "1.001").GET().build());
            var res = i == 0 ? firstCallUnderQuota(call) : call.call();
            assertThat(res.statusCode()).as("call %d on %s: %s", i, bases[i % 2], res.body()).isEqualTo(200);
            int r = Integer.parseInt(res.headers().firstValue("RateLimit").orElseThrow().replaceAll("^\"minute\";r=(\\d+);.*$", "$1"));
            assertThat(left == -1 || r == left - 1).as("call %d: %d left after %d, whichever instance took it", i, r, left).isTrue();
            left = r;
        }
        for (String b : bases) {
            var over = send(HttpRequest.newBuilder(URI.create(b + "/ndxp/v1/civil-status/birth-records/079199000002"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                    .header("X-NDXP-Client", "VN:GOV:000.00.00.H41:limited-demo").header("X-NDXP-Purpose", "1.001").GET().build());
            assertThat(over.statusCode()).as(b + ": " + over.body()).isEqualTo(429);
            assertThat(over.headers().firstValue("X-NDXP-Error")).contains("client.quota-exceeded");
        }
    }

    @Test
    void twoInstancesShareTheWorkAndAKillMinus9LosesNothing() throws Exception {
        RuntimeProcess other = RuntimeProcess.start("second-instance", base(), runtimeDb, kafka, LEGACY_DB_PORT);
        try {
            other.awaitUp();
            // its delivery consumer joins the group after startup: the rebalance would hand an uncommitted batch
            // to the other instance, which sends it again (at least once; the receiver answers 208). Not in
            // this phase, which asserts that each change is sent once
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> other.log()
                    .contains("groupId=ndxp-business-registry-delivery] Successfully synced group"));
            quotaIsOneBudgetForBothInstances(other);
            // both instances capture and deliver
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<String> first = update(run + "-a", 100, 100);
            Map<String, List<JsonNode>> got = awaitAll(first, 60);
            got.forEach((address, records) -> assertThat(records).as(address + " delivered once").hasSize(1));

            // only the second instance captures now; it is killed in the middle of its work
            camel.getRouteController().stopRoute("business-registry-capture");
            List<String> second = update(run + "-b", 300, 300);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> countReceived(second) >= 20);
            other.kill(); // kill -9
            camel.getRouteController().startRoute("business-registry-capture");
            Map<String, List<JsonNode>> after = awaitAll(second, 180);
            for (var e : after.entrySet()) {
                List<JsonNode> records = e.getValue();
                long accepted = records.stream().filter(r -> r.path("status").asInt() == 202).count();
                assertThat(accepted).as(e.getKey() + " accepted once").isEqualTo(1);
                String txId = records.get(0).path("transactionId").asText();
                assertThat(records).as("a duplicate carries the same transaction id")
                        .allMatch(r -> r.path("transactionId").asText().equals(txId));
            }
        } catch (AssertionError e) {
            // CI shows only the test output, not target/second-instance.log
            List<String> warnings = other.log().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
            throw new AssertionError(e.getMessage() + "\nthe second instance's last warnings:\n"
                    + String.join("\n", warnings.subList(Math.max(0, warnings.size() - 30), warnings.size())), e);
        } finally {
            other.close();
            if (!camel.getRouteController().getRouteStatus("business-registry-capture").isStarted()) {
                camel.getRouteController().startRoute("business-registry-capture");
            }
        }
    }

    /** Changes the address of n enterprises (from offset) and returns the new addresses. */
    private List<String> update(String tag, int offset, int n) throws Exception {
        List<String> addresses = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(legacyDb.jdbcUrl("business-registry"), "postgres", "postgres");
             PreparedStatement ps = c.prepareStatement("UPDATE enterprise SET address = ? WHERE tax_code = ("
                     + "SELECT tax_code FROM enterprise ORDER BY tax_code OFFSET ? LIMIT 1)")) {
            for (int i = 0; i < n; i++) {
                String address = "Số " + i + " đường Hai Bà Trưng, Hà Nội " + tag;
                ps.setString(1, address);
                ps.setInt(2, offset + i);
                ps.executeUpdate();
                addresses.add(address);
            }
        }
        return addresses;
    }

    /**
     * What the platform received for these changes, once every one arrived and the delivery consumers
     * have committed everything on the topic: a duplicate from a redelivery would be there by then.
     */
    private Map<String, List<JsonNode>> awaitAll(List<String> addresses, int seconds) throws Exception {
        String topic = camel.resolvePropertyPlaceholders("{{business-registry.settings.topic}}");
        try {
            await().alias("every change reaches the platform").atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(500))
                    .until(() -> received(addresses).size() == addresses.size());
            await().alias("the delivery consumers commit everything").atMost(Duration.ofSeconds(seconds))
                    .until(() -> KafkaDelivery.consumedAll(kafka, "ndxp-business-registry-delivery", topic));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + whereTheyStopped(addresses, topic), e);
        }
        return received(addresses);
    }

    /** For a timeout: the changes not received, as the outbox has them, the legacy sessions and the consumer group. */
    private String whereTheyStopped(List<String> addresses, String topic) throws Exception {
        Set<String> missing = new HashSet<>(addresses);
        missing.removeAll(received(addresses).keySet());
        StringBuilder out = new StringBuilder(missing.size() + " of " + addresses.size() + " not received\n");
        try (Connection c = DriverManager.getConnection(legacyDb.jdbcUrl("business-registry"), "postgres", "postgres")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT ch.id, ch.tax_code, ch.operation, ch.claimed_by, ch.processed_at"
                    + " FROM enterprise_change ch JOIN enterprise e ON e.tax_code = ch.tax_code WHERE e.address = ANY(?)"
                    + " ORDER BY ch.id DESC LIMIT 20")) {
                ps.setArray(1, c.createArrayOf("text", missing.toArray()));
                out.append("their latest outbox changes:\n").append(rows(ps.executeQuery()));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) AS pending, min(id) AS oldest FROM enterprise_change"
                    + " WHERE processed_at IS NULL")) {
                out.append("pending changes: ").append(rows(ps.executeQuery()));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pid, state, xact_start, left(query, 120) AS query FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
                out.append("legacy sessions:\n").append(rows(ps.executeQuery()));
            }
        }
        // on the topic or not: lost between the capture's commit and Kafka, or after Kafka, in delivery
        out.append("of the missing, on the topic: ").append(onTheTopic(topic, missing)).append('\n');
        out.append("routes: capture ").append(camel.getRouteController().getRouteStatus("business-registry-capture"))
                .append(", delivery ").append(camel.getRouteController().getRouteStatus("business-registry-delivery"))
                .append("; delivery group has consumed all: ")
                .append(KafkaDelivery.consumedAll(kafka, "ndxp-business-registry-delivery", topic));
        return out.toString();
    }

    /** How many of these addresses appear in a record of the topic, read whole from its beginning. */
    private long onTheTopic(String topic, Set<String> addresses) {
        Map<String, Object> config = Map.of("bootstrap.servers", String.join(",", kafka.getBootstrapServers()),
                "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName(),
                "value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName(),
                "enable.auto.commit", "false");
        Set<String> seen = new HashSet<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(config)) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    addresses.stream().filter(a -> r.value() != null && r.value().contains(a)).forEach(seen::add);
                }
            }
        } catch (RuntimeException e) {
            return -1;
        }
        return seen.size();
    }

    private static String rows(ResultSet rs) throws Exception {
        StringBuilder out = new StringBuilder();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            for (int i = 1; i <= n; i++) {
                out.append(i == 1 ? "  " : " | ").append(rs.getMetaData().getColumnLabel(i)).append('=').append(rs.getString(i));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private long countReceived(List<String> addresses) throws Exception {
        return received(addresses).size();
    }

    private Map<String, List<JsonNode>> received(List<String> addresses) throws Exception {
        Set<String> wanted = new HashSet<>(addresses);
        JsonNode all = body(send(HttpRequest.newBuilder(URI.create(base() + "/sandbox/ndxp/received?adapter=business-registry")).build()));
        Map<String, List<JsonNode>> out = new HashMap<>();
        for (JsonNode r : all) {
            String address = r.path("body").path("address").asText();
            if (wanted.contains(address)) {
                out.computeIfAbsent(address, k -> new ArrayList<>()).add(r);
            }
        }
        return out;
    }
}
