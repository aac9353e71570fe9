package vn.gov.ndxp.adapters.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.adapter.AdaptersProperties;
import vn.gov.ndxp.adapters.adapter.BackendDefaultsProperties;

/** A shipped adapter folder (adapters/<id>) copied into a scratch adapters folder, and a registry of it. */
public final class ShippedAdapter {

    private ShippedAdapter() {
    }

    /** Copies adapters/<id> to adaptersDir/<id>; returns the copy. */
    public static Path copy(String id, Path adaptersDir) throws IOException {
        Path source = Path.of("adapters", id);
        Path target = adaptersDir.resolve(id);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path to = target.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    /** A registry of adaptersDir, with the placeholder values the sandbox profile would give. */
    public static AdapterRegistry registry(Path adaptersDir) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("sandbox", Map.of("ndxp.sandbox.legacy-soap.port", "9")));
        AdaptersProperties props = Binder.get(env).bindOrCreate("ndxp.adapters", AdaptersProperties.class);
        props.setDir(adaptersDir.toString());
        return new AdapterRegistry(props, new BackendDefaultsProperties(), env);
    }
}
