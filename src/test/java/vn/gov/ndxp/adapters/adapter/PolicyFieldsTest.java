package vn.gov.ndxp.adapters.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;

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
        Path source = Path.of("adapters/civil-status");
        Path target = dir.resolve("civil-status");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path to = target.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path yaml = target.resolve("adapter.yaml");
        String text = Files.readString(yaml);
        assertThat(text).contains(FIELDS);
        if (fields != null) {
            Files.writeString(yaml, text.replace(FIELDS, fields));
        }
        StandardEnvironment env = new StandardEnvironment();
        // what the sandbox profile would give the shipped descriptor's placeholders
        env.getPropertySources().addFirst(new MapPropertySource("sandbox", Map.of("ndxp.sandbox.legacy-soap.port", "9")));
        AdaptersProperties props = Binder.get(env).bindOrCreate("ndxp.adapters", AdaptersProperties.class);
        props.setDir(dir.toString());
        return new AdapterRegistry(props, new BackendDefaultsProperties(), env).read(target);
    }
}
