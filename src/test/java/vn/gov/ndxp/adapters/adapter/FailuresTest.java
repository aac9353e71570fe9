package vn.gov.ndxp.adapters.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.interceptor.Fault;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.mapping.SecureXml;

/** How backend failures are typed: faultStatus rules apply only to faults the legacy system sent. */
class FailuresTest {

    private static final String NS = "urn:legacy";

    private final AdapterDescriptor adapter = adapter(List.of(
            new FaultRule(null, null, "Code", FaultRule.pattern("NOT_FOUND|NO_RECORD"), false, 404, "backend.not-found"),
            new FaultRule(FaultRule.pattern("Client"), FaultRule.pattern("(?i).*invalid.*"), null, null, false, 400, "backend.fault"),
            FaultRule.simple("LOCKED", 423)));

    @Test
    void aReceivedFaultIsMatchedByCodeStringOrDetailElement() {
        NdxpException notFound = classify(received("Server", "Không tìm thấy", "NO_RECORD"));
        assertThat(notFound.category()).isEqualTo("backend.not-found");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.detail()).isEqualTo("Không tìm thấy");
        assertThat(classify(received("Client", "Invalid citizen id", "BAD")).status()).isEqualTo(400);
        assertThat(classify(received("Client", "Something else", "BAD")).status()).as("every given condition must match").isEqualTo(502);
        assertThat(classify(received("Server", "x", "LOCKED")).status()).as("simple form, detail text").isEqualTo(423);
        assertThat(classify(received("LOCKED", "x", "OTHER")).status()).as("simple form, code").isEqualTo(423);
        assertThat(classify(received("Server", "x", "NOT_FOUND_YET")).status()).as("a pattern matches the whole text").isEqualTo(502);
    }

    @Test
    void aTextLongerThan4096CharactersMatchesNoPattern() {
        String invalid = "Invalid citizen id ";
        assertThat(classify(received("Client", invalid + "x".repeat(4096 - invalid.length()), "BAD")).status()).isEqualTo(400);
        assertThat(classify(received("Client", invalid + "x".repeat(4097 - invalid.length()), "BAD")).status()).isEqualTo(502);
        assertThat(classify(received("Server", "x", "NO_RECORD" + " ".repeat(5000) + "NO_RECORD")).status()).isEqualTo(502);
    }

    @Test
    void cxfsOwnFaultsAreNeverTheLegacySystemsClientFault() {
        // what CXF raises when it cannot read a reply: a soap:Client fault of its own making
        SoapFault own = new SoapFault("Error reading XMLStreamReader: Invalid client request", Soap11.getInstance().getSender());
        NdxpException e = classify(own);
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.category()).isEqualTo("backend.fault");
        assertThat(classify(new BackendAnswers.Unreadable(own)).category()).isEqualTo("backend.invalid-response");
        assertThat(classify(new Fault(new BackendAnswers.Unreadable(new Exception("Unexpected EOF")))).status()).isEqualTo(502);
    }

    private NdxpException classify(Throwable t) {
        return Failures.classify(t, adapter, 30);
    }

    private static SoapFault received(String code, String text, String detailCode) {
        Document doc = SecureXml.newDocument();
        Element detail = doc.createElementNS(null, "detail");
        Element fault = doc.createElementNS(NS, "l:LegacyFault");
        Element c = doc.createElementNS(NS, "l:Code");
        c.setTextContent(detailCode);
        fault.appendChild(c);
        detail.appendChild(fault);
        SoapFault sent = new SoapFault(text, new QName("http://schemas.xmlsoap.org/soap/envelope/", code));
        sent.setDetail(detail);
        return new BackendAnswers.ReceivedFault(sent);
    }

    private static AdapterDescriptor adapter(List<FaultRule> rules) {
        AdapterDescriptor.Backend b = new AdapterDescriptor.Backend("legacy", "http://127.0.0.1:9", Duration.ofSeconds(1),
                Duration.ofSeconds(1), 50, 5, Duration.ofSeconds(10), rules, null, null, null);
        return new AdapterDescriptor("land", "Land", "rest-to-soap", "000.00.00.G18", "VN:GOV:000.00.00.G18:land", null, true,
                null, Map.of("legacy", b), null, null, List.of(), Map.of(), null, Map.of());
    }
}
