package vn.gov.ndxp.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import vn.gov.ndxp.adapters.NdxpAdaptersApplication;

/** prod refuses to start without its settings, naming each property and its environment variable. */
class ProdSettingsCheckTest {

    @Test
    void prodWithoutSettingsStopsNamingThePropertiesAndVariables() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(NdxpAdaptersApplication.class)
                .profiles("prod").web(WebApplicationType.NONE).run())
                .hasMessageContaining("Missing required settings for the prod profile")
                .hasMessageContaining("ndxp.platform.url (set environment variable NDXP_PLATFORM_URL)")
                .hasMessageContaining("spring.datasource.url (set environment variable NDXP_DB_URL)")
                .hasMessageContaining("spring.kafka.bootstrap-servers (set environment variable NDXP_KAFKA_BOOTSTRAP)")
                .hasMessageContaining("ndxp.security.users[0].password (set environment variable NDXP_OPERATOR_PASSWORD_HASH)");
    }

    @Test
    void prodNeverRunsWithTheSandbox() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(NdxpAdaptersApplication.class)
                .profiles("prod", "sandbox").web(WebApplicationType.NONE).run())
                .hasMessageContaining("must never run with prod");
    }

    @Test
    void prodRefusesTheSandboxsClientsAndDoesNotReadTheAdapterFolders() {
        // the adapter folders' sandbox/clients.yaml are not read in prod: without this setting, the settings check fails as usual
        assertThatThrownBy(() -> new SpringApplicationBuilder(NdxpAdaptersApplication.class)
                .profiles("prod").web(WebApplicationType.NONE).run())
                .hasMessageContaining("Missing required settings").hasMessageNotContaining("Sandbox clients");
        assertThatThrownBy(() -> new SpringApplicationBuilder(NdxpAdaptersApplication.class)
                .profiles("prod").web(WebApplicationType.NONE).run("--ndxp.sandbox.clients.business-registry.key=k"))
                .hasMessageContaining("Sandbox clients are refused in the prod profile")
                .hasMessageContaining("ndxp.sandbox.clients.business-registry");
    }

    /** The check as it runs, on an environment whose system environment is the given variables. */
    private static void check(Map<String, Object> variables, String... args) {
        StandardEnvironment env = new StandardEnvironment();
        env.setActiveProfiles("prod");
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        env.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        new ProdSettingsCheck().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(),
                new SpringApplication(NdxpAdaptersApplication.class), args, env));
    }

    @Test
    void sandboxClientsSetByEnvironmentVariablesAreRefusedToo() {
        assertThatThrownBy(() -> check(Map.of("NDXP_SANDBOX_CLIENTS_BUSINESS_REGISTRY_KEY", "k")))
                .hasMessageContaining("Sandbox clients are refused in the prod profile");
        // without them the check goes on to the missing settings
        assertThatThrownBy(() -> check(Map.of())).hasMessageContaining("Missing required settings");
    }

    @Test
    void prodRefusesTheAdapterFolderWatch() {
        assertThatThrownBy(() -> check(Map.of("NDXP_ADAPTERS_WATCH_ENABLED", "true")))
                .hasMessageContaining("The adapter folder watch is a sandbox feature");
        assertThatThrownBy(() -> check(Map.of(), "--ndxp.adapters.watch.enabled=true"))
                .hasMessageContaining("The adapter folder watch is a sandbox feature");
        assertThatThrownBy(() -> check(Map.of("NDXP_ADAPTERS_WATCH_ENABLED", "false")))
                .hasMessageContaining("Missing required settings");
    }
}
