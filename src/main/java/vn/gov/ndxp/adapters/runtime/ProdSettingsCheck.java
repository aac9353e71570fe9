package vn.gov.ndxp.adapters.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * In prod, stops startup before anything connects when a required setting is missing, naming the
 * property and the environment variable that sets it (registered in META-INF/spring.factories).
 */
public class ProdSettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final List<String> REQUIRED = List.of("ndxp.platform.url", "spring.datasource.url", "spring.datasource.username",
            "spring.datasource.password", "spring.kafka.bootstrap-servers", "ndxp.security.users[0].password");
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
