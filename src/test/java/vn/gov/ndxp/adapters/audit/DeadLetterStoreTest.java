package vn.gov.ndxp.adapters.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.adapter.AdaptersProperties;
import vn.gov.ndxp.adapters.adapter.BackendDefaultsProperties;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;
import vn.gov.ndxp.adapters.testing.RuntimeDatabases;

/** Dead letters in the runtime's database: a batch that failed as a whole is set aside record by record. */
class DeadLetterStoreTest {

    private static RuntimeDatabases databases;

    @BeforeAll
    static void startPostgres() throws Exception {
        databases = RuntimeDatabases.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        databases.close();
    }

    @Test
    void aBatchRefusedAsAWholeForADataReasonBecomesOneDeadLetterPerRecordWithItsKey() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(databases.fresh("deadletters"));
        AdaptersProperties adapters = new AdaptersProperties();
        adapters.setDir(Files.createTempDirectory("no-adapters").toString());
        DeadLetterStore store = new DeadLetterStore(jdbc, new AdapterRegistry(adapters, new BackendDefaultsProperties(),
                new StandardEnvironment()), new NdxpProperties(), new ObjectMapper());
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            Exchange first = record(camel, "k-1", "{\"taxCode\":\"1\"}");
            Exchange second = record(camel, "k-2", "{\"taxCode\":\"2\"}");
            Exchange batch = camel.getEndpoint("direct:delivery").createExchange();
            batch.getExchangeExtension().setFromRouteId("x-delivery");
            batch.getMessage().setBody(List.of(first, second.getMessage()));
            batch.setProperty(Exchange.EXCEPTION_CAUGHT, NdxpException.badRequest("taxCode", "refused for the whole batch (test)"));

            batch.setProperty(Exchanges.TRANSACTION_ID, "t-batch");

            store.store(batch);

            assertThat(batch.getProperty(Exchanges.TRANSACTION_ID)).as("the batch is no transaction of its own").isNull();
        }
        List<Map<String, Object>> letters = jdbc.queryForList(
                "SELECT transaction_id, payload, reason, error_category FROM ndxp_dead_letter ORDER BY id");
        assertThat(letters).hasSize(2);
        assertThat(letters).extracting(l -> l.get("transaction_id")).containsExactly("k-1", "k-2");
        assertThat(letters).extracting(l -> new String((byte[]) l.get("payload"), StandardCharsets.UTF_8))
                .containsExactly("{\"taxCode\":\"1\"}", "{\"taxCode\":\"2\"}");
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.get("error_category")).isEqualTo(NdxpException.CLIENT_BAD_REQUEST);
            assertThat((String) l.get("reason")).contains("refused for the whole batch (test)").contains("(field taxCode)");
        });
    }

    private static Exchange record(DefaultCamelContext camel, String key, String body) {
        Exchange e = camel.getEndpoint("direct:delivery").createExchange();
        e.getExchangeExtension().setFromRouteId("x-delivery");
        e.getMessage().setHeader("X-NDXP-Transaction-Id", key);
        e.getMessage().setBody(body);
        return e;
    }
}
