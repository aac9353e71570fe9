package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.PluginHelper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import vn.gov.ndxp.adapters.audit.RetentionJob;
import vn.gov.ndxp.adapters.audit.TransactionLog;
import vn.gov.ndxp.adapters.audit.TransactionRecord;

/** Every exchange leaves one hash-chained record, in the database and on Kafka; statistics; dead letters. */
class TransactionLogIT extends SandboxTestSupport {

    private static final String RECORD = "/ndxp/v1/civil-status/birth-records/";
    private static final String SOAP_NS = "http://motcua.gov.vn/ws/citizen/v1";

    @Autowired
    KafkaConnectionDetails kafka;
    @Autowired
    CamelContext camel;
    @Autowired
    RetentionJob retention;

    @BeforeEach
    void testRoute() throws Exception {
        if (camel.getRoute("one-stop-office-test-push") == null) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    PluginHelper.getResourceLoader(camel).resolveResource("classpath:routes/test-push.camel.yaml"));
        }
    }

    @Test
    void restExchangesLeaveExactRecordsIncludingRejections() throws Exception {
        String ok = get(ndxp(RECORD + "001203000001").header("X-NDXP-User-Id", "canbo-0042"));
        String badRequest = get(HttpRequest.newBuilder(URI.create(base() + RECORD + "001203000001"))
                .header("Authorization", "Bearer " + token()));
        String unauthorized = get(HttpRequest.newBuilder(URI.create(base() + RECORD + "001203000001")).header("X-NDXP-Client", CLIENT));
        String other = "VN:GOV:000.00.00.G99:tax-office";
        String forbidden = get(HttpRequest.newBuilder(URI.create(base() + RECORD + "001203000001"))
                .header("Authorization", "Bearer " + platform.sign(other, "tax", Duration.ofMinutes(1), CIVIL_STATUS)).header("X-NDXP-Client", other));
        awaitRecorded(ok, badRequest, unauthorized, forbidden);

        Map<String, Object> r = single(ok);
        assertThat(r).containsEntry("adapter", "civil-status").containsEntry("direction", "inbound")
                .containsEntry("client", CLIENT).containsEntry("service", "VN:GOV:000.00.00.G22:civil-status/birth-records")
                .containsEntry("route_id", "civil-status-birth-record").containsEntry("status", "success")
                .containsEntry("http_status", 200).containsEntry("user_id", "ca******42").containsEntry("request_bytes", 0L);
        assertThat(r.get("error_category")).isNull();
        assertThat(r.get("request_body")).as("payload capture is off by default").isNull();
        assertThat((Long) r.get("response_bytes")).isGreaterThan(300L);
        Instant in = ((Timestamp) r.get("request_in")).toInstant();
        Instant out = ((Timestamp) r.get("request_out")).toInstant();
        Instant back = ((Timestamp) r.get("response_in")).toInstant();
        Instant done = ((Timestamp) r.get("response_out")).toInstant();
        assertThat(in).isBeforeOrEqualTo(out);
        assertThat(out).isBeforeOrEqualTo(back);
        assertThat(back).isBeforeOrEqualTo(done);

        assertThat(single(badRequest)).containsEntry("status", "failure").containsEntry("http_status", 400)
                .containsEntry("error_category", "client.bad-request");
        Map<String, Object> u = single(unauthorized);
        assertThat(u).containsEntry("http_status", 401).containsEntry("error_category", "client.unauthorized")
                .containsEntry("client", CLIENT);
        assertThat(u.get("request_out")).as("rejected before any backend call").isNull();
        assertThat(single(forbidden)).containsEntry("http_status", 403).containsEntry("error_category", "client.forbidden")
                .containsEntry("client", other);
    }

    @Test
    void soapFacadeExchangesAreRecordedAsOutbound() throws Exception {
        String ok = UUID.randomUUID().toString();
        String fault = UUID.randomUUID().toString();
        assertThat(soap(ok, "079199000002").statusCode()).isEqualTo(200);
        assertThat(soap(fault, "000000000000").statusCode()).isEqualTo(500);
        awaitRecorded(ok, fault);
        Map<String, Object> r = single(ok);
        assertThat(r).containsEntry("adapter", "one-stop-office").containsEntry("direction", "outbound")
                .containsEntry("client", CLIENT).containsEntry("service", "VN:GOV:000.00.00.H41:one-stop-office/lookup-citizen")
                .containsEntry("status", "success").containsEntry("http_status", 200);
        assertThat(r.get("request_out")).isNotNull();
        assertThat((Long) r.get("request_bytes")).isPositive();
        assertThat(single(fault)).containsEntry("status", "failure").containsEntry("error_category", "backend.not-found");
    }

    @Test
    void recordsArePublishedToKafka() throws Exception {
        String tx1 = get(ndxp(RECORD + "001203000001"));
        String tx2 = get(ndxp(RECORD + "000000000000"));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, JsonNode> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of("ndxp.transactions"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.size() < 2 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
                    if (rec.key().equals(tx1) || rec.key().equals(tx2)) {
                        seen.put(rec.key(), json.readTree(rec.value()));
                    }
                }
            }
        }
        assertThat(seen).containsKeys(tx1, tx2);
        assertThat(seen.get(tx1).get("status").asText()).isEqualTo("success");
        assertThat(seen.get(tx1).get("adapter").asText()).isEqualTo("civil-status");
        assertThat(seen.get(tx2).get("errorCategory").asText()).isEqualTo("backend.not-found");
        assertThat(seen.get(tx2).get("httpStatus").asInt()).isEqualTo(404);
        // the instants as the row keeps them, in ISO-8601; a field without a value is left out
        Map<String, Object> row = single(tx1);
        assertThat(Instant.parse(seen.get(tx1).get("requestIn").asText())).isEqualTo(((Timestamp) row.get("request_in")).toInstant());
        assertThat(Instant.parse(seen.get(tx1).get("responseOut").asText())).isEqualTo(((Timestamp) row.get("response_out")).toInstant());
        assertThat(seen.get(tx1).has("errorCategory")).isFalse();
    }

    @Test
    void statisticsOfAScriptedScenarioMatchToTheUnit() throws Exception {
        assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
        Instant from = Instant.now();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(get(ndxp(RECORD + (i % 2 == 0 ? "001203000001" : "079199000002")), 200));
        }
        sent.add(get(ndxp(RECORD + "000000000000"), 404));
        String other = "VN:GOV:000.00.00.G99:tax-office";
        sent.add(get(HttpRequest.newBuilder(URI.create(base() + RECORD + "001203000001"))
                .header("Authorization", "Bearer " + platform.sign(other, "tax", Duration.ofMinutes(1), CIVIL_STATUS))
                .header("X-NDXP-Client", other), 403));
        awaitRecorded(sent.toArray(String[]::new));
        Instant to = Instant.now();

        JsonNode s = body(send(HttpRequest.newBuilder(URI.create(base() + "/ndxp/v1/stats?from=" + from + "&to=" + to)).build()));
        assertThat(s.get("total").asLong()).isEqualTo(7);
        assertThat(s.get("successful").asLong()).isEqualTo(5);
        assertThat(s.get("failed").asLong()).isEqualTo(2);
        assertThat(s.at("/failedByCategory/backend.not-found").asLong()).isEqualTo(1);
        assertThat(s.at("/failedByCategory/client.forbidden").asLong()).isEqualTo(1);
        assertThat(s.get("failedByCategory")).hasSize(2);
        assertThat(s.get("estimatedSavingsVnd").asLong()).isEqualTo(500);
        assertThat(s.at("/perAdapter/0/adapter").asText()).isEqualTo("civil-status");
        assertThat(s.at("/perAdapter/0/total").asLong()).isEqualTo(7);
        assertThat(s.get("perClientUnit")).hasSize(2);
        assertThat(s.at("/perClientUnit/0/unit").asText()).isEqualTo("000.00.00.G99");
        assertThat(s.at("/perClientUnit/0/total").asLong()).isEqualTo(1);
        assertThat(s.at("/perClientUnit/1/unit").asText()).isEqualTo("000.00.00.H41");
        assertThat(s.at("/perClientUnit/1/successful").asLong()).isEqualTo(5);
        long perDay = 0;
        for (JsonNode d : s.get("perDay")) {
            perDay += d.get("total").asLong();
        }
        assertThat(perDay).isEqualTo(7);
        assertThat(s.at("/durationMs/p95").asDouble()).isGreaterThanOrEqualTo(s.at("/durationMs/p50").asDouble()).isPositive();
    }

    @Test
    void editingAStoredRecordIsDetectedByVerify() throws Exception {
        String tx = get(ndxp(RECORD + "000000000000"));
        awaitRecorded(tx);
        assertThat(ops("GET", "/ops/transactions/verify").get("valid").asBoolean()).isTrue();
        long seq = ((Number) single(tx).get("seq")).longValue();
        jdbc.update("UPDATE ndxp_transaction SET status = 'success', error_category = NULL WHERE seq = ?", seq);
        try {
            JsonNode v = ops("GET", "/ops/transactions/verify");
            assertThat(v.get("valid").asBoolean()).isFalse();
            assertThat(v.at("/firstBroken/seq").asLong()).isEqualTo(seq);
            assertThat(v.at("/firstBroken/transactionId").asText()).isEqualTo(tx);
            JsonNode jmx = jolokia("{\"type\":\"exec\",\"mbean\":\"ndxp:type=Audit\",\"operation\":\"verifyTransactionLog()\"}");
            assertThat(jmx.path("value").asText()).as(jmx.toString()).contains("\"valid\":false").contains(tx);
        } finally {
            jdbc.update("UPDATE ndxp_transaction SET status = 'failure', error_category = 'backend.not-found' WHERE seq = ?", seq);
        }
        assertThat(ops("GET", "/ops/transactions/verify").get("valid").asBoolean()).isTrue();
    }

    @Test
    void concurrentExchangesAreAllRecordedAndTheChainHolds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(pool.submit(() -> get(ndxp(RECORD + "001203000001"))));
        }
        Set<String> ids = new HashSet<>();
        for (Future<String> f : calls) {
            ids.add(f.get());
        }
        pool.shutdown();
        assertThat(ids).hasSize(40);
        awaitRecorded(ids.toArray(String[]::new));
        int found = 0;
        for (String id : ids) {
            found += jdbc.queryForObject("SELECT count(*) FROM ndxp_transaction WHERE transaction_id = ?", Integer.class, id);
        }
        assertThat(found).isEqualTo(40);
        assertThat(ops("GET", "/ops/transactions/verify").get("valid").asBoolean()).isTrue();
    }

    @Test
    void aDeadLetterIsReplayedThroughItsRouteAndReachesTheReceiverExactlyOnce() throws Exception {
        ProducerTemplate producer = camel.createProducerTemplate();
        String tx = UUID.randomUUID().toString();
        // the platform does not know the service yet: rejected for good, so dead-lettered
        producer.sendBodyAndHeader("direct:one-stop-office-test-push", "{\"record\":\"Hồ sơ một cửa số 1\"}", "X-NDXP-Transaction-Id", tx);
        JsonNode letters = ops("GET", "/ops/dead-letters?adapter=one-stop-office&status=NEW");
        JsonNode letter = null;
        for (JsonNode l : letters) {
            if (tx.equals(l.get("transaction_id").asText())) {
                letter = l;
            }
        }
        assertThat(letter).as("dead letter stored").isNotNull();
        assertThat(letter.get("reason").asText()).startsWith("platform.unknown-service");
        long id = letter.get("id").asLong();
        assertThat(ops("GET", "/ops/dead-letters/" + id).get("payload").asText()).isEqualTo("{\"record\":\"Hồ sơ một cửa số 1\"}");
        assertThat(received(tx)).isZero();
        acceptTestRecords();

        assertThat(ops("POST", "/ops/dead-letters/" + id + "/replay").get("status").asText()).isEqualTo("REPLAYED");
        assertThat(received(tx)).isEqualTo(1);
        HttpResponse<String> again = opsRaw("POST", "/ops/dead-letters/" + id + "/replay");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(received(tx)).as("never delivered twice").isEqualTo(1);
        assertThat(ops("GET", "/ops/dead-letters/" + id).get("status").asText()).isEqualTo("REPLAYED");
        // the first attempt's record and the replay's
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM ndxp_transaction WHERE transaction_id = ?", Integer.class, tx) >= 2);
        assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(jdbc.queryForList("SELECT status FROM ndxp_transaction WHERE transaction_id = ? ORDER BY seq", String.class, tx))
                .containsExactly("failure", "success");
    }

    @Test
    void transientFailuresAreNotDeadLetteredButRaisedToTheSource() throws Exception {
        String tx = UUID.randomUUID().toString();
        platform.down("one-stop-office");
        long refused = platform.refused("one-stop-office");
        Exchange result = camel.createProducerTemplate().send("direct:one-stop-office-test-push", ex -> {
            ex.getMessage().setBody("{}");
            ex.getMessage().setHeader("X-NDXP-Transaction-Id", tx);
        });
        assertThat(result.getException()).as("the source keeps the record to try again").isNotNull();
        assertThat(platform.refused("one-stop-office")).as("the platform was down when tried").isGreaterThan(refused);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ndxp_dead_letter WHERE transaction_id = ?", Integer.class, tx)).isZero();
    }

    @Test
    void discardedDeadLettersCannotBeReplayed() throws Exception {
        String tx = UUID.randomUUID().toString();
        camel.createProducerTemplate().sendBodyAndHeader("direct:one-stop-office-test-push-nowhere", "{}", "X-NDXP-Transaction-Id", tx);
        long id = jdbc.queryForObject("SELECT id FROM ndxp_dead_letter WHERE transaction_id = ?", Long.class, tx);
        assertThat(ops("POST", "/ops/dead-letters/" + id + "/discard").get("status").asText()).isEqualTo("DISCARDED");
        assertThat(opsRaw("POST", "/ops/dead-letters/" + id + "/replay").statusCode()).isEqualTo(409);
        assertThat(received(tx)).isZero();
    }

    @Test
    void purgeRemovesOnlyWhatIsOlderThanTheLimit() throws Exception {
        String old = get(ndxp(RECORD + "001203000001"));
        awaitRecorded(old);
        // the cutoff lies strictly between the two exchanges at the log's precision (microseconds)
        Instant cutoff = TransactionLog.micros(Instant.now());
        await().until(() -> TransactionLog.micros(Instant.now()).isAfter(cutoff));
        String recent = get(ndxp(RECORD + "001203000001"));
        awaitRecorded(recent);
        retention.purge(cutoff);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ndxp_transaction WHERE transaction_id = ?", Integer.class, old)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ndxp_transaction WHERE transaction_id = ?", Integer.class, recent)).isEqualTo(1);
        assertThat(ops("GET", "/ops/transactions/verify").get("valid").asBoolean()).as("the rest of the chain still verifies").isTrue();
    }

    @Test
    void prometheusHasCountersAndTimersPerAdapterAndService() throws Exception {
        get(ndxp(RECORD + "001203000001"));
        String metrics = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus")).build()).body();
        assertThat(metrics).containsPattern("ndxp_exchanges_total\\{adapter=\"civil-status\",category=\"none\",service=\"VN:GOV:000.00.00.G22:civil-status/birth-records\",status=\"success\"}");
        assertThat(metrics).contains("ndxp_exchange_duration_seconds_count{adapter=\"civil-status\"");
    }

    @Test
    void theStatisticsPageIsServedWithoutExternalResources() throws Exception {
        HttpResponse<String> page = opsRaw("GET", "/ops/stats.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/ndxp/v1/stats").doesNotContainPattern("(src|href)=\"(https?:)?//");
    }

    @Test
    void aRecordTheDatabaseRefusesIsSetAsideVisibleToOperatorsAndTheLogFlowsOn() throws Exception {
        assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
        Instant from = Instant.now();
        String refused = UUID.randomUUID().toString();
        Instant now = TransactionLog.micros(Instant.now());
        // what an officer id longer than its column (or a NUL byte) that got past the door would do
        log.append(new TransactionRecord(refused, "civil-status", "inbound", CLIENT, null, "civil-status-birth-record", now, null, null,
                now, TransactionRecord.FAILURE, 400, "client.bad-request", 0L, 0L, "u".repeat(200), null, null, null));
        String nul = UUID.randomUUID().toString();
        log.append(new TransactionRecord(nul, "civil-status", "inbound", "VN:GOV:\u0000", null,
                "civil-status-birth-record", now, null, null, now, TransactionRecord.FAILURE, 400, "client.bad-request", 0L, 0L, null, null, null, null));
        String after = get(ndxp(RECORD + "001203000001"));
        // the log is not frozen: the refused records are set aside and the exchange after them is written
        awaitRecorded(refused, nul, after);

        assertThat(single(after)).containsEntry("status", "success");
        JsonNode s = body(send(HttpRequest.newBuilder(URI.create(base() + "/ndxp/v1/stats?from=" + from + "&to=" + Instant.now())).build()));
        assertThat(s.get("total").asLong()).as("statistics move on").isEqualTo(1);
        assertThat(ops("GET", "/ops/transactions/verify").get("valid").asBoolean()).isTrue();

        JsonNode page = ops("GET", "/ops/transactions/rejected?limit=50");
        JsonNode item = null;
        for (JsonNode i : page.get("items")) {
            if (refused.equals(i.path("transaction_id").asText())) {
                item = i;
            }
        }
        assertThat(item).as(page.toString()).isNotNull();
        assertThat(item.get("reason").asText()).startsWith("SQLState 22001");
        assertThat(json.readTree(item.get("record").asText()).get("userId").asText()).hasSize(200);
        JsonNode first = ops("GET", "/ops/transactions/rejected?limit=1");
        assertThat(first.get("items")).hasSize(1);
        JsonNode next = ops("GET", "/ops/transactions/rejected?limit=1&before=" + first.get("next").asLong());
        assertThat(next.at("/items/0/id").asLong()).isLessThan(first.at("/items/0/id").asLong());

        JsonNode health = body(opsRaw("GET", "/actuator/health"));
        assertThat(health.at("/components/transactionLog/status").asText()).as(health.toString()).isEqualTo("UP");
        assertThat(health.at("/components/transactionLog/details/setAside").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(health.at("/components/transactionLog/details/queued").asLong()).isZero();
        JsonNode readiness = body(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness")).build()));
        assertThat(readiness.path("components").has("transactionLog")).as("a lagging log alerts, it does not cut traffic").isFalse();
        String metrics = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/prometheus")).build()).body();
        assertThat(metrics).contains("ndxp_transaction_log_lag_seconds ").contains("ndxp_transaction_log_queue_size ")
                .contains("ndxp_transaction_log_spilled_total{cause=\"queue-full\"}").containsPattern("ndxp_transaction_log_set_aside_total [1-9]");
        JsonNode jmx = jolokia("{\"type\":\"read\",\"mbean\":\"ndxp:type=Audit\",\"attribute\":\"RejectedTransactions\"}");
        assertThat(jmx.path("value").asLong()).as(jmx.toString()).isGreaterThanOrEqualTo(2);
        JsonNode listed = jolokia("{\"type\":\"exec\",\"mbean\":\"ndxp:type=Audit\",\"operation\":\"listRejectedTransactions(int)\",\"arguments\":[100]}");
        assertThat(listed.path("value").asText()).as(listed.toString()).contains(refused);
    }

    /** From now on the platform stand-in accepts the test records service. */
    private void acceptTestRecords() {
        platform.register("VN:GOV:000.00.00.G00:ndxp/test-records");
    }

    private String get(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> res = send(request.GET().build());
        return res.headers().firstValue("X-NDXP-Transaction-Id").orElseThrow();
    }

    /** The transaction id of a GET that answered the given status. */
    private String get(HttpRequest.Builder request, int status) throws Exception {
        HttpResponse<String> res = send(request.GET().build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        return res.headers().firstValue("X-NDXP-Transaction-Id").orElseThrow();
    }

    private HttpResponse<String> soap(String txId, String citizenId) throws Exception {
        String envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<c:LookupCitizen xmlns:c=\"" + SOAP_NS + "\"><c:CitizenID>" + citizenId + "</c:CitizenID></c:LookupCitizen>"
                + "</soap:Body></soap:Envelope>";
        return send(HttpRequest.newBuilder(URI.create(base() + "/soap/one-stop-office"))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"" + SOAP_NS + "/LookupCitizen\"")
                .header("X-NDXP-Transaction-Id", txId).POST(HttpRequest.BodyPublishers.ofString(envelope)).build());
    }

    private Map<String, Object> single(String txId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM ndxp_transaction WHERE transaction_id = ?", txId);
        assertThat(rows).as("exactly one record for " + txId).hasSize(1);
        return rows.get(0);
    }

    private long received(String txId) throws Exception {
        JsonNode all = body(send(HttpRequest.newBuilder(URI.create(base() + "/sandbox/ndxp/received?adapter=one-stop-office")).build()));
        long n = 0;
        for (JsonNode r : all) {
            if (txId.equals(r.path("transactionId").asText())) {
                n++;
            }
        }
        return n;
    }

    private JsonNode ops(String method, String path) throws Exception {
        HttpResponse<String> res = opsRaw(method, path);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return body(res);
    }

    private HttpResponse<String> opsRaw(String method, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("operator:sandbox-operator".getBytes(StandardCharsets.UTF_8)))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private JsonNode jolokia(String request) throws Exception {
        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/jolokia"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("operator:sandbox-operator".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return body(res);
    }
}
