package vn.gov.ndxp.adapters.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Profiles;

/**
 * In prod, stops startup before anything connects when a required setting is missing, naming the
 * property and the environment variable that sets it (registered in META-INF/spring.factories), and
 * refuses the sandbox's clients (ndxp.sandbox.clients.*) there.
 */
public class ProdSettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final List<String> REQUIRED = List.of("ndxp.platform.url", "spring.datasource.url", "spring.datasource.username",
            "spring.datasource.password", "spring.kafka.bootstrap-servers", "ndxp.security.users[0].password");
    private static final String SANDBOX_CLIENTS = "ndxp.sandbox.clients";
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Z0-9_]+)");

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        if (!env.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        if (env.acceptsProfiles(Profiles.of("sandbox"))) {
            throw new IllegalStateException("The sandbox profile must never run with prod: remove 'sandbox' from spring.profiles.active");
        }
        // the platform stand-in's clients (well-known credentials) are the sandbox's only
        List<String> sandboxClients = new ArrayList<>();
        for (var source : env.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> e) {
                Arrays.stream(e.getPropertyNames()).filter(n -> n.startsWith(SANDBOX_CLIENTS)).forEach(sandboxClients::add);
            }
        }
        if (!sandboxClients.isEmpty()) {
            throw new IllegalStateException("Sandbox clients are refused in the prod profile (remove them): " + sandboxClients);
        }
        List<String> missing = new ArrayList<>();
        for (String property : REQUIRED) {
            String value;
            try {
                value = env.getProperty(property);
            } catch (IllegalArgumentException e) {
                value = null;
            }
            if (value == null || value.isBlank()) {
                missing.add(property + describe(env, property));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing required settings for the prod profile: " + String.join(", ", missing));
        }
    }

    /** The environment variable named in the raw configuration value, if any. */
    private static String describe(ConfigurableEnvironment env, String property) {
        for (var source : env.getPropertySources()) {
            Object raw = source.getProperty(property);
            if (raw != null) {
                Matcher m = VAR.matcher(raw.toString());
                if (m.find()) {
                    return " (set environment variable " + m.group(1) + ")";
                }
            }
        }
        return "";
    }
}
