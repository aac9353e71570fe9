package vn.gov.ndxp.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
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
                .hasMessageContaining("ndxp.sandbox.clients.business-registry.key");
    }
}
