package vn.gov.ndxp.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingLoadTest {

    private static final Path WSDL = Path.of("adapters/civil-status/civil-status.wsdl").toAbsolutePath();

    @TempDir
    Path tmp;

    private Path write(String yaml) throws Exception {
        return Files.writeString(tmp.resolve("bad.mapping.yaml"), yaml);
    }

    /** A valid civil-status mapping plus extra lines. */
    private Path civil(String element, String extra) throws Exception {
        return write("schema: " + WSDL + "\nelement: \"{" + Fixtures.CS + "}" + element + "\"\n" + extra);
    }

    @Test
    void loadsNameAndElement() {
        Mapping m = Fixtures.mapping("birth-record");
        assertThat(m.name()).isEqualTo("birth-record");
        assertThat(m.element()).isEqualTo(new QName(Fixtures.CS, "GetBirthRecordResponse"));
    }

    @Test
    void schemaIsParsedOncePerFile() {
        assertThat(SchemaLoader.load(WSDL)).isSameAs(SchemaLoader.load(Path.of("adapters/../adapters/civil-status/civil-status.wsdl")));
    }

    @Test
    void unknownKeyIsNamed() throws Exception {
        Path f = civil("GetBirthRecordResponse", "selct: BirthRecord\n");
        assertThatThrownBy(() -> Mapping.load(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(f + ": selct: unknown key");
    }

    @Test
    void missingSchemaOrElement() throws Exception {
        Path noSchema = write("element: \"{" + Fixtures.CS + "}GetBirthRecord\"\n");
        assertThatThrownBy(() -> Mapping.load(noSchema)).hasMessage(noSchema + ": schema: missing");
        Path noElement = write("schema: " + WSDL + "\n");
        assertThatThrownBy(() -> Mapping.load(noElement)).hasMessage(noElement + ": element: missing");
    }

    @Test
    void schemaFileMustExist() throws Exception {
        Path f = write("schema: nowhere.wsdl\nelement: \"{urn:x}A\"\n");
        assertThatThrownBy(() -> Mapping.load(f)).hasMessageStartingWith(f + ": schema: file not found");
    }

    @Test
    void elementMustBeDeclaredAndInClarkNotation() throws Exception {
        Path undeclared = civil("NoSuchElement", "");
        assertThatThrownBy(() -> Mapping.load(undeclared))
                .hasMessageStartingWith(undeclared + ": element: {" + Fixtures.CS + "}NoSuchElement is not declared");
        Path prefixed = write("schema: " + WSDL + "\nelement: tns:GetBirthRecord\n");
        assertThatThrownBy(() -> Mapping.load(prefixed)).hasMessageStartingWith(prefixed + ": element: expected {namespace}");
    }

    @Test
    void selectMustNameAChildAndLoseNothingRequired() throws Exception {
        Path notChild = civil("GetBirthRecordResponse", "select: Parent\n");
        assertThatThrownBy(() -> Mapping.load(notChild))
                .hasMessageStartingWith(notChild + ": select: Parent is not a child element");
        // SearchBirthRecordsResponse also has the required attribute total, which select would drop.
        Path lossy = civil("SearchBirthRecordsResponse", "select: BirthRecord\n");
        assertThatThrownBy(() -> Mapping.load(lossy)).hasMessageContaining(": select: ").hasMessageContaining("total");
    }

    @Test
    void twoXmlNamesOnOneJsonNameIsAnError() throws Exception {
        // Parent has Relation and FullName: renaming FullName to "relation" collides inside Parent.
        Path f = civil("GetBirthRecordResponse", "rename:\n  FullName: relation\n");
        assertThatThrownBy(() -> Mapping.load(f))
                .hasMessageStartingWith(f + ": rename: ")
                .hasMessageContaining("'relation'");
    }

    @Test
    void renameOfAnUnknownNameIsAnError() throws Exception {
        Path f = civil("GetBirthRecordResponse", "rename:\n  Parnt: parents\n");
        assertThatThrownBy(() -> Mapping.load(f)).hasMessageStartingWith(f + ": rename: Parnt");
    }

    @Test
    void badValues() throws Exception {
        Path naming = civil("GetBirthRecordResponse", "naming: snake_case\n");
        assertThatThrownBy(() -> Mapping.load(naming)).hasMessageStartingWith(naming + ": naming: ");
        Path rename = civil("GetBirthRecordResponse", "rename: [a, b]\n");
        assertThatThrownBy(() -> Mapping.load(rename)).hasMessageStartingWith(rename + ": rename: ");
        Path dup = civil("GetBirthRecordResponse", "select: BirthRecord\nselect: BirthRecord\n");
        assertThatThrownBy(() -> Mapping.load(dup)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("select");
    }

    @Test
    void textFieldMustNotCollideWithAnAttribute() throws Exception {
        Path f = write("schema: " + Fixtures.DIR.resolve("features.xsd").toAbsolutePath()
                + "\nelement: \"{urn:test:features}Invoice\"\ntextField: currency\n");
        assertThatThrownBy(() -> Mapping.load(f)).hasMessageStartingWith(f + ": textField: ");
    }

    @Test
    void namingAsIsKeepsXmlNames() {
        Mapping m = Fixtures.mapping("search-birth-records-response");
        assertThat(new XmlJsonMapper().jsonSchema(m).get("properties").fieldNames())
                .toIterable().containsExactly("BirthRecord", "total");
    }
}
