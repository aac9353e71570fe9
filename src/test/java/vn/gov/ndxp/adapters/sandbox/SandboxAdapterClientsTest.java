package vn.gov.ndxp.adapters.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Sandbox clients declared in adapter folders (adapters/<id>/sandbox/clients.yaml), by name. */
class SandboxAdapterClientsTest {

    @Test
    void theShippedAdaptersDeclareTheirClientsInTheirFolders() {
        assertThat(SandboxAdapterClients.read(Path.of("adapters"))).containsAllEntriesOf(Map.of(
                "ndxp.sandbox.clients.business-registry.key", "sandbox-business-registry",
                "ndxp.sandbox.clients.business-registry.subsystem", "VN:GOV:000.00.00.G08:business-registry",
                "ndxp.sandbox.clients.social-insurance.key", "sandbox-social-insurance",
                "ndxp.sandbox.clients.social-insurance.subsystem", "VN:GOV:000.00.00.G16:social-insurance"));
    }

    @Test
    void aNewAdapterFolderAddsItsClientInTheSandboxOnly(@TempDir Path dir) throws IOException {
        clients(dir, "land-registry", "land-registry: { key: k1, secret: s1, subsystem: 'VN:GOV:000.00.00.G30:land-registry' }\n");
        StandardEnvironment sandbox = environment(dir, "sandbox");
        new SandboxAdapterClients().postProcessEnvironment(sandbox, new SpringApplication());
        assertThat(sandbox.getProperty("ndxp.sandbox.clients.land-registry.key")).isEqualTo("k1");
        assertThat(sandbox.getProperty("ndxp.sandbox.clients.land-registry.subsystem")).isEqualTo("VN:GOV:000.00.00.G30:land-registry");
        for (String[] profiles : new String[][] {{"prod"}, {}, {"prod", "sandbox"}}) {
            StandardEnvironment other = environment(dir, profiles);
            new SandboxAdapterClients().postProcessEnvironment(other, new SpringApplication());
            assertThat(other.getProperty("ndxp.sandbox.clients.land-registry.key")).as(String.join(",", profiles)).isNull();
        }
    }

    @Test
    void badDeclarationsNameTheFileAndTheField(@TempDir Path dir) throws IOException {
        Path a = clients(dir, "a", "shared: { key: k, secret: s, subsystem: 'VN:GOV:1:a' }\n");
        Path b = clients(dir, "b", "shared: { key: k2, secret: s2, subsystem: 'VN:GOV:1:b' }\n");
        assertThatThrownBy(() -> SandboxAdapterClients.read(dir)).hasMessage(b + ": shared: already declared in " + a);
        Files.delete(b);
        clients(dir, "b", "other: { key: k2, subsystem: 'VN:GOV:1:b' }\n");
        assertThatThrownBy(() -> SandboxAdapterClients.read(dir)).hasMessage(b + ": other.secret: required");
        clients(dir, "b", "other: { key: k2, secret: s, subsystem: 'VN:GOV:1:b', roles: [admin] }\n");
        assertThatThrownBy(() -> SandboxAdapterClients.read(dir)).hasMessageStartingWith(b + ": other.roles: unknown field");
        clients(dir, "b", "Other_Client: { key: k2, secret: s, subsystem: 'VN:GOV:1:b' }\n");
        assertThatThrownBy(() -> SandboxAdapterClients.read(dir)).hasMessageStartingWith(b + ": Other_Client: a client name is lower-case");
        clients(dir, "b", "- key: k\n");
        assertThatThrownBy(() -> SandboxAdapterClients.read(dir)).hasMessageStartingWith(b + ": (file): must map client names");
    }

    private static Path clients(Path dir, String adapter, String yaml) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(adapter).resolve("sandbox"));
        return Files.writeString(folder.resolve("clients.yaml"), yaml);
    }

    private static StandardEnvironment environment(Path adaptersDir, String... profiles) {
        StandardEnvironment env = new StandardEnvironment();
        env.setActiveProfiles(profiles);
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of("ndxp.adapters.dir", adaptersDir.toString())));
        return env;
    }
}
