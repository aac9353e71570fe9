package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.gov.ndxp.adapters.sandbox.SandboxDatabase;

/** business-registry: a legacy database captured to Kafka and the platform, looked up and written back. */
class BusinessRegistryIT extends SandboxTestSupport {

    private static final String ENTERPRISES = "/ndxp/v1/business-registry/enterprises/";
    private static final String INSPECTIONS = "/ndxp/v1/business-registry/inspections";
    private static final String ADAPTER = "business-registry";
    private static final String DELIVERY_GROUP = "ndxp-business-registry-delivery";

    @Autowired
    SandboxDatabase legacyDb;
    @Autowired
    JdbcTemplate runtimeDb;
    @Autowired
    KafkaConnectionDetails kafka;

    @Test
    void lookupAnswersOneParameterisedQueryAsTypedJson() throws Exception {
        HttpResponse<String> res = send(ndxp(ENTERPRISES + "0101234567").GET().build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode e = body(res);
        assertThat(e.get("taxCode").asText()).isEqualTo("0101234567");
        assertThat(e.get("name").asText()).isEqualTo("Công ty Cổ phần Thương mại Hoàng Long");
        assertThat(e.get("provinceCode").isIntegralNumber()).isTrue();
        assertThat(res.body()).as("the decimal as the source has it, scale kept").contains("\"charterCapital\":15000000000.00,");
        assertThat(e.get("registeredOn").asText()).isEqualTo("2008-03-12");
        assertThat(e.get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void unknownMaliciousOrOverlongTaxCodesGetClearErrorsAndNoSql() throws Exception {
        HttpResponse<String> unknown = send(ndxp(ENTERPRISES + "0000000000").GET().build());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("X-NDXP-Error")).contains("backend.not-found");
        for (String bad : List.of("0101234567'%20OR%20'1'='1", "0101234567;DROP%20TABLE%20enterprise", "1".repeat(200))) {
            HttpResponse<String> res = send(ndxp(ENTERPRISES + bad).GET().build());
            assertThat(res.statusCode()).as(bad).isEqualTo(400);
            assertThat(res.headers().firstValue("X-NDXP-Error")).contains("client.bad-request");
            if (!bad.contains(";")) {
                // beyond the door's path-segment limit (ndxp.inbound.max-path-segment-length) the path is named
                assertThat(body(res).get("field").asText()).isEqualTo(bad.length() > 128 ? "path" : "taxCode");
            }
            assertThat(res.body()).doesNotContainIgnoringCase("sql").doesNotContain("syntax");
        }
        assertThat(send(ndxp(ENTERPRISES + "0101234567").GET().build()).statusCode()).isEqualTo(200);
    }

    @Test
    void theAdapterFolderSeedsItsOwnDatabaseAndTheDerivedOutboxCapturesChanges() throws Exception {
        // adapters/business-registry/sandbox/db, applied to its own database business_registry
        assertThat(legacyQuery("SELECT count(*) FROM sandbox_schema_history WHERE success AND script LIKE 'V%'")).isEqualTo(3);
        assertThat(legacyQuery("SELECT count(*) FROM enterprise")).isGreaterThanOrEqualTo(3001);
        // the outbox is the one Outbox derives from mappings/enterprise.record.yaml (table, key), not a copied script
        assertThat(legacyQuery("SELECT count(*) FROM pg_trigger WHERE tgname = 'enterprise_changed'"
                + " AND tgrelid = 'enterprise'::regclass AND tgfoid = 'enterprise_changed'::regproc")).isEqualTo(1);
        String taxCode = "0120000020";
        long before = legacyQuery("SELECT coalesce(max(id), 0) FROM enterprise_change");
        legacy("UPDATE enterprise SET short_name = short_name WHERE tax_code = ?", taxCode);
        assertThat(legacyQuery("SELECT count(*) FROM enterprise_change WHERE id > ? AND tax_code = ? AND operation = 'U'",
                before, taxCode)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(legacyQuery(
                "SELECT count(*) FROM enterprise_change WHERE id > ? AND tax_code = ? AND processed_at IS NOT NULL"
                        + " AND claimed_by LIKE 'ndxp:%'", before, taxCode)).as("claimed and marked by the derived statements").isEqualTo(1));
    }

    @Test
    void aChangedRowReachesKafkaAndThePlatform() throws Exception {
        String taxCode = "0120000010";
        String address = "Số " + System.nanoTime() % 1000 + " phố Hàng Bài, Quận Hoàn Kiếm, Hà Nội";
        legacy("UPDATE enterprise SET address = ?, charter_capital = 12000000.00, updated_at = clock_timestamp() WHERE tax_code = ?",
                address, taxCode);
        JsonNode got = awaitReceived(r -> address.equals(r.path("body").path("address").asText()));
        assertThat(got.path("body").path("taxCode").asText()).isEqualTo(taxCode);
        assertThat(got.path("body").path("charterCapital").decimalValue().toPlainString())
                .as("the decimal reaches the platform as the source has it, trailing zeros too").isEqualTo("12000000.00");
        assertThat(got.path("service").asText()).isEqualTo("VN:GOV:000.00.00.G00:ndxp/records");
        assertThat(got.path("client").asText()).isEqualTo("VN:GOV:000.00.00.G08:business-registry");
        assertThat(got.path("body").path("changeId").isIntegralNumber()).isTrue();
        assertThat(legacyQuery("SELECT count(*) FROM enterprise_change WHERE tax_code = ? AND processed_at IS NULL", taxCode))
                .as("the change is acknowledged at its source").isZero();
    }

    @Test
    void aLaterChangeOfAnEnterpriseWaitsForAnEarlierOneInFlightElsewhere() throws Exception {
        // another poller (or instance) holds the enterprise's first change in its batch, not yet sent;
        // the second change must not overtake it
        String taxCode = "0120000060";
        String tag = UUID.randomUUID().toString().substring(0, 8);
        camel.getRouteController().stopRoute("business-registry-capture");
        try (Connection other = DriverManager.getConnection(legacyDb.jdbcUrl("business-registry"), "postgres", "postgres")) {
            legacy("UPDATE enterprise SET address = ? WHERE tax_code = ?", "Số 1 Láng Hạ, Hà Nội " + tag, taxCode);
            long first = legacyQuery("SELECT max(id) FROM enterprise_change WHERE tax_code = ?", taxCode);
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("SELECT id FROM enterprise_change WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, first);
                lock.executeQuery();
            }
            legacy("UPDATE enterprise SET address = ? WHERE tax_code = ?", "Số 2 Láng Hạ, Hà Nội " + tag, taxCode);
            long second = legacyQuery("SELECT max(id) FROM enterprise_change WHERE tax_code = ?", taxCode);
            camel.getRouteController().startRoute("business-registry-capture");
            // polls that began after both changes were committed have left the second one unclaimed
            long polls = polls("business-registry-capture");
            await().atMost(Duration.ofSeconds(30)).until(() -> polls("business-registry-capture") >= polls + 2);
            assertThat(legacyQuery("SELECT count(*) FROM enterprise_change WHERE id = ? AND processed_at IS NULL", second))
                    .as("the second change waits while the first is in flight elsewhere").isEqualTo(1);
            assertThat(received(r -> r.path("body").path("changeId").asLong() == second)).isEmpty();
            other.rollback(); // the other poller failed: its change is free again
            awaitReceived(r -> r.path("body").path("changeId").asLong() == second);
            List<Long> order = new ArrayList<>();
            received(r -> taxCode.equals(r.path("body").path("taxCode").asText()) && r.path("body").path("address").asText().endsWith(tag))
                    .forEach(r -> order.add(r.path("body").path("changeId").asLong()));
            assertThat(order).as("first change, then second").containsExactly(first, second);
        } finally {
            if (!camel.getRouteController().getRouteStatus("business-registry-capture").isStarted()) {
                camel.getRouteController().startRoute("business-registry-capture");
            }
        }
    }

    @Test
    void aBadRowGoesToDeadLettersNamingTheColumnAndTheRestGoesOn() throws Exception {
        legacy("UPDATE enterprise SET province_code = NULL WHERE tax_code = ?", "0320000011");
        String address = "Số 7 đường Đồng Khởi, Quận 1, Thành phố Hồ Chí Minh " + UUID.randomUUID();
        legacy("UPDATE enterprise SET address = ? WHERE tax_code = ?", address, "0420000012");
        awaitReceived(r -> address.equals(r.path("body").path("address").asText()));
        List<Map<String, Object>> letters = runtimeDb.queryForList(
                "SELECT id, reason FROM ndxp_dead_letter WHERE adapter = 'business-registry' AND reason LIKE '%province_code%'");
        assertThat(letters).isNotEmpty();
        assertThat(letters.get(0).get("reason").toString()).startsWith("adapter.mapping").contains("province_code");
        // a captured row is not sent to the claim query again: 409, and nothing is claimed by the attempt
        HttpResponse<String> replay = send(HttpRequest.newBuilder(URI.create(base() + "/ops/dead-letters/" + letters.get(0).get("id") + "/replay"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("operator:sandbox-operator".getBytes()))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains("polling source");
        legacy("UPDATE enterprise SET province_code = 79 WHERE tax_code = ?", "0320000011");
    }

    @Test
    void aBadRowInTheMiddleOfABatchIsDeadLetteredAloneAndTheRestOfTheBatchIsDelivered() throws Exception {
        String tag = UUID.randomUUID().toString();
        Timestamp start = runtimeDb.queryForObject("SELECT clock_timestamp()", Timestamp.class);
        List<String> taxCodes = List.of("0120000040", "0320000041", "0420000042");
        try (Connection c = DriverManager.getConnection(legacyDb.jdbcUrl("business-registry"), "postgres", "postgres")) {
            // one transaction: the three changes are committed together and claimed in one batch
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE enterprise SET address = ?,"
                    + " province_code = CASE WHEN tax_code = '0320000041' THEN NULL ELSE province_code END WHERE tax_code = ?")) {
                for (String taxCode : taxCodes) {
                    ps.setString(1, "Số 5 Lý Thường Kiệt " + taxCode + " " + tag);
                    ps.setString(2, taxCode);
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
        try {
            awaitReceived(r -> ("Số 5 Lý Thường Kiệt 0120000040 " + tag).equals(r.path("body").path("address").asText()));
            awaitReceived(r -> ("Số 5 Lý Thường Kiệt 0420000042 " + tag).equals(r.path("body").path("address").asText()));
            List<Map<String, Object>> letters = await().atMost(Duration.ofSeconds(10)).until(
                    () -> runtimeDb.queryForList("SELECT reason, payload FROM ndxp_dead_letter WHERE adapter = 'business-registry'"
                            + " AND created_at >= ? AND reason LIKE '%province_code%'", start), l -> !l.isEmpty());
            assertThat(letters).as("exactly the bad row is dead-lettered").hasSize(1);
            assertThat(letters.get(0).get("reason").toString()).startsWith("adapter.mapping").contains("province_code");
            assertThat(new String((byte[]) letters.get(0).get("payload"), StandardCharsets.UTF_8)).contains("0320000041").contains(tag);
            assertThat(received(r -> r.path("body").path("address").asText().endsWith(tag))).hasSize(2);
            assertThat(legacyQuery("SELECT count(DISTINCT claimed_by) FROM enterprise_change WHERE tax_code IN (?, ?, ?)"
                    + " AND id > (SELECT max(id) - 3 FROM enterprise_change WHERE tax_code IN (?, ?, ?))",
                    taxCodes.get(0), taxCodes.get(1), taxCodes.get(2), taxCodes.get(0), taxCodes.get(1), taxCodes.get(2)))
                    .as("the three changes were one claimed batch").isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> legacyQuery(
                    "SELECT count(*) FROM enterprise_change WHERE tax_code IN (?, ?, ?) AND processed_at IS NULL",
                    taxCodes.get(0), taxCodes.get(1), taxCodes.get(2)) == 0);
            assertThat(legacyQuery("SELECT count(*) FROM enterprise_change WHERE tax_code IN (?, ?, ?) AND processed_at IS NULL",
                    taxCodes.get(0), taxCodes.get(1), taxCodes.get(2))).as("the whole batch is acknowledged at its source").isZero();
        } finally {
            legacy("UPDATE enterprise SET province_code = 79 WHERE tax_code = ?", "0320000041");
        }
    }

    @Test
    void writeBackInsertsOnceForOneTransactionId() throws Exception {
        String txId = UUID.randomUUID().toString();
        String authority = "Sở Kế hoạch và Đầu tư Hà Nội " + txId.substring(0, 8);
        String json = "{\"taxCode\":\"0101234567\",\"inspectedOn\":\"2026-11-20\",\"authority\":\"" + authority
                + "\",\"result\":\"FOLLOW_UP\",\"remarks\":\"Bổ sung hồ sơ thuế\"}";
        HttpResponse<String> first = send(post(INSPECTIONS, json, txId));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(body(first).get("inserted").asBoolean()).isTrue();
        assertThat(body(first).get("inspectionId").isIntegralNumber()).isTrue();
        HttpResponse<String> again = send(post(INSPECTIONS, json, txId));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again)).as("a replay gets the first answer again").isEqualTo(body(first));
        assertThat(legacyQuery("SELECT count(*) FROM inspection WHERE authority = ?", authority)).isEqualTo(1);
    }

    @Test
    void writeBackRejectsBadRecordsNamingTheField() throws Exception {
        assertBad(send(post(INSPECTIONS, "{\"taxCode\":\"0101234567\",\"authority\":\"X\",\"result\":\"PASSED\"}", null)), "inspectedOn");
        assertBad(send(post(INSPECTIONS, "{\"taxCode\":\"0101234567\",\"inspectedOn\":\"2026-13-40\",\"authority\":\"X\",\"result\":\"PASSED\"}", null)), "inspectedOn");
        assertBad(send(post(INSPECTIONS, "{\"taxCode\":\"0101234567\",\"inspectedOn\":\"2026-11-20\",\"authority\":\"X\",\"result\":\"MAYBE\"}", null)), "result");
        assertBad(send(post(INSPECTIONS, "{\"taxCode\":\"0101234567\",\"inspectedOn\":\"2026-11-20\",\"authority\":\"" + "x".repeat(201)
                + "\",\"result\":\"PASSED\"}", null)), "authority");
        HttpResponse<String> unknown = send(post(INSPECTIONS,
                "{\"taxCode\":\"0999999999\",\"inspectedOn\":\"2026-11-20\",\"authority\":\"X\",\"result\":\"PASSED\"}", null));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).doesNotContainIgnoringCase("constraint").doesNotContainIgnoringCase("insert");
    }

    @Test
    void databaseDownIs503AndCaptureResumesByItself() throws Exception {
        legacyDb.stop();
        try {
            HttpResponse<String> res = send(ndxp(ENTERPRISES + "0101234567").GET().build());
            assertThat(res.statusCode()).as(res.body()).isEqualTo(503);
            assertThat(res.headers().firstValue("X-NDXP-Error")).contains("backend.unavailable");
            // capture polls fail meanwhile (the consumer counts its failed polls in a row)
            await().atMost(Duration.ofSeconds(30)).until(() -> consumer("business-registry-capture").getErrorCounter() >= 2);
        } finally {
            legacyDb.start();
        }
        String address = "Số 1 Tràng Tiền, Hà Nội " + UUID.randomUUID();
        legacy("UPDATE enterprise SET address = ? WHERE tax_code = ?", address, "0320000021");
        awaitReceived(r -> address.equals(r.path("body").path("address").asText()));
        assertThat(send(ndxp(ENTERPRISES + "0101234567").GET().build()).statusCode()).isEqualTo(200);
    }

    @Test
    void platformDownRecordsWaitInKafkaAndArriveOnceAfter() throws Exception {
        String address = "Số 9 Lê Duẩn, Đà Nẵng " + UUID.randomUUID();
        platform.down(ADAPTER);
        long refused = platform.refused(ADAPTER);
        legacy("UPDATE enterprise SET address = ? WHERE tax_code = ?", address, "0420000022");
        // the record is tried and tried again while the platform is down
        await().atMost(Duration.ofSeconds(60)).until(() -> platform.refused(ADAPTER) >= refused + 2);
        assertThat(received(r -> address.equals(r.path("body").path("address").asText()))).isEmpty();
        platform.up(ADAPTER);
        JsonNode got = awaitReceived(r -> address.equals(r.path("body").path("address").asText()));
        String txId = got.get("transactionId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaDelivery.consumedAll(kafka, DELIVERY_GROUP, topic()));
        assertThat(received(r -> txId.equals(r.path("transactionId").asText()) && r.path("status").asInt() == 202))
                .as("delivered once (a duplicate would be flagged 208 by the receiver)").hasSize(1);
        assertThat(runtimeDb.queryForObject("SELECT count(*) FROM ndxp_dead_letter WHERE transaction_id = ?", Integer.class, txId))
                .as("a platform outage is not a dead letter").isZero();
    }

    @Test
    void aBatchOfChangesIsDeliveredWholeWithOneTransactionRecordPerRecord() throws Exception {
        String tag = "Số 5 Đinh Tiên Hoàng, Hà Nội " + UUID.randomUUID() + " ";
        // 40 enterprises changed in one legacy transaction: one capture poll, one Kafka batch, batch calls to the platform
        legacy("UPDATE enterprise SET address = ? || tax_code WHERE substr(tax_code, 3)::int BETWEEN 20002500 AND 20002539", tag);
        List<JsonNode> got = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> received(r -> r.path("body").path("address").asText().startsWith(tag)), l -> l.size() >= 40);
        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaDelivery.consumedAll(kafka, DELIVERY_GROUP, topic()));
        got = received(r -> r.path("body").path("address").asText().startsWith(tag));
        assertThat(got).as("each record once, accepted (a resend would be flagged 208)").hasSize(40)
                .allMatch(r -> r.path("status").asInt() == 202)
                .allMatch(r -> "/enterprises".equals(r.path("path").asText()))
                .allMatch(r -> r.path("body").path("address").asText().equals(tag + r.path("body").path("taxCode").asText()));
        assertThat(got.stream().map(r -> r.path("transactionId").asText()).distinct()).hasSize(40);
        JsonNode one = got.stream().filter(r -> "0120002500".equals(r.path("body").path("taxCode").asText())).findFirst().orElseThrow();
        assertThat(one.path("body").path("status").asText()).isIn("ACTIVE", "SUSPENDED", "DISSOLVED");
        assertThat(one.path("body").path("changeId").isIntegralNumber()).isTrue();
        assertThat(one.path("transactionId").asText()).isEqualTo(UUID.nameUUIDFromBytes(("business-registry|0120002500|"
                + one.path("body").path("changeId").asText()).getBytes(StandardCharsets.UTF_8)).toString());
        // one transaction record per delivered record, under the record's own transaction id
        String[] ids = got.stream().map(r -> r.path("transactionId").asText()).toArray(String[]::new);
        await().atMost(Duration.ofSeconds(30)).until(() -> runtimeDb.queryForObject("SELECT count(*) FROM ndxp_transaction"
                + " WHERE route_id = 'business-registry-delivery' AND status = 'success' AND transaction_id = ANY(?)",
                Integer.class, (Object) ids) == 40);
        assertThat(runtimeDb.queryForObject("SELECT count(*) FROM ndxp_transaction WHERE transaction_id = ANY(?)"
                + " AND route_id = 'business-registry-delivery'", Integer.class, (Object) ids)).isEqualTo(40);
    }

    @Test
    void aRecordThePlatformRejectsInTheMiddleOfABatchIsDeadLetteredAloneAndItsNeighboursAreDelivered() throws Exception {
        // the platform checks personal identification numbers: the middle record's is no such number
        String tag = UUID.randomUUID().toString();
        List<String> keys = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
        List<String> ids = List.of("079199000002", "999199000002", "001199000003");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 3; i++) {
                ProducerRecord<String, String> rec = new ProducerRecord<>(topic(), "0120002700",
                        "{\"taxCode\":\"0120002700\",\"tag\":\"" + tag + "\",\"n\":" + i + ",\"citizenId\":\"" + ids.get(i) + "\"}");
                rec.headers().add("X-NDXP-Transaction-Id", keys.get(i).getBytes(StandardCharsets.UTF_8));
                producer.send(rec);
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> received(r -> tag.equals(r.path("body").path("tag").asText())).size() >= 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaDelivery.consumedAll(kafka, DELIVERY_GROUP, topic()));
        List<JsonNode> got = received(r -> tag.equals(r.path("body").path("tag").asText()));
        assertThat(got).as("each record reached the platform once, in order").hasSize(3);
        assertThat(got.stream().map(r -> r.path("body").path("n").asInt())).containsExactly(0, 1, 2);
        assertThat(got.stream().map(r -> r.path("transactionId").asText())).containsExactlyElementsOf(keys);
        assertThat(got.stream().map(r -> r.path("status").asInt())).containsExactly(202, 422, 202);
        List<Map<String, Object>> letters = await().atMost(Duration.ofSeconds(30)).until(() -> runtimeDb.queryForList(
                "SELECT transaction_id, reason, error_category, payload FROM ndxp_dead_letter WHERE transaction_id = ANY(?)",
                (Object) keys.toArray(String[]::new)), l -> !l.isEmpty());
        assertThat(letters).as("the rejected record alone").hasSize(1);
        assertThat(letters.get(0).get("transaction_id")).isEqualTo(keys.get(1));
        assertThat(letters.get(0).get("error_category")).isEqualTo("platform.rejected");
        assertThat((String) letters.get(0).get("reason")).contains("citizenId 999... is not a personal identification number")
                .contains("(field citizenId)");
        assertThat(new String((byte[]) letters.get(0).get("payload"), StandardCharsets.UTF_8)).contains(tag).contains("999199000002");
        await().atMost(Duration.ofSeconds(30)).until(() -> runtimeDb.queryForObject("SELECT count(*) FROM ndxp_transaction"
                + " WHERE route_id = 'business-registry-delivery' AND transaction_id = ANY(?)", Integer.class,
                (Object) keys.toArray(String[]::new)) == 3);
        assertThat(runtimeDb.queryForList("SELECT transaction_id, status, error_category FROM ndxp_transaction"
                + " WHERE route_id = 'business-registry-delivery' AND transaction_id = ANY(?) AND status <> 'success'",
                (Object) keys.toArray(String[]::new))).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("transaction_id", keys.get(1)).containsEntry("error_category", "platform.rejected"));
    }

    @Test
    void platformDownABatchWaitsInKafkaUncommittedAndArrivesOnceAfter() throws Exception {
        String tag = "Số 7 Trần Phú, Nha Trang " + UUID.randomUUID() + " ";
        platform.down(ADAPTER);
        long refused = platform.refused(ADAPTER);
        legacy("UPDATE enterprise SET address = ? || tax_code WHERE substr(tax_code, 3)::int BETWEEN 20002600 AND 20002619", tag);
        // the batch is tried and tried again while the platform is down; nothing of it is committed
        await().atMost(Duration.ofSeconds(60)).until(() -> platform.refused(ADAPTER) >= refused + 2);
        assertThat(received(r -> r.path("body").path("address").asText().startsWith(tag))).isEmpty();
        assertThat(KafkaDelivery.consumedAll(kafka, DELIVERY_GROUP, topic())).as("offsets not committed").isFalse();
        platform.up(ADAPTER);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> received(r -> r.path("body").path("address").asText().startsWith(tag)).size() >= 20);
        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaDelivery.consumedAll(kafka, DELIVERY_GROUP, topic()));
        List<JsonNode> got = received(r -> r.path("body").path("address").asText().startsWith(tag));
        assertThat(got).as("all 20, each once (a duplicate would be flagged 208 by the receiver)").hasSize(20)
                .allMatch(r -> r.path("status").asInt() == 202);
        assertThat(got.stream().map(r -> r.path("body").path("taxCode").asText()).distinct()).hasSize(20);
        assertThat(runtimeDb.queryForObject("SELECT count(*) FROM ndxp_dead_letter WHERE transaction_id = ANY(?)", Integer.class,
                (Object) got.stream().map(r -> r.path("transactionId").asText()).toArray(String[]::new)))
                .as("a platform outage is not a dead letter").isZero();
    }

    @Autowired
    CamelContext camel;

    @Test
    void watermarkModeNeverSkipsARowCommittedLateWithAnOlderTimestamp() throws Exception {
        camel.getRouteController().stopRoute("business-registry-capture");
        camel.getRouteController().startRoute("business-registry-capture-watermark");
        try {
            // the first poll sets the watermark
            long polls = watermarkPolls();
            await().atMost(Duration.ofSeconds(30)).until(() -> watermarkPolls() > polls);
            String fresh = "Số 2 Phan Đình Phùng, Hà Nội " + UUID.randomUUID();
            legacy("UPDATE enterprise SET address = ?, updated_at = clock_timestamp() WHERE tax_code = ?", fresh, "0120000030");
            awaitReceived(r -> fresh.equals(r.path("body").path("address").asText()));
            // a transaction that stamped its row before that one but commits only now, behind the watermark
            String late = "Số 3 Bạch Đằng, Đà Nẵng " + UUID.randomUUID();
            legacy("UPDATE enterprise SET address = ?, updated_at = (SELECT updated_at FROM enterprise WHERE tax_code = '0120000030')"
                    + " - interval '1 second' WHERE tax_code = ?", late, "0320000031");
            awaitReceived(r -> late.equals(r.path("body").path("address").asText()));
            // a bulk change larger than one batch (1000): every row once, none repeated
            String bulk = "Khu công nghiệp Thăng Long, Hà Nội " + UUID.randomUUID();
            legacy("UPDATE enterprise SET address = ? || ' ' || tax_code, updated_at = clock_timestamp()"
                    + " WHERE tax_code IN (SELECT tax_code FROM enterprise ORDER BY tax_code DESC LIMIT 1200)", bulk);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> received(r -> r.path("body").path("address").asText().startsWith(bulk)).size() >= 1200);
            // more polls, and everything they sent delivered: nothing is sent again
            long polled = watermarkPolls();
            await().atMost(Duration.ofSeconds(30)).until(() -> watermarkPolls() >= polled + 2);
            await().atMost(Duration.ofSeconds(60)).until(() -> KafkaDelivery.consumedAll(kafka, DELIVERY_GROUP, topic()));
            List<JsonNode> bulkReceived = received(r -> r.path("body").path("address").asText().startsWith(bulk));
            assertThat(bulkReceived).hasSize(1200);
            assertThat(bulkReceived.stream().map(r -> r.path("body").path("taxCode").asText()).distinct().count()).isEqualTo(1200);
            assertThat(received(r -> fresh.equals(r.path("body").path("address").asText()))).hasSize(1);
            assertThat(received(r -> late.equals(r.path("body").path("address").asText()))).hasSize(1);
            // a bad row among the rows of one poll: it goes to dead letters, the others are sent
            String mixed = "Số 4 Nguyễn Huệ, Quận 1 " + UUID.randomUUID();
            legacy("UPDATE enterprise SET address = ? || ' ' || tax_code, updated_at = clock_timestamp(),"
                    + " province_code = CASE WHEN tax_code = '0320000051' THEN NULL ELSE province_code END"
                    + " WHERE tax_code IN ('0120000050', '0320000051', '0420000052')", mixed);
            try {
                awaitReceived(r -> (mixed + " 0120000050").equals(r.path("body").path("address").asText()));
                awaitReceived(r -> (mixed + " 0420000052").equals(r.path("body").path("address").asText()));
                assertThat(runtimeDb.queryForObject("SELECT count(*) FROM ndxp_dead_letter WHERE reason LIKE '%province_code%'"
                        + " AND convert_from(payload, 'UTF8') LIKE ?", Integer.class, "%" + mixed + "%")).isEqualTo(1);
            } finally {
                legacy("UPDATE enterprise SET province_code = 79 WHERE tax_code = ?", "0320000051");
            }
        } finally {
            camel.getRouteController().stopRoute("business-registry-capture-watermark");
            camel.getRouteController().startRoute("business-registry-capture");
        }
    }

    private void assertBad(HttpResponse<String> res, String field) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        assertThat(body(res).get("field").asText()).isEqualTo(field);
    }

    private HttpRequest post(String path, String json, String txId) throws Exception {
        HttpRequest.Builder b = ndxp(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (txId != null) {
            b.header("X-NDXP-Transaction-Id", txId);
        }
        return b.build();
    }

    private JsonNode awaitReceived(Predicate<JsonNode> match) {
        return await().alias("the platform stand-in receives the record").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250)).until(() -> received(match), found -> !found.isEmpty()).get(0);
    }

    /** The polling consumer of a capture route (its counters: polls, failed polls in a row). */
    private ScheduledPollConsumer consumer(String routeId) {
        return (ScheduledPollConsumer) camel.getRoute(routeId).getConsumer();
    }

    /** How many polls the capture route's consumer has made. */
    private long polls(String routeId) {
        return consumer(routeId).getCounter();
    }

    /** How many polls the watermark capture (a timer: one exchange per poll) has finished. */
    private long watermarkPolls() {
        return camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("business-registry-capture-watermark").getExchangesTotal();
    }

    private String topic() {
        return camel.resolvePropertyPlaceholders("{{business-registry.settings.topic}}");
    }

    private List<JsonNode> received(Predicate<JsonNode> match) throws Exception {
        JsonNode all = body(send(HttpRequest.newBuilder(URI.create(base() + "/sandbox/ndxp/received?adapter=business-registry")).build()));
        List<JsonNode> out = new ArrayList<>();
        all.forEach(r -> {
            if (match.test(r)) {
                out.add(r);
            }
        });
        return out;
    }

    private void legacy(String sql, Object... args) throws Exception {
        try (Connection c = DriverManager.getConnection(legacyDb.jdbcUrl("business-registry"), "postgres", "postgres");
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private long legacyQuery(String sql, Object... args) throws Exception {
        try (Connection c = DriverManager.getConnection(legacyDb.jdbcUrl("business-registry"), "postgres", "postgres");
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
