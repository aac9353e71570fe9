package vn.gov.ndxp.adapters.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpHeaders;
import vn.gov.ndxp.adapters.exchange.RemoteCall;
import vn.gov.ndxp.adapters.testing.RuntimeDatabases;

/**
 * ndxp-platform: options and defaults, each wrong URI refused at startup naming route and URI, and what a
 * platform stand-in receives from a field set (the calls themselves run against the sandbox platform in the
 * integration tests).
 */
class NdxpPlatformComponentTest {

    private static final String SERVICE = "VN:GOV:000.00.00.G12:population/citizens";

    private final Steps steps = new Steps();

    NdxpPlatformComponentTest() throws Exception {
    }

    @AfterEach
    void close() {
        steps.close();
    }

    @Test
    void getByDefaultWithoutAPath() throws Exception {
        NdxpPlatformEndpoint e = steps.start("ndxp-platform:one-stop-office?service=" + SERVICE, NdxpPlatformEndpoint.class);
        assertThat(e.getAdapter()).isEqualTo("one-stop-office");
        assertThat(e.getService()).isEqualTo(SERVICE);
        assertThat(e.getPath()).isEmpty();
        assertThat(e.getMethod()).isEqualTo("GET");
        assertThat(e.isBatch()).isFalse();
        // the transaction record times it as a remote call
        assertThat(e).isInstanceOf(RemoteCall.class).matches(RemoteCall::callsRemoteSystem);
    }

    @Test
    void methodAndPathTemplate() throws Exception {
        NdxpPlatformEndpoint e = steps.start("ndxp-platform:business-registry?service=" + SERVICE + "&method=POST&path=/enterprises/{taxCode}",
                NdxpPlatformEndpoint.class);
        assertThat(e.getMethod()).isEqualTo("POST");
        assertThat(e.getPath()).isEqualTo("/enterprises/{taxCode}");
        DefaultMessage m = new DefaultMessage(new DefaultExchange(new DefaultCamelContext()));
        m.setHeader("taxCode", "0101234567 /x");
        assertThat(NdxpPlatformProducer.resolvePath(e.getPath(), m, null)).isEqualTo("/enterprises/0101234567+%2Fx");
    }

    @Test
    void batchPostsTheListOfRecords() throws Exception {
        NdxpPlatformEndpoint e = steps.start("ndxp-platform:business-registry?service=" + SERVICE
                + "&method=POST&path=/enterprises&batch=true", NdxpPlatformEndpoint.class);
        assertThat(e.isBatch()).isTrue();
        assertThat(e.createProducer()).isInstanceOf(NdxpPlatformBatchProducer.class);
    }

    @Test
    void thePurposeSentIsACodeOfTheAdaptersListAndIsRecorded() throws Exception {
        NdxpPlatformEndpoint e = steps.start("ndxp-platform:one-stop-office?service=" + SERVICE + "&purpose=2.001",
                NdxpPlatformEndpoint.class);
        assertThat(e.getPurpose()).isEqualTo("2.001");
        DefaultExchange facade = new DefaultExchange(new DefaultCamelContext());
        assertThat(e.purpose(facade, null)).isEqualTo("2.001");
        assertThat(facade.getProperty(Exchanges.PURPOSE)).as("recorded with the transaction").isEqualTo("2.001");
        DefaultExchange x = new DefaultExchange(new DefaultCamelContext());
        x.setProperty(Exchanges.PURPOSE, "1.001");
        assertThat(e.purpose(x, null)).as("the configured purpose is sent, not the caller's").isEqualTo("2.001");
        assertThat(x.getProperty(Exchanges.PURPOSE)).as("the caller's stays recorded: it was served for that").isEqualTo("1.001");
    }

    @Test
    void withoutThePurposeOptionTheCallersPurposeGoesOnAndNoneIsNone() throws Exception {
        NdxpPlatformEndpoint e = steps.start("ndxp-platform:one-stop-office?service=" + SERVICE, NdxpPlatformEndpoint.class);
        DefaultExchange x = new DefaultExchange(new DefaultCamelContext());
        assertThat(e.purpose(x, null)).isNull();
        x.setProperty(Exchanges.PURPOSE, "1.001");
        assertThat(e.purpose(x, null)).isEqualTo("1.001");
    }

    @Test
    void aPurposeFromTheLegacyRequestMustBeThereAndInTheList() throws Exception {
        NdxpPlatformEndpoint e = steps.start("ndxp-platform:one-stop-office?service=" + SERVICE + "&purpose={procedure}",
                NdxpPlatformEndpoint.class);
        ObjectMapper json = new ObjectMapper();
        DefaultExchange x = new DefaultExchange(new DefaultCamelContext());
        assertThat(e.purpose(x, json.readTree("{\"procedure\": \"3.001\"}"))).isEqualTo("3.001");
        assertThatThrownBy(() -> e.purpose(x, json.readTree("{\"citizenId\": \"079199000002\"}")))
                .isInstanceOfSatisfying(NdxpException.class, n -> {
                    assertThat(n.category()).isEqualTo(NdxpException.CLIENT_PURPOSE_REQUIRED);
                    assertThat(n.status()).isEqualTo(400);
                }).hasMessageContaining("from the request's procedure");
        assertThatThrownBy(() -> e.purpose(x, json.readTree("{\"procedure\": \"9.999\"}")))
                .isInstanceOfSatisfying(NdxpException.class, n -> assertThat(n.category()).isEqualTo(NdxpException.CLIENT_PURPOSE_UNKNOWN));
    }

    @Test
    void aConfiguredPurposeOutsideTheAdaptersListIsRefusedAtStartup() throws Exception {
        steps.assertRefused("ndxp-platform:one-stop-office?service=" + SERVICE + "&purpose=9.999",
                "purpose=9.999 is neither a code of the purposes of adapter one-stop-office");
    }

    @Test
    void fieldsNarrowACopyOfEachRecordSent() throws Exception {
        NdxpPlatformEndpoint e = steps.start("ndxp-platform:business-registry?service=" + SERVICE
                + "&method=POST&path=/enterprises&batch=true&fields=taxCode,name,address.province", NdxpPlatformEndpoint.class);
        ObjectMapper json = new ObjectMapper();
        var record = json.readTree("{\"taxCode\": \"0101234567\", \"name\": \"Công ty A\", \"ownerCitizenId\": \"079199000002\","
                + " \"address\": {\"street\": \"Số 1\", \"province\": \"Hà Nội\"}}");
        String whole = record.toString();
        assertThat(e.sent(record).toString()).isEqualTo("{\"taxCode\":\"0101234567\",\"name\":\"Công ty A\",\"address\":{\"province\":\"Hà Nội\"}}");
        assertThat(record.toString()).as("the exchange keeps the whole record (dead letters, replays)").isEqualTo(whole);
        NdxpPlatformEndpoint all = steps.start("ndxp-platform:business-registry?service=" + SERVICE + "&method=POST&path=/x",
                NdxpPlatformEndpoint.class);
        assertThat(all.sent(record)).isSameAs(record);
    }

    @Test
    void thePlatformReceivesOnlyTheFieldsOfTheSetInTheBodyAndInThePath() throws Exception {
        steps.platformStandIn();
        steps.start("ndxp-platform:business-registry?service=" + SERVICE + "&method=POST&path=/enterprises/{taxCode}"
                + "&fields=taxCode,name,address.province", NdxpPlatformEndpoint.class);
        String record = "{\"taxCode\": \"0101234567\", \"name\": \"Công ty A\", \"ownerCitizenId\": \"079199000002\","
                + " \"address\": {\"street\": \"Số 1\", \"province\": \"Hà Nội\"}}";
        assertThat(send(record).getException()).isNull();
        assertThat(steps.received).singleElement().satisfies(r -> {
            assertThat(r.get("method")).isEqualTo("POST");
            assertThat(r.get("path")).endsWith("/" + SERVICE + "/enterprises/0101234567");
            assertThat(new ObjectMapper().readTree(r.get("body"))).isEqualTo(new ObjectMapper().readTree(
                    "{\"taxCode\":\"0101234567\",\"name\":\"Công ty A\",\"address\":{\"province\":\"Hà Nội\"}}"));
        });
    }

    @Test
    void aPathParameterOutsideTheFieldSetIsNotTakenFromTheRecord() throws Exception {
        steps.platformStandIn();
        steps.start("ndxp-platform:business-registry?service=" + SERVICE + "&method=POST&path=/owners/{ownerCitizenId}"
                + "&fields=taxCode", NdxpPlatformEndpoint.class);
        assertThat(send("{\"taxCode\": \"0101234567\", \"ownerCitizenId\": \"079199000002\"}").getException())
                .isInstanceOfSatisfying(NdxpException.class, e -> assertThat(e.field()).isEqualTo("ownerCitizenId"));
        assertThat(steps.received).as("the citizen id never left the adapter").isEmpty();
    }

    @Test
    void theRecordsOfABatchReachThePlatformNarrowedEachWithItsKey() throws Exception {
        steps.platformStandIn();
        steps.start("ndxp-platform:business-registry?service=" + SERVICE + "&method=POST&path=/enterprises&batch=true"
                + "&fields=taxCode,owners.name", NdxpPlatformEndpoint.class);
        var first = new DefaultExchange(steps.context);
        first.getMessage().setHeader(NdxpHeaders.TRANSACTION_ID, "k-1");
        first.getMessage().setBody("{\"taxCode\": \"1\", \"owners\": [{\"name\": \"A\", \"citizenId\": \"079199000002\"}, \"079199000003\"]}");
        var second = new DefaultExchange(steps.context);
        second.getMessage().setHeader(NdxpHeaders.TRANSACTION_ID, "k-2");
        second.getMessage().setBody("{\"taxCode\": \"2\", \"address\": \"12 Hang Bac\"}");
        assertThat(send(List.of(first, second)).getException()).isNull();
        assertThat(steps.received).singleElement().satisfies(r -> {
            assertThat(r.get("path")).endsWith("/" + SERVICE + "/enterprises/batch");
            assertThat(new ObjectMapper().readTree(r.get("body"))).isEqualTo(new ObjectMapper().readTree("""
                    {"records":[{"key":"k-1","record":{"taxCode":"1","owners":[{"name":"A"}]}},
                                {"key":"k-2","record":{"taxCode":"2"}}]}"""));
        });
    }

    @Test
    void aRecordOfABatchThatCannotBeNarrowedGoesToDeadLettersAloneAndTheOthersAreSent() throws Exception {
        try (RuntimeDatabases databases = RuntimeDatabases.start()) {
            JdbcTemplate letters = new JdbcTemplate(databases.fresh("letters"));
            try (Steps withLetters = new Steps(letters.getDataSource())) {
                withLetters.platformStandIn();
                withLetters.start("ndxp-platform:business-registry?service=" + SERVICE + "&method=POST&path=/enterprises&batch=true"
                        + "&fields=taxCode", NdxpPlatformEndpoint.class);
                Exchange notAnObject = item(withLetters, "k-1", "\"0101234567 Công ty A 079199000002\"");
                Exchange fine = item(withLetters, "k-2", "{\"taxCode\": \"2\", \"ownerCitizenId\": \"079199000002\"}");
                Exchange batch = withLetters.template().send("direct:in", x -> {
                    x.setProperty(Exchanges.TRANSACTION_ID, "t-1");
                    x.getMessage().setBody(List.of(notAnObject, fine));
                });
                assertThat(batch.getException()).isNull();
                assertThat(withLetters.received).singleElement().satisfies(r -> assertThat(new ObjectMapper().readTree(r.get("body")))
                        .isEqualTo(new ObjectMapper().readTree("{\"records\":[{\"key\":\"k-2\",\"record\":{\"taxCode\":\"2\"}}]}")));
            }
            assertThat(letters.queryForList("SELECT transaction_id, error_category FROM ndxp_dead_letter")).singleElement()
                    .satisfies(l -> {
                        assertThat(l.get("transaction_id")).isEqualTo("k-1");
                        assertThat(l.get("error_category")).isEqualTo(NdxpException.CLIENT_BAD_REQUEST);
                    });
        }
    }

    @Test
    void aRecordSentWholeGoesAsItCameAndOneThatIsNotOneJsonValueGoesToDeadLettersAlone() throws Exception {
        // its bytes as they came: escapes, decimals and spacing untouched
        String fine = "{\"taxCode\": \"2\", \"name\": \"C\u00f4ng ty \\u0041\", \"capital\": 12000000.00}";
        try (RuntimeDatabases databases = RuntimeDatabases.start()) {
            JdbcTemplate letters = new JdbcTemplate(databases.fresh("letters"));
            try (Steps withLetters = new Steps(letters.getDataSource())) {
                withLetters.platformStandIn();
                withLetters.start("ndxp-platform:business-registry?service=" + SERVICE + "&method=POST&path=/enterprises&batch=true",
                        NdxpPlatformEndpoint.class);
                List<Exchange> items = List.of(item(withLetters, "k-1", "{\"taxCode\": \"1\""),
                        item(withLetters, "k-2", fine),
                        item(withLetters, "k-3", "{\"taxCode\": \"3\"} {\"taxCode\": \"4\"}"),
                        item(withLetters, "k-4", "{\"taxCode\": \"5\", \"taxCode\": \"6\"}"),
                        item(withLetters, "k-5", " "));
                Exchange batch = withLetters.template().send("direct:in", x -> {
                    x.setProperty(Exchanges.TRANSACTION_ID, "t-1");
                    x.getMessage().setBody(items);
                });
                assertThat(batch.getException()).isNull();
                assertThat(withLetters.received).singleElement().satisfies(r ->
                        assertThat(r.get("body")).isEqualTo("{\"records\":[{\"key\":\"k-2\",\"record\":" + fine + "}]}"));
            }
            assertThat(letters.queryForList("SELECT transaction_id, error_category, reason FROM ndxp_dead_letter ORDER BY transaction_id"))
                    .satisfiesExactly(
                            l -> assertThat(l).containsEntry("transaction_id", "k-1").containsEntry("error_category", NdxpException.CLIENT_BAD_REQUEST),
                            l -> {
                                assertThat(l).containsEntry("transaction_id", "k-3").containsEntry("error_category", NdxpException.CLIENT_BAD_REQUEST);
                                assertThat((String) l.get("reason")).contains("more than one value");
                            },
                            l -> {
                                assertThat(l).containsEntry("transaction_id", "k-4").containsEntry("error_category", NdxpException.CLIENT_BAD_REQUEST);
                                assertThat((String) l.get("reason")).contains("Duplicate field 'taxCode'");
                            },
                            l -> assertThat(l).containsEntry("transaction_id", "k-5").containsEntry("error_category", NdxpException.CLIENT_BAD_REQUEST));
        }
    }

    @Test
    void aBatchCannotTakeItsPathOrPurposeFromARecord() throws Exception {
        steps.assertRefused("ndxp-platform:business-registry?service=" + SERVICE + "&method=POST&path=/enterprises/{taxCode}&batch=true",
                "batch=true sends one call for many records: its path and purpose cannot take {field} of a record");
        try (Steps purpose = new Steps()) {
            purpose.assertRefused("ndxp-platform:one-stop-office?service=" + SERVICE + "&method=POST&path=/x&batch=true&purpose={procedure}",
                    "its path and purpose cannot take {field} of a record (path=/x, purpose={procedure})");
        }
    }

    @Test
    void fieldsAreFieldPathsListedOnceAndNotForGet() throws Exception {
        steps.assertRefused("ndxp-platform:business-registry?service=" + SERVICE + "&method=POST&fields=taxCode,name;drop",
                "fields: 'name;drop' is not a field path");
        steps.close();
        Steps again = new Steps();
        try {
            again.assertRefused("ndxp-platform:business-registry?service=" + SERVICE + "&method=POST&fields=taxCode,taxCode",
                    "fields: taxCode is listed twice");
        } finally {
            again.close();
        }
        Steps get = new Steps();
        try {
            get.assertRefused("ndxp-platform:business-registry?service=" + SERVICE + "&fields=taxCode",
                    "fields narrows the records sent; GET sends none");
        } finally {
            get.close();
        }
    }

    @Test
    void batchNeedsPost() throws Exception {
        steps.assertRefused("ndxp-platform:business-registry?service=" + SERVICE + "&path=/enterprises&batch=true",
                "batch=true sends the records with POST (method=GET)");
    }

    @Test
    void theRecordsOfABatchAreExchangesOrMessagesInTheirOrder() throws Exception {
        var context = new DefaultCamelContext();
        var first = new DefaultExchange(context);
        var second = new DefaultExchange(context);
        var batch = new DefaultExchange(context);
        batch.getMessage().setBody(List.of(first, second.getMessage()));
        assertThat(NdxpPlatformBatchProducer.items(batch)).containsExactly(first, second);
        batch.getMessage().setBody("{\"taxCode\": \"0101234567\"}");
        assertThatThrownBy(() -> NdxpPlatformBatchProducer.items(batch)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a list of records as the body, not java.lang.String");
        batch.getMessage().setBody(List.of(first, "{}"));
        assertThatThrownBy(() -> NdxpPlatformBatchProducer.items(batch)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a record of the batch is java.lang.String, not an exchange or a message");
    }

    @Test
    void serviceIsRequired() throws Exception {
        steps.assertRefused("ndxp-platform:one-stop-office?path=/x", "the 'service' option (the NDXP service id) is required");
    }

    @Test
    void unknownMethod() throws Exception {
        steps.assertRefused("ndxp-platform:one-stop-office?service=" + SERVICE + "&method=FETCH",
                "method=FETCH (GET, POST, PUT, PATCH, DELETE)");
    }

    @Test
    void unknownOption() throws Exception {
        steps.assertRefused("ndxp-platform:one-stop-office?service=" + SERVICE + "&methd=POST",
                "There are 1 parameters that couldn't be set on the endpoint", "methd=POST");
    }

    @Test
    void anAdapterWithoutPlatformCredentials() throws Exception {
        steps.assertRefused("ndxp-platform:civil-status?service=" + SERVICE, "adapter civil-status declares no platformClient credentials");
    }

    @Test
    void unknownAdapter() throws Exception {
        steps.assertRefused("ndxp-platform:land-registry?service=" + SERVICE, "no adapter 'land-registry'");
    }

    private static Exchange item(Steps steps, String key, String body) {
        Exchange e = steps.context.getEndpoint("direct:kafka").createExchange();
        e.getExchangeExtension().setFromRouteId("business-registry-delivery");
        e.getMessage().setHeader(NdxpHeaders.TRANSACTION_ID, key);
        e.getMessage().setBody(body);
        return e;
    }

    private Exchange send(Object body) {
        return steps.template().send("direct:in", x -> {
            x.setProperty(Exchanges.TRANSACTION_ID, "t-1");
            x.getMessage().setBody(body);
        });
    }
}
