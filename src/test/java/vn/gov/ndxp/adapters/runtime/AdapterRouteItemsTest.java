package vn.gov.ndxp.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An adapter's route file holds routes only: no beans or context-wide configuration. */
class AdapterRouteItemsTest {

    @TempDir
    Path dir;

    @Test
    void everyShippedAdapterRouteFilePasses() throws IOException {
        try (Stream<Path> folders = Files.list(Path.of("adapters"))) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                for (Path f : AdapterRoutesLoader.files(folder, ".camel.yaml")) {
                    assertThatCode(() -> AdapterRoutesLoader.checkItems(f)).as(f.toString()).doesNotThrowAnyException();
                }
            }
        }
    }

    @Test
    void beansAndRouteConfigurationsAreRefusedNamingFileAndKey() throws IOException {
        for (String item : new String[] {"beans", "routeConfiguration", "routeTemplate"}) {
            Path f = Files.writeString(dir.resolve(item + ".camel.yaml"), """
                    - route:
                        id: demo-a
                        from:
                          uri: direct:a
                          steps:
                            - log: a
                    - %s:
                        id: x
                    """.formatted(item));
            assertThatThrownBy(() -> AdapterRoutesLoader.checkItems(f)).hasMessageContaining(f.toString())
                    .hasMessageContaining("item [1] '" + item + "'");
        }
    }

    @Test
    void aFileThatIsNotAListIsRefused() throws IOException {
        Path f = Files.writeString(dir.resolve("map.camel.yaml"), "beans:\n  - name: x\n    type: java.lang.Object\n");
        assertThatThrownBy(() -> AdapterRoutesLoader.checkItems(f)).hasMessageContaining(f.toString()).hasMessageContaining("list");
    }
}
