package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.handler.MessageContext;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.SchemaFactory;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;
import vn.gov.ndxp.adapters.mapping.SecureXml;

/** one-stop-office: a legacy JAX-WS client keeps its WSDL; the facade answers from the NDXP population service. */
class OneStopOfficeFacadeIT extends SandboxTestSupport {

    private static final String NS = "http://motcua.gov.vn/ws/citizen/v1";
    private static final QName SERVICE = new QName(NS, "CitizenLookupService");
    private static final QName PORT = new QName(NS, "CitizenLookupPort");

    /** The facade's client key and adapter at the platform. */
    private static final String KEY = "sandbox-client";
    private static final String ADAPTER = "one-stop-office";

    @Autowired
    NdxpProperties ndxp;

    @Test
    void wsdlIsPublishedUnchanged() throws Exception {
        HttpResponse<String> wsdl = send(HttpRequest.newBuilder(URI.create(base() + "/soap/one-stop-office?wsdl")).GET().build());
        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body()).contains("LookupCitizen").contains("CitizenLookupService").contains(NS);
    }

    /** The WSDL declares the NDXP fault; the detail of a real fault is valid against its schema. */
    @Test
    void wsdlDeclaresTheFaultDetailThatFaultsCarry() throws Exception {
        Document wsdl = SecureXml.parse(send(HttpRequest.newBuilder(URI.create(base() + "/soap/one-stop-office?wsdl")).GET().build()).body());
        String wsdlNs = "http://schemas.xmlsoap.org/wsdl/";
        Element operation = (Element) wsdl.getElementsByTagNameNS(wsdlNs, "portType").item(0);
        Element fault = (Element) operation.getElementsByTagNameNS(wsdlNs, "fault").item(0);
        assertThat(fault).as("portType operation declares a fault").isNotNull();
        assertThat(fault.getAttribute("message")).endsWith("NdxpFault");
        Element schema = null;
        NodeList schemas = wsdl.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "schema");
        for (int i = 0; i < schemas.getLength(); i++) {
            if ("urn:ndxp:error".equals(((Element) schemas.item(i)).getAttribute("targetNamespace"))) {
                schema = (Element) schemas.item(i);
            }
        }
        assertThat(schema).as("schema of urn:ndxp:error in the WSDL").isNotNull();
        var validator = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(new StringReader(SecureXml.toString(schema)))).newValidator();

        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(base() + "/soap/one-stop-office"))
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"" + NS + "/LookupCitizen\"")
                .POST(HttpRequest.BodyPublishers.ofString("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                        + "<c:LookupCitizen xmlns:c=\"" + NS + "\"><c:CitizenID>000000000000</c:CitizenID></c:LookupCitizen></soap:Body></soap:Envelope>"))
                .build());
        assertThat(res.statusCode()).isEqualTo(500);
        Element detail = (Element) SecureXml.parse(res.body()).getElementsByTagName("detail").item(0);
        assertThat(detail).as(res.body()).isNotNull();
        List<Element> children = new java.util.ArrayList<>();
        for (int i = 0; i < detail.getChildNodes().getLength(); i++) {
            if (detail.getChildNodes().item(i) instanceof Element e) {
                children.add(e);
            }
        }
        assertThat(children).as("one detail element, the declared fault part").hasSize(1);
        assertThat(children.get(0).getNamespaceURI()).isEqualTo("urn:ndxp:error");
        validator.validate(new DOMSource(children.get(0)));
        assertThat(children.get(0).getTextContent()).contains("backend.not-found")
                .contains(res.headers().firstValue("X-NDXP-Transaction-Id").orElseThrow());
    }

    /**
     * soap:address is the address the caller used: the trusted proxy's X-Forwarded-Host and -Proto
     * change it (the tests trust one proxy address, SandboxTestSupport), anybody else's do not.
     */
    @Test
    void soapAddressFollowsTheForwardedHostOnlyFromATrustedProxy() throws Exception {
        String direct = "http://127.0.0.1:" + port + "/soap/one-stop-office";
        List<String> forwarded = List.of("X-Forwarded-For: 127.0.0.1", "X-Forwarded-Host: gateway.example.vn", "X-Forwarded-Proto: https");
        assertThat(soapAddress(null, List.of())).isEqualTo(direct);
        assertThat(soapAddress(null, forwarded)).as("from an untrusted peer, forged headers change nothing").isEqualTo(direct);
        assertThat(soapAddress(TRUSTED_PROXY, forwarded)).isEqualTo("https://gateway.example.vn/soap/one-stop-office");
        assertThat(soapAddress(null, List.of())).as("nothing of the forwarded answer is kept").isEqualTo(direct);
    }

    private String soapAddress(String from, List<String> headers) throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(port, from, "GET", "/soap/one-stop-office?wsdl", headers, RawHttp.Body.none());
        assertThat(answer.status()).isEqualTo(200);
        Document wsdl = SecureXml.parse(answer.text());
        return ((Element) wsdl.getElementsByTagNameNS("http://schemas.xmlsoap.org/wsdl/soap/", "address").item(0)).getAttribute("location");
    }

    @Test
    void lookupCitizenIsAnsweredByThePopulationServiceThroughThePlatform() throws Exception {
        Dispatch<Source> dispatch = dispatch();
        Element citizen = citizen(dispatch.invoke(request("079199000002")));
        assertThat(text(citizen, "CitizenID")).isEqualTo("079199000002");
        assertThat(text(citizen, "FullName")).isEqualTo("Nguyễn Thị Hồng Nhung");
        assertThat(text(citizen, "DateOfBirth")).isEqualTo("1999-09-02");
        assertThat(text(citizen, "PermanentAddress")).isEqualTo("Số 5 đường Lê Duẩn, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh");
        assertThat(text(citizen, "Alive")).isEqualTo("true");
        NodeList members = citizen.getElementsByTagNameNS(NS, "HouseholdMember");
        assertThat(members.getLength()).isEqualTo(2);
        assertThat(text((Element) members.item(0), "FullName")).isEqualTo("Nguyễn Văn Đức");
        // element order follows the WSDL, not the JSON: Ethnicity before PermanentAddress
        assertThat(SecureXml.toString(citizen)).containsSubsequence("FullName", "DateOfBirth", "Gender", "Ethnicity", "PermanentAddress", "Alive", "HouseholdMember");
        // the platform's extra field is not forced into the legacy contract
        assertThat(SecureXml.toString(citizen)).doesNotContain("updatedAt");

        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = (Map<String, List<String>>) dispatch.getResponseContext().get(MessageContext.HTTP_RESPONSE_HEADERS);
        String txId = headers.entrySet().stream().filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase("X-NDXP-Transaction-Id"))
                .map(e -> e.getValue().get(0)).findFirst().orElseThrow();
        var received = json.readTree(send(HttpRequest.newBuilder(URI.create(base() + "/sandbox/ndxp/received?adapter=one-stop-office")).GET().build()).body());
        long matching = 0;
        for (var r : received) {
            if (txId.equals(r.path("transactionId").asText())) {
                matching++;
                assertThat(r.get("client").asText()).isEqualTo(CLIENT);
                assertThat(r.get("service").asText()).isEqualTo("VN:GOV:000.00.00.G12:population/citizens");
                assertThat(r.get("path").asText()).isEqualTo("/079199000002");
                assertThat(r.path("purpose").asText()).as("the purpose of use from settings.purpose").isEqualTo("2.001");
            }
        }
        assertThat(matching).as("the platform saw the call exactly once").isEqualTo(1);
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "SELECT purpose FROM ndxp_transaction WHERE transaction_id = ?", String.class, txId), l -> !l.isEmpty()))
                .as("the transaction record carries the purpose").containsExactly("2.001");
    }

    @Test
    void unknownCitizenIsASoapFaultWithTheCategory() {
        assertThatThrownBy(() -> dispatch().invoke(request("000000000000")))
                .isInstanceOfSatisfying(SOAPFaultException.class, f -> {
                    assertThat(f.getFault().getFaultCodeAsQName()).isEqualTo(new QName("urn:ndxp:error", "backend.not-found"));
                    assertThat(f.getFault().getDetail().getTextContent()).containsPattern("[0-9a-f]{8}-[0-9a-f]{4}-");
                });
    }

    @Autowired
    CamelContext camel;

    @Test
    void aStoppedFacadeAnswersASoapFaultNotA404() throws Exception {
        // the client reads the WSDL first, as a legacy client has it long before: a stopped facade does not serve it
        Dispatch<Source> client = dispatch();
        camel.getRouteController().stopRoute("one-stop-office-lookup-citizen");
        try {
            assertThatThrownBy(() -> client.invoke(request("001203000001")))
                    .isInstanceOfSatisfying(SOAPFaultException.class, f -> {
                        assertThat(f.getFault().getFaultCodeAsQName()).isEqualTo(new QName("urn:ndxp:error", "adapter.stopped"));
                        assertThat(f.getFault().getFaultString()).contains("stopped by the operators");
                        assertThat(f.getFault().getDetail().getTextContent()).containsPattern("[0-9a-f]{8}-[0-9a-f]{4}-");
                    });
        } finally {
            camel.getRouteController().startRoute("one-stop-office-lookup-citizen");
        }
        assertThat(text(citizen(dispatch().invoke(request("001203000001"))), "CitizenID")).isEqualTo("001203000001");
    }

    @Test
    void platformTokenEndpointDownIsPlatformUnavailable() {
        freshToken();
        // the next call reaches the platform, which refuses the cached token (401); then the platform is
        // down, so the token endpoint cannot be reached for a new one
        platform.revokeIssued(KEY);
        platform.downAfter(ADAPTER, 1);
        long refused = platform.refused(ADAPTER);
        long tokensRefused = platform.tokensRefused(KEY);
        assertThatThrownBy(() -> dispatch().invoke(request("001203000001")))
                .isInstanceOfSatisfying(SOAPFaultException.class, f ->
                        assertThat(f.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("platform.unavailable"));
        assertThat(platform.tokensRefused(KEY)).as("the cached token was refused").isGreaterThan(tokensRefused);
        assertThat(platform.refused(ADAPTER)).as("then the token endpoint was down").isGreaterThan(refused);
        platform.up(ADAPTER);
        assertThat(text(citizen(dispatch().invoke(request("001203000001"))), "FullName")).isEqualTo("Trần Minh Khôi");
    }

    @Test
    void tokenIsCachedAndRenewedOnceWhenThePlatformRejectsIt() throws Exception {
        freshToken();
        long issued = platform.issued(KEY);
        dispatch().invoke(request("001203000001"));
        assertThat(platform.issued(KEY)).as("cached token reused").isEqualTo(issued);

        platform.revokeIssued(KEY); // the cached token is now refused with 401
        assertThat(text(citizen(dispatch().invoke(request("001203000001"))), "FullName")).isEqualTo("Trần Minh Khôi");
        assertThat(platform.issued(KEY)).as("exactly one renewal").isEqualTo(issued + 1);
    }

    @Test
    void tokenIsRenewedBeforeItExpires() throws Exception {
        // tokens that are due for renewal one second after they are issued, long before they expire
        platform.tokenTtl(KEY, ndxp.getPlatform().getTokenRenewBefore().plusSeconds(1));
        platform.revokeIssued(KEY); // whatever token is cached is replaced by one of those
        Dispatch<Source> client = dispatch();
        client.invoke(request("001203000001"));
        long issued = platform.issued(KEY);
        long refused = platform.tokensRefused(KEY);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> text(citizen(client.invoke(request("001203000001"))), "CitizenID") != null
                        && platform.issued(KEY) > issued);
        assertThat(platform.issued(KEY)).as("one renewal").isEqualTo(issued + 1);
        assertThat(platform.tokensRefused(KEY)).as("renewed before the platform refused it").isEqualTo(refused);
    }

    @Test
    void doctypeAndExternalEntitiesAreRejectedAndNothingIsFetched(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-MARKER");
        AtomicInteger fetched = new AtomicInteger();
        HttpServer trap = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        trap.createContext("/", ex -> {
            fetched.incrementAndGet();
            ex.sendResponseHeaders(200, 0);
            ex.close();
        });
        trap.start();
        try {
            String[] attacks = {
                "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>",
                "<!DOCTYPE x [<!ENTITY % p SYSTEM \"http://127.0.0.1:" + trap.getAddress().getPort() + "/evil.dtd\"> %p;]>",
                "<!DOCTYPE x SYSTEM \"http://127.0.0.1:" + trap.getAddress().getPort() + "/doc.dtd\">"};
            for (String doctype : attacks) {
                String envelope = "<?xml version=\"1.0\"?>" + doctype
                        + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                        + "<c:LookupCitizen xmlns:c=\"" + NS + "\"><c:CitizenID>&xxe;</c:CitizenID></c:LookupCitizen>"
                        + "</soap:Body></soap:Envelope>";
                HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(base() + "/soap/one-stop-office"))
                        .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"" + NS + "/LookupCitizen\"")
                        .POST(HttpRequest.BodyPublishers.ofString(envelope.replace("&xxe;", doctype.contains("xxe") ? "&xxe;" : "001203000001")))
                        .build());
                assertThat(res.statusCode()).isEqualTo(500);
                assertThat(res.body()).contains("Fault").doesNotContain("TOP-SECRET-MARKER").doesNotContain("Trần Minh Khôi");
            }
            assertThat(fetched.get()).as("no external DTD or entity was fetched").isZero();
        } finally {
            trap.stop(0);
        }
        // the facade keeps serving
        assertThat(text(citizen(dispatch().invoke(request("001203000001"))), "CitizenID")).isEqualTo("001203000001");
    }

    /** The facade holds a token of the configured lifetime, whatever an earlier test left in its cache. */
    private void freshToken() {
        platform.revokeIssued(KEY);
        dispatch().invoke(request("001203000001"));
    }

    private Dispatch<Source> dispatch() {
        try {
            Service service = Service.create(new URL(base() + "/soap/one-stop-office?wsdl"), SERVICE);
            return service.createDispatch(PORT, Source.class, Service.Mode.PAYLOAD);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Source request(String citizenId) {
        return new StreamSource(new StringReader("<c:LookupCitizen xmlns:c=\"" + NS + "\"><c:CitizenID>" + citizenId
                + "</c:CitizenID></c:LookupCitizen>"));
    }

    private static Element citizen(Source response) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            var out = new StringWriter();
            t.transform(response, new StreamResult(out));
            Document doc = SecureXml.parse(out.toString());
            assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("LookupCitizenResponse");
            return (Element) doc.getDocumentElement().getElementsByTagNameNS(NS, "Citizen").item(0);
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Element parent, String name) {
        NodeList l = parent.getElementsByTagNameNS(NS, name);
        return l.getLength() == 0 ? null : l.item(0).getTextContent();
    }
}
