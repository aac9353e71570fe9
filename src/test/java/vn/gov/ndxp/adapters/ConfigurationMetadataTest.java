package vn.gov.ndxp.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import vn.gov.ndxp.adapters.adapter.AdaptersProperties;
import vn.gov.ndxp.adapters.adapter.BackendDefaultsProperties;
import vn.gov.ndxp.adapters.audit.AuditProperties;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;
import vn.gov.ndxp.adapters.files.FilesProperties;
import vn.gov.ndxp.adapters.runtime.RoutesProperties;
import vn.gov.ndxp.adapters.security.ConsoleProperties;
import vn.gov.ndxp.adapters.security.SecurityConfiguration;

/**
 * The configuration model holds together: every ndxp.* key that config/*.yml sets is a property of a
 * properties class (the metadata the configuration processor writes into the jar), each property has a
 * description, no file repeats a class's default, and a bad value stops the start
 * naming its key.
 */
class ConfigurationMetadataTest {

    private static final Path CONFIG = Path.of("config");
    /** Where a key goes below a list or map property: [0] or .key, then the rest. */
    private static final Pattern BELOW = Pattern.compile("(\\[\\d+]|\\.[^.\\[]+)(.*)");
    private static final Pattern GENERIC = Pattern.compile("java\\.util\\.(List|Set|Map)<(?:java\\.lang\\.String,)?(.+)>");

    private final Map<String, JsonNode> properties = metadata();

    @Test
    void everyNdxpKeyInTheConfigurationFilesIsAKnownProperty() throws IOException {
        List<Path> files = configFiles();
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("application.yml", "application-sandbox.yml");
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (Path file : files) {
            for (String key : keys(file).keySet()) {
                if (key.startsWith("ndxp.")) {
                    checked++;
                    if (!known(key)) {
                        unknown.add(file.getFileName() + ": " + key);
                    }
                }
            }
        }
        assertThat(checked).as("ndxp keys read from config/*.yml").isGreaterThan(30);
        assertThat(unknown).as("ndxp keys that no properties class binds (typo, or a key the code no longer reads)").isEmpty();
    }

    @Test
    void aMisspelledKeyIsCaught() {
        assertThat(known("ndxp.audit.retention")).isTrue();
        assertThat(known("ndxp.adapters.enabled.civil-status")).isTrue();
        assertThat(known("ndxp.security.users[1].password")).isTrue();
        assertThat(known("ndxp.sandbox.routes[0].url")).isTrue();
        assertThat(known("ndxp.audit.retension")).isFalse();
        assertThat(known("ndxp.security.users[0].pasword")).isFalse();
        assertThat(known("ndxp.sandbox.legacy-db.usr")).isFalse();
        assertThat(known("ndxp.inbound")).isFalse();
    }

    @Test
    void everyPropertyIsDescribed() {
        assertThat(properties).containsKeys("ndxp.headers.client", "ndxp.adapters.dir", "ndxp.routes.dir", "ndxp.sandbox.sftp.port",
                "ndxp.backend-defaults.read-timeout", "ndxp.security.users", "ndxp.console.login-throttle.max-delay");
        assertThat(properties.values().stream().filter(p -> p.path("description").asText().isBlank()).map(p -> p.path("name").asText()))
                .as("properties without Javadoc").isEmpty();
    }

    @Test
    void noConfigurationFileRepeatsAClassDefault() throws IOException {
        Map<String, String> repeated = new TreeMap<>();
        for (Path file : configFiles()) {
            keys(file).forEach((key, value) -> {
                JsonNode p = properties.get(key);
                if (p != null && p.has("defaultValue") && p.get("defaultValue").isValueNode()
                        && p.get("defaultValue").asText().equals(value)) {
                    repeated.put(file.getFileName() + ": " + key, value);
                }
            });
        }
        assertThat(repeated).as("keys set to their properties class's default: one place is enough").isEmpty();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({NdxpProperties.class, AuditProperties.class, FilesProperties.class, ConsoleProperties.class,
            SecurityConfiguration.ConsoleUsers.class, AdaptersProperties.class, BackendDefaultsProperties.class, RoutesProperties.class})
    static class AllProperties {
    }

    /** The values application.yml gives in every environment, so that only the setting under test is bad. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(AllProperties.class)
            .withPropertyValues("ndxp.adapters.dir=adapters", "ndxp.routes.dir=routes", "ndxp.files.dir=data",
                    "ndxp.audit.spill-dir=data/spill/transactions", "ndxp.audit.retention=400d");

    @Test
    void theDefaultsAreValid() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ndxp.headers.transaction-id=X NDXP", "ndxp.platform.read-timeout=0s", "ndxp.platform.failure-rate-threshold=0",
            "ndxp.platform.token-path=token", "ndxp.audit.batch-size=0", "ndxp.audit.time-zone=Asia/Hanoi-ish",
            "ndxp.audit.retry-max=0ms", "ndxp.files.lock-keep-alive=0s", "ndxp.files.name.max-bytes=300",
            "ndxp.console.login-throttle.free-failures=0", "ndxp.backend-defaults.failure-rate-threshold=101",
            "ndxp.backend-defaults.wait-in-open=0s", "ndxp.adapters.dir=", "ndxp.routes.dir= ", "ndxp.security.users[0].name=",
            "ndxp.security.users[0].roles[0]=admin"})
    void aBadValueStopsTheStartNamingItsKey(String setting) {
        String key = setting.substring(0, setting.indexOf('='));
        // the start's failure report says "Property: ndxp.platform.readTimeout" (and where the value came from)
        runner.withPropertyValues(setting).run(ctx -> assertThat(ctx).hasFailed().getFailure()
                .satisfiesAnyOf(e -> assertThat(e).hasStackTraceContaining(camel(key)), e -> assertThat(e).hasStackTraceContaining(key)));
    }

    /** A key as Spring's validation errors name it: ndxp.platform.read-timeout -> ndxp.platform.readTimeout. */
    private static String camel(String key) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** A key is a property, or sits below a list or map property as its element, entry or element's property. */
    private boolean known(String key) {
        if (properties.containsKey(key)) {
            return true;
        }
        for (JsonNode p : properties.values()) {
            String name = p.path("name").asText();
            if (!key.startsWith(name) || key.length() == name.length()) {
                continue;
            }
            Matcher below = BELOW.matcher(key.substring(name.length()));
            Matcher type = GENERIC.matcher(p.path("type").asText());
            if (below.matches() && type.matches() && (below.group(1).startsWith("[") != type.group(1).equals("Map"))) {
                return elementHas(type.group(2), below.group(2));
            }
        }
        return false;
    }

    /** rest is empty (a scalar element), or .property... of the element class. */
    private static boolean elementHas(String elementType, String rest) {
        if (rest.isEmpty()) {
            return true;
        }
        if (elementType.startsWith("java.")) {
            return false;
        }
        Matcher m = Pattern.compile("\\.([a-z0-9-]+)(.*)").matcher(rest);
        if (!m.matches()) {
            return false;
        }
        try {
            Class<?> element = Class.forName(elementType, false, ConfigurationMetadataTest.class.getClassLoader());
            PropertyDescriptor d = BeanUtils.getPropertyDescriptor(element, camel(m.group(1)));
            return d != null && d.getWriteMethod() != null && (m.group(2).isEmpty() || m.group(2).matches("\\[\\d+]"));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The ndxp.* properties of the metadata this project's classes produced (not that of Spring Boot's jars). */
    private static Map<String, JsonNode> metadata() {
        try {
            Path classes = Path.of(NdxpProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path file = classes.resolve("META-INF/spring-configuration-metadata.json");
            assertThat(file).as("written by spring-boot-configuration-processor at compile time").isRegularFile();
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (JsonNode p : new ObjectMapper().readTree(file.toFile()).path("properties")) {
                if (p.path("name").asText().startsWith("ndxp.")) {
                    out.put(p.path("name").asText(), p);
                }
            }
            return out;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> configFiles() throws IOException {
        try (var files = Files.list(CONFIG)) {
            return files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).sorted().toList();
        }
    }

    /** Every key of every document of a file, flattened as Spring reads it (users[0].name), with its raw value. */
    private static Map<String, String> keys(Path file) throws IOException {
        Map<String, String> keys = new TreeMap<>();
        for (PropertySource<?> doc : new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file))) {
            EnumerablePropertySource<?> e = (EnumerablePropertySource<?>) doc;
            for (String name : e.getPropertyNames()) {
                keys.put(name, String.valueOf(e.getProperty(name)));
            }
        }
        return keys;
    }
}
