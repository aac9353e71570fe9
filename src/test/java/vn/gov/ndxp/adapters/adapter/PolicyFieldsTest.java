package vn.gov.ndxp.adapters.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;
import vn.gov.ndxp.adapters.testing.ShippedAdapter;

/**
 * Field sets of policies against the answer they narrow: the shipped civil-status adapter (its WSDL and
 * response mapping) in a scratch folder, its limited-demo policy edited.
 */
class PolicyFieldsTest {

    private static final String FIELDS = "fields: [citizenId, fullName,";

    @TempDir
    Path dir;

    @Test
    void theShippedFieldSetNamesFieldsOfTheAnswer() throws IOException {
        AdapterDescriptor d = load(null);
        new AdapterMappings(new XmlJsonMapper()).checkFields(d);
        assertThat(d.services().get(0).policyFor("VN:GOV:000.00.00.H41:limited-demo").fields())
                .contains("citizenId", "parents.fullName").doesNotContain("parents.citizenId");
    }

    @Test
    void aFieldTheAnswerDoesNotHaveStopsStartupNamingTheFileAndTheField() throws IOException {
        for (String bad : new String[] {"citizenID", "parents.taxCode", "fullName.first"}) {
            AdapterDescriptor d = load(FIELDS.replace("fullName,", "fullName, " + bad + ","));
            assertThatThrownBy(() -> new AdapterMappings(new XmlJsonMapper()).checkFields(d)).as(bad)
                    .isInstanceOf(InvalidDescriptorException.class)
                    .hasMessageContaining(dir.resolve("civil-status").resolve("adapter.yaml").toString())
                    .hasMessageContaining("'services[0].policies[0].fields[2]'")
                    .hasMessageContaining("no field " + bad);
        }
    }

    @Test
    void aBadFieldPathIsNamedWhenTheDescriptorIsRead() throws IOException {
        for (String[] bad : new String[][] {{"parents..fullName", "not a field path"}, {"'parents[0]'", "not a field path"},
                {"fullName", "listed twice"}}) {
            assertThatThrownBy(() -> load(FIELDS.replace("fullName,", "fullName, " + bad[0] + ","))).as(bad[0])
                    .isInstanceOf(InvalidDescriptorException.class)
                    .hasMessageContaining("'services[0].policies[0].fields[2]'").hasMessageContaining(bad[1]);
        }
    }

    /** The shipped civil-status folder, copied, with FIELDS replaced by {@code fields} when given. */
    private AdapterDescriptor load(String fields) throws IOException {
        Path target = ShippedAdapter.copy("civil-status", dir);
        Path yaml = target.resolve("adapter.yaml");
        String text = Files.readString(yaml);
        assertThat(text).contains(FIELDS);
        if (fields != null) {
            Files.writeString(yaml, text.replace(FIELDS, fields));
        }
        return ShippedAdapter.registry(dir).read(target);
    }
}
