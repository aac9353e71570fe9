package vn.gov.ndxp.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version a reload records: a hash of the folder's files, by path and content only. */
class AdapterReloaderVersionTest {

    @TempDir
    Path dir;

    @Test
    void theVersionNamesPathsAndContents() throws IOException {
        Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(dir.resolve("adapter.yaml"), "id: demo\n");
        Files.writeString(dir.resolve("mappings/a.mapping.yaml"), "x: y\n");
        String v1 = AdapterReloader.version(dir);
        assertThat(v1).matches("reload:[0-9a-f]{40}");
        Files.writeString(dir.resolve("adapter.yaml"), "id: demo\n");
        assertThat(AdapterReloader.version(dir)).as("the same files again").isEqualTo(v1);
        Files.writeString(dir.resolve("mappings/a.mapping.yaml"), "x: z\n");
        String v2 = AdapterReloader.version(dir);
        assertThat(v2).isNotEqualTo(v1);
        Files.move(dir.resolve("mappings/a.mapping.yaml"), dir.resolve("mappings/b.mapping.yaml"));
        assertThat(AdapterReloader.version(dir)).as("a renamed file").isNotEqualTo(v2);
    }
}
