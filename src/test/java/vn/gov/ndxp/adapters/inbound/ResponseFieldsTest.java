package vn.gov.ndxp.adapters.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.gov.ndxp.adapters.adapter.AdapterMappings;
import vn.gov.ndxp.adapters.exchange.Exchanges;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;
import vn.gov.ndxp.adapters.testing.ShippedAdapter;

/** The reply step of field sets on the shipped adapters: limited-demo's answer narrowed, or none at all. */
class ResponseFieldsTest {

    private static final String LIMITED = "VN:GOV:000.00.00.H41:limited-demo";
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dir;
    private ResponseFields fields;

    @BeforeEach
    void shippedCivilStatus() throws IOException {
        ShippedAdapter.copy("civil-status", dir);
        fields = new ResponseFields(ShippedAdapter.registry(dir), new AdapterMappings(new XmlJsonMapper()), json, new NdxpProperties());
    }

    @Test
    void aClientWithAFieldSetGetsOnlyItsFieldsAndOthersGetTheWholeAnswer() throws Exception {
        String answer = "{\"citizenId\":\"1\",\"fullName\":\"A\",\"parents\":[{\"citizenId\":\"2\",\"fullName\":\"B\"}]}";
        Exchange limited = exchange(LIMITED, answer);
        fields.process(limited);
        assertThat(json.readTree(limited.getMessage().getBody(byte[].class)))
                .isEqualTo(json.readTree("{\"citizenId\":\"1\",\"fullName\":\"A\",\"parents\":[{\"fullName\":\"B\"}]}"));
        Exchange other = exchange("VN:GOV:000.00.00.H41:one-stop-office", answer);
        fields.process(other);
        assertThat(other.getMessage().getBody(String.class)).isEqualTo(answer);
    }

    @Test
    void anAnswerThatCannotBeNarrowedIsNotSentAtAll() throws Exception {
        Exchange limited = exchange(LIMITED, "{\"citizenId\":\"1\",\"parents\":[{\"citizenId\":\"secret-2\"}");
        fields.process(limited);
        String body = limited.getMessage().getBody(String.class);
        assertThat(limited.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(500);
        assertThat(body).contains("adapter.internal").doesNotContain("secret-2");
        assertThat(limited.getProperty(Exchanges.ERROR_CATEGORY)).isEqualTo("adapter.internal");
    }

    private static Exchange exchange(String client, String body) {
        DefaultExchange e = new DefaultExchange(new DefaultCamelContext());
        e.getExchangeExtension().setFromRouteId("civil-status-birth-record");
        e.setProperty(Exchanges.CLIENT, client);
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        e.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        return e;
    }
}
