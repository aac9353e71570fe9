package vn.gov.ndxp.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SecureXmlTest {

    @TempDir
    Path tmp;

    private XxeTrap trap;

    @BeforeEach
    void setUp() throws IOException {
        trap = new XxeTrap(tmp);
    }

    @AfterEach
    void tearDown() {
        trap.close();
    }


    private void assertRejectedWithoutLeak(String xml) {
        MappingException e = catchThrowableOfType(MappingException.class, () -> SecureXml.parse(xml));
        assertThat(e).isNotNull();
        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).isEqualTo("XML with a DOCTYPE is not accepted");
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(trap.marker());
        assertThat(trap.hits()).hasValue(0);
    }

    @Test
    void internalDoctypeIsRejected() {
        assertRejectedWithoutLeak("<!DOCTYPE r [<!ENTITY x \"expanded\">]><r>&x;</r>");
    }

    @Test
    void externalFileEntityIsRejectedAndNotRead() {
        assertRejectedWithoutLeak("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY s SYSTEM \"" + trap.secret().toUri()
                + "\">]><r>&s;</r>");
    }

    @Test
    void externalDtdAndParameterEntitiesAreNotFetched() {
        assertRejectedWithoutLeak("<!DOCTYPE r SYSTEM \"" + trap.url() + "\"><r>&s;</r>");
        assertRejectedWithoutLeak("<!DOCTYPE r [<!ENTITY % p SYSTEM \"" + trap.url() + "\"> %p;]><r>&s;</r>");
    }

    @Test
    void doctypeIsRejectedFromStreamsToo() {
        byte[] xml = ("<!DOCTYPE r [<!ENTITY s SYSTEM \"" + trap.secret().toUri() + "\">]><r>&s;</r>")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SecureXml.parse(new ByteArrayInputStream(xml)))
                .isInstanceOf(MappingException.class)
                .hasMessage("XML with a DOCTYPE is not accepted");
    }

    @Test
    void xincludeIsNotProcessed() {
        Document doc = SecureXml.parse("<r xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\""
                + trap.secret().toUri() + "\" parse=\"text\"/></r>");
        assertThat(SecureXml.toString(doc)).doesNotContain(trap.marker()).contains("xi:include");
    }

    @Test
    void parsesNamespaceAwareUtf8FromStream() {
        byte[] xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><cs:A xmlns:cs=\"urn:x\"><cs:B>Nguyễn Thị Hồng Nhung</cs:B></cs:A>"
                .getBytes(StandardCharsets.UTF_8);
        Element root = SecureXml.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo("urn:x");
        assertThat(root.getLocalName()).isEqualTo("A");
        assertThat(root.getTextContent()).isEqualTo("Nguyễn Thị Hồng Nhung");
    }

    @Test
    void malformedXmlIsAMappingException() {
        assertThatThrownBy(() -> SecureXml.parse("<a><b></a>"))
                .isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(((MappingException) e).field()).isNull());
    }

    @Test
    void toStringHasNoDeclarationAndNoIndentation() {
        Document doc = SecureXml.newDocument();
        Element a = doc.createElementNS("urn:x", "x:A");
        Element b = doc.createElementNS("urn:x", "x:B");
        b.setTextContent("Phường Bến Nghé");
        a.appendChild(b);
        doc.appendChild(a);
        assertThat(SecureXml.toString(doc))
                .isEqualTo("<x:A xmlns:x=\"urn:x\"><x:B>Phường Bến Nghé</x:B></x:A>");
        assertThat(SecureXml.toString(b)).isEqualTo("<x:B xmlns:x=\"urn:x\">Phường Bến Nghé</x:B>");
    }
}
