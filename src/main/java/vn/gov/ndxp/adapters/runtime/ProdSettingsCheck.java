package vn.gov.ndxp.adapters.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * In prod, stops startup before anything connects when a required setting is missing, naming the
 * property and the environment variable that sets it (registered in META-INF/spring.factories), and
 * refuses the sandbox's clients (ndxp.sandbox.clients.*) and its adapter folder watch there.
 */
public class ProdSettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final List<String> REQUIRED = List.of("ndxp.platform.url", "spring.datasource.url", "spring.datasource.username",
            "spring.datasource.password", "spring.kafka.bootstrap-servers", "ndxp.security.users[0].password");
    private static final String SANDBOX_CLIENTS = "ndxp.sandbox.clients";
    private static final String WATCH = "ndxp.adapters.watch.enabled";
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
        // bound as the application binds them (relaxed names: NDXP_SANDBOX_CLIENTS_... as well as ndxp.sandbox.clients....)
        Binder binder = Binder.get(env);
        // the platform stand-in's clients (well-known credentials) are the sandbox's only
        var sandboxClients = binder.bind(SANDBOX_CLIENTS, Bindable.mapOf(String.class, Object.class));
        if (sandboxClients.isBound()) {
            throw new IllegalStateException("Sandbox clients are refused in the prod profile (remove them): "
                    + sandboxClients.get().keySet().stream().map(k -> SANDBOX_CLIENTS + "." + k).toList());
        }
        // the folder watch reloads whatever lands in the adapter folders: the sandbox's edit cycle only
        if (binder.bind(WATCH, Boolean.class).orElse(false)) {
            throw new IllegalStateException("The adapter folder watch is a sandbox feature: " + WATCH + " (NDXP_ADAPTERS_WATCH_ENABLED)"
                    + " must not be true in the prod profile");
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
