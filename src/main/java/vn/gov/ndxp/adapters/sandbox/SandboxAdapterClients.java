package vn.gov.ndxp.adapters.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * The platform stand-in's clients that adapter folders declare, in the sandbox profile only:
 * {@code adapters/<id>/sandbox/clients.yaml} maps a client name to its key, secret and subsystem, and
 * becomes {@code ndxp.sandbox.clients.<name>.*} (beside those of application-sandbox.yml, which win),
 * so an adapter.yaml names its sandbox credentials as {@code ${ndxp.sandbox.clients.<name>.key:}}.
 * Outside the sandbox nothing is read (and prod refuses ndxp.sandbox.clients: ProdSettingsCheck).
 * Registered in META-INF/spring.factories; runs after the configuration files are read.
 */
public class SandboxAdapterClients implements EnvironmentPostProcessor, Ordered {

    public static final String SOURCE = "ndxp-sandbox-adapter-clients";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Set<String> KEYS = Set.of("key", "secret", "subsystem");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!env.acceptsProfiles(Profiles.of("sandbox")) || env.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        Path dir = Path.of(env.getProperty("ndxp.adapters.dir", "adapters"));
        Map<String, Object> clients = read(dir);
        if (!clients.isEmpty()) {
            env.getPropertySources().addLast(new MapPropertySource(SOURCE, clients));
        }
    }

    /** ndxp.sandbox.clients.&lt;name&gt;.&lt;key|secret|subsystem&gt; of every adapters/*&#47;sandbox/clients.yaml. */
    static Map<String, Object> read(Path adaptersDir) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Path> declaredIn = new LinkedHashMap<>();
        if (!Files.isDirectory(adaptersDir)) {
            return out;
        }
        try (Stream<Path> folders = Files.list(adaptersDir)) {
            for (Path file : folders.sorted().map(f -> f.resolve("sandbox").resolve("clients.yaml")).filter(Files::isRegularFile).toList()) {
                JsonNode root;
                try {
                    root = YAML.readTree(file.toFile());
                } catch (IOException e) {
                    throw invalid(file, "(file)", "not valid YAML: " + e.getMessage());
                }
                if (root == null || !root.isObject()) {
                    throw invalid(file, "(file)", "must map client names to their key, secret and subsystem");
                }
                for (var e : (Iterable<Map.Entry<String, JsonNode>>) root::fields) {
                    String name = e.getKey();
                    if (!NAME.matcher(name).matches()) {
                        throw invalid(file, name, "a client name is lower-case letters, digits and '-'");
                    }
                    if (declaredIn.containsKey(name)) {
                        throw invalid(file, name, "already declared in " + declaredIn.get(name));
                    }
                    declaredIn.put(name, file);
                    JsonNode client = e.getValue();
                    if (!client.isObject()) {
                        throw invalid(file, name, "must be a mapping of " + KEYS);
                    }
                    for (String key : KEYS) {
                        if (!client.path(key).isValueNode() || client.path(key).asText().isBlank()) {
                            throw invalid(file, name + "." + key, "required");
                        }
                        out.put("ndxp.sandbox.clients." + name + "." + key, client.get(key).asText());
                    }
                    client.fieldNames().forEachRemaining(k -> {
                        if (!KEYS.contains(k)) {
                            throw invalid(file, name + "." + k, "unknown field (allowed: " + KEYS.stream().sorted().toList() + ")");
                        }
                    });
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the sandbox clients under " + adaptersDir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static IllegalStateException invalid(Path file, String field, String message) {
        return new IllegalStateException(file + ": " + field + ": " + message);
    }

    @Override
    public int getOrder() {
        // after ConfigDataEnvironmentPostProcessor: the profiles and ndxp.adapters.dir are known
        return Ordered.LOWEST_PRECEDENCE;
    }
}
