package vn.gov.ndxp.adapters.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Descriptor discovery and validation: a bad adapter.yaml stops startup naming the file and the field. */
class AdapterRegistryTest {

    private static final String VALID = """
            id: land-registry
            name: Land registry
            kind: rest-to-soap
            unit: 000.00.00.G18
            subsystem: VN:GOV:000.00.00.G18:land-registry
            backends:
              legacy:
                url: ${LAND_URL:http://127.0.0.1:9/legacy}
                readTimeout: 3s
                faultStatus:
                  NOT_FOUND: 404
            services:
              - code: parcels
                route: land-registry-parcel
                rest:
                  method: get
                  path: /ndxp/v1/land-registry/parcels/{id}
                allowedClients: [VN:GOV:000.00.00.H41:one-stop-office]
            """;

    @TempDir
    Path dir;
    StandardEnvironment env;

    @BeforeEach
    void environment() {
        env = new StandardEnvironment();
    }

    /** The registry as the runtime builds it: ndxp.adapters.* bound from the environment, code defaults of ndxp.backend-defaults.*. */
    private AdapterRegistry registry(Path adaptersDir) {
        AdaptersProperties adapters = Binder.get(env).bindOrCreate("ndxp.adapters", AdaptersProperties.class);
        adapters.setDir(adaptersDir.toString());
        return new AdapterRegistry(adapters, new BackendDefaultsProperties(), env);
    }

    @Test
    void validDescriptorIsReadWithDefaultsAndPlaceholdersAndPublished() throws IOException {
        write("land-registry", VALID);
        AdapterRegistry registry = registry(dir);
        AdapterDescriptor a = registry.get("land-registry");
        assertThat(a.enabled()).isTrue();
        AdapterDescriptor.Backend b = a.backends().get("legacy");
        assertThat(b.url()).isEqualTo("http://127.0.0.1:9/legacy");
        assertThat(b.readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.faultStatus()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.category()).isEqualTo("backend.not-found");
        });
        assertThat(a.services().get(0).method()).isEqualTo("GET");
        assertThat(a.serviceId(a.services().get(0))).isEqualTo("VN:GOV:000.00.00.G18:land-registry/parcels");
        assertThat(env.getProperty("land-registry.backends.legacy.url")).isEqualTo("http://127.0.0.1:9/legacy");
        assertThat(registry.byRoute("land-registry-parcel")).isSameAs(a);
    }

    @Test
    void adapterCanBeDisabledByConfiguration() throws IOException {
        write("land-registry", VALID);
        env.getPropertySources().addFirst(new MapPropertySource("off", Map.of("ndxp.adapters.enabled.land-registry", "false")));
        AdapterRegistry registry = registry(dir);
        assertThat(registry.get("land-registry").enabled()).isFalse();
        assertThat(registry.enabled()).isEmpty();
    }

    @Test
    void adapterCanBeDisabledByEnvironmentVariable() throws IOException {
        write("land-registry", VALID);
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("NDXP_ADAPTERS_ENABLED_LAND_REGISTRY", "false")));
        AdapterRegistry registry = registry(dir);
        assertThat(registry.get("land-registry").enabled()).isFalse();
        assertThat(registry.enabled()).isEmpty();
    }

    @Test
    void everyInvalidFieldIsNamed() throws IOException {
        assertInvalid(VALID.replace("kind: rest-to-soap", "kind: ftp"), "kind", "must be one of");
        assertInvalid(VALID.replace("id: land-registry", "id: other"), "id", "folder name");
        assertInvalid(VALID.replace("name: Land registry\n", ""), "name", "required");
        assertInvalid(VALID.replace("subsystem: VN:GOV:000.00.00.G18:land-registry", "subsystem: land"), "subsystem", "VN:<class>");
        assertInvalid(VALID.replace("route: land-registry-parcel", "route: parcel"), "services[0].route", "start with the adapter id");
        assertInvalid(VALID.replace("method: get", "method: fetch"), "services[0].rest.method", "HTTP method");
        assertInvalid(VALID.replace("readTimeout: 3s", "readTimeout: soon"), "backends.legacy.readTimeout", "duration");
        assertInvalid(VALID.replace("NOT_FOUND: 404", "NOT_FOUND: missing"), "backends.legacy.faultStatus.NOT_FOUND", "HTTP status");
        assertInvalid(VALID.replace("[VN:GOV:000.00.00.H41:one-stop-office]", "[someone]"), "services[0].allowedClients[0]", "subsystem id");
        assertInvalid(VALID + "colour: blue\n", "colour", "unknown field");
        assertInvalid(VALID.replace("code: parcels\n", "code: ../../etc/parcels\n"), "services[0].code", "lower-case letters");
        assertInvalid(VALID.replace("${LAND_URL:http://127.0.0.1:9/legacy}", "${LAND_URL}"), "backends.legacy.url", "LAND_URL");
        assertInvalid("id: [unclosed", "(file)", "not valid YAML");
    }

    @Test
    void faultRulesAreReadAndChecked() throws IOException {
        String rules = VALID.replace("""
                    faultStatus:
                      NOT_FOUND: 404
                """, """
                    faultStatus:
                      - detailElement: Code
                        detail: "NOT_FOUND|UNKNOWN"
                        status: 404
                      - faultCode: Client
                        faultString: "(?i).*invalid.*"
                        status: 400
                        category: backend.rejected
                """);
        write("land-registry", rules);
        var faults = registry(dir).get("land-registry").backends().get("legacy").faultStatus();
        assertThat(faults).hasSize(2);
        assertThat(faults.get(0).category()).as("a 404 is backend.not-found").isEqualTo("backend.not-found");
        assertThat(faults.get(1).category()).isEqualTo("backend.rejected");
        assertInvalid(rules.replace("category: backend.rejected", "category: rejected"), "backends.legacy.faultStatus[1].category",
                "must be <client|adapter|backend|platform>.<name>");
        assertInvalid(rules.replace("status: 400", "status: 200"), "backends.legacy.faultStatus[1].status", "HTTP status code");
        assertInvalid(rules.replace("\"(?i).*invalid.*\"", "\"(\""), "backends.legacy.faultStatus[1].faultString",
                "not a valid regular expression");
        assertInvalid(rules.replace("      - faultCode: Client\n        faultString: \"(?i).*invalid.*\"\n        ", "      - "),
                "backends.legacy.faultStatus[1]", "at least one of faultCode, faultString, detail");
        assertInvalid(rules.replace("- faultCode: Client", "- detailElement: Code\n        faultCode: Client"), "backends.legacy.faultStatus[1].detailElement",
                "declare detail too");
        assertInvalid(rules.replace("faultCode: Client", "code: Client"), "backends.legacy.faultStatus[1].code", "unknown field");
    }

    @Test
    void soapBackendAndRouteSwitchesAreReadAndChecked() throws IOException {
        String soap = VALID.replace("    readTimeout: 3s\n", """
                readTimeout: 3s
                wsdl: land-registry.wsdl
                service: "{urn:land}LandService"
                port: "{urn:land}LandPort"
            """) + """
            autoStartup:
              land-registry-parcel: ${LAND_PARCEL_ON:false}
            """;
        Files.createDirectories(dir.resolve("land-registry"));
        Files.writeString(dir.resolve("land-registry/land-registry.wsdl"), "<definitions/>");
        write("land-registry", soap);
        AdapterDescriptor a = registry(dir).get("land-registry");
        AdapterDescriptor.Backend b = a.backends().get("legacy");
        assertThat(b.isSoap()).isTrue();
        assertThat(b.wsdl()).isEqualTo(dir.resolve("land-registry/land-registry.wsdl"));
        assertThat(b.service()).isEqualTo("{urn:land}LandService");
        assertThat(a.beanName(b)).isEqualTo("land-registry-legacy");
        assertThat(a.autoStartup()).containsExactly(Map.entry("land-registry-parcel", false));

        assertInvalid(soap.replace("    port: \"{urn:land}LandPort\"\n", ""), "backends.legacy", "wsdl, service and port together");
        assertInvalid(soap.replace("wsdl: land-registry.wsdl", "wsdl: other.wsdl"), "backends.legacy.wsdl", "file not found");
        assertInvalid(soap.replace("\"{urn:land}LandService\"", "LandService"), "backends.legacy.service", "{namespace}localName");
        assertInvalid(soap.replace("${LAND_PARCEL_ON:false}", "sometimes"), "autoStartup.land-registry-parcel", "true or false");
        assertInvalid(soap.replace("  land-registry-parcel: ", "  parcel: "), "autoStartup.parcel", "start with the adapter id");
    }

    @Test
    void contractContactAndLicenceAreOptionalAndChecked() throws IOException {
        write("land-registry", VALID);
        assertThat(registry(dir).get("land-registry").contract()).isNull();
        String declared = VALID + """
            contract:
              contact: { name: Land registry IT desk, email: it@land.example.vn, url: https://land.example.vn/it }
              license: { name: Data-sharing agreement 12/2026, url: https://land.example.vn/terms }
            """;
        write("land-registry", declared);
        AdapterDescriptor.Contract c = registry(dir).get("land-registry").contract();
        assertThat(c).isEqualTo(new AdapterDescriptor.Contract("Land registry IT desk", "it@land.example.vn",
                "https://land.example.vn/it", "Data-sharing agreement 12/2026", "https://land.example.vn/terms"));

        assertInvalid(declared.replace("email: it@land.example.vn", "email: it-desk"), "contract.contact.email", "e-mail address");
        assertInvalid(declared.replace("url: https://land.example.vn/it", "url: land.example.vn"), "contract.contact.url", "http(s) URL");
        assertInvalid(declared.replace("url: https://land.example.vn/terms", "url: ftp://x"), "contract.license.url", "http(s) URL");
        assertInvalid(declared.replace("name: Data-sharing agreement 12/2026, ", ""), "contract.license.name", "required");
        assertInvalid(declared.replace("contact: { name: Land registry IT desk, ", "contact: { "), "contract.contact.name", "required");
        assertInvalid(declared.replace("  license:", "  licence:"), "contract.licence", "unknown field");
        assertInvalid(declared.replace("url: https://land.example.vn/it }", "url: https://land.example.vn/it, phone: 1 }"),
                "contract.contact.phone", "unknown field");
    }

    @Test
    void purposesAndPoliciesAreReadAndEveryBadOneIsNamed() throws IOException {
        String limited = "VN:GOV:000.00.00.H41:limited-demo";
        String yaml = VALID.replace("allowedClients: [VN:GOV:000.00.00.H41:one-stop-office]",
                "allowedClients: [VN:GOV:000.00.00.H41:one-stop-office, " + limited + "]\n"
                        + "    policies:\n      - clients: [" + limited + "]\n        purpose: required") + "purposes: purposes.yaml\n";
        Path purposes = write("land-registry", yaml).resolveSibling("purposes.yaml");
        Files.writeString(purposes, "- code: \"1.001\"\n  title: Đăng ký khai sinh\n- code: \"2.001\"\n");
        AdapterDescriptor d = registry(dir).get("land-registry");
        assertThat(d.purposes()).containsExactly(Map.entry("1.001", "Đăng ký khai sinh"), Map.entry("2.001", "2.001"));
        AdapterDescriptor.Service s = d.services().get(0);
        assertThat(s.policyFor(limited).purposeRequired()).isTrue();
        assertThat(s.policyFor("VN:GOV:000.00.00.H41:one-stop-office")).as("no policy: the defaults").isNull();

        assertInvalid(yaml.replace("clients: [" + limited + "]", "clients: [VN:GOV:000.00.00.H41:stranger]"),
                "services[0].policies[0].clients[0]", "not one of the service's allowedClients");
        assertInvalid(yaml.replace("purpose: required", "purpose: always"), "services[0].policies[0].purpose", "required or optional");
        assertInvalid(yaml.replace("purpose: required", "purpose: required\n        colour: blue"), "services[0].policies[0].colour",
                "unknown field");
        assertInvalid(yaml.replace("        purpose: required", "        purpose: required\n      - clients: [" + limited + "]"),
                "services[0].policies[1].clients[0]", "already has a policy");
        assertInvalid(yaml.replace("purposes: purposes.yaml\n", ""), "services[0].policies[0].purpose", "declares no purposes");
        assertInvalid(yaml.replace("purposes: purposes.yaml", "purposes: ../elsewhere.yaml"), "purposes", "file not found");
        write("land-registry", yaml);
        for (String[] bad : new String[][] {
                {"- code: \"1 001\"\n", "[0].code", "letters, digits"},
                {"- code: \"" + "1".repeat(33) + "\"\n", "[0].code", "at most 32"},
                {"- code: \"1.001\"\n- code: \"1.001\"\n", "[1].code", "declared twice"},
                {"- title: no code\n", "[0].code", "required"},
                {"- code: \"1.001\"\n  colour: blue\n", "[0].colour", "unknown field"},
                {"code: 1.001\n", "(file)", "a list of purposes"}}) {
            Files.writeString(purposes, bad[0]);
            assertThatThrownBy(() -> registry(dir)).as(bad[0]).isInstanceOf(InvalidDescriptorException.class)
                    .hasMessageContaining(purposes.toString()).hasMessageContaining("'" + bad[1] + "'").hasMessageContaining(bad[2]);
        }
    }

    @Test
    void quotasAreReadAndEveryBadOneIsNamed() throws IOException {
        String limited = "VN:GOV:000.00.00.H41:limited-demo";
        String yaml = VALID.replace("allowedClients: [VN:GOV:000.00.00.H41:one-stop-office]",
                "allowedClients: [VN:GOV:000.00.00.H41:one-stop-office, " + limited + "]\n"
                        + "    quotaUnavailable: closed\n"
                        + "    policies:\n      - clients: [" + limited + "]\n        quota:\n          perSecond: 2\n"
                        + "          perMinute: \"5\"\n          perDay: 1000");
        write("land-registry", yaml);
        AdapterDescriptor.Service s = registry(dir).get("land-registry").services().get(0);
        assertThat(s.policyFor(limited).quota()).isEqualTo(new AdapterDescriptor.Quota(2L, 5L, 1000L));
        assertThat(s.policyFor(limited).purposeRequired()).isFalse();
        assertThat(s.quotaFailOpen()).isFalse();
        write("land-registry", yaml.replace("    quotaUnavailable: closed\n", ""));
        assertThat(registry(dir).get("land-registry").services().get(0).quotaFailOpen()).as("the default: open").isTrue();

        String at = "services[0].policies[0].quota";
        assertInvalid(yaml.replace("perMinute: \"5\"", "perMinute: five"), at + ".perMinute", "whole number of calls");
        assertInvalid(yaml.replace("perSecond: 2", "perSecond: 0"), at + ".perSecond", "whole number of calls");
        assertInvalid(yaml.replace("perDay: 1000", "perDay: 10000000000"), at + ".perDay", "whole number of calls");
        assertInvalid(yaml.replace("perDay: 1000", "perDay: 2.5"), at + ".perDay", "whole number of calls");
        assertInvalid(yaml.replace("perDay: 1000", "perDay: 4"), at + ".perDay", "fewer calls than a shorter window");
        assertInvalid(yaml.replace("perSecond: 2", "perHour: 2"), at + ".perHour", "unknown field");
        assertInvalid(yaml.replace("        quota:\n          perSecond: 2\n          perMinute: \"5\"\n          perDay: 1000",
                "        quota: {}"), at, "at least one of");
        assertInvalid(yaml.replace("quotaUnavailable: closed", "quotaUnavailable: maybe"), "services[0].quotaUnavailable", "open");
        assertInvalid(yaml.replace("        quota:\n          perSecond: 2\n          perMinute: \"5\"\n          perDay: 1000",
                "        purpose: optional"), "services[0].quotaUnavailable", "no policy of the service has a quota");
    }

    @Test
    void missingDirectoryIsRejected() throws IOException {
        assertThatThrownBy(() -> registry(dir.resolve("nowhere"))).hasMessageContaining("does not exist");
    }

    private void assertInvalid(String yaml, String field, String message) throws IOException {
        Path file = write("land-registry", yaml);
        assertThatThrownBy(() -> registry(dir))
                .as(field)
                .isInstanceOf(InvalidDescriptorException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'" + field + "'")
                .hasMessageContaining(message);
    }

    @Test
    void anAdapterIsReadAgainReplacedAndRemovedWithItsProperties() throws IOException {
        Path file = write("land-registry", VALID);
        AdapterRegistry registry = registry(dir);
        Files.writeString(file, VALID.replace("readTimeout: 3s", "readTimeout: 4s").replace("${LAND_URL:http://127.0.0.1:9/legacy}",
                "http://127.0.0.1:10/legacy"));
        AdapterDescriptor next = registry.read(file.getParent());
        assertThat(registry.get("land-registry").backends().get("legacy").readTimeout()).as("read is no take-over")
                .isEqualTo(Duration.ofSeconds(3));
        registry.put(next);
        assertThat(registry.get("land-registry")).isSameAs(next);
        assertThat(env.getProperty("land-registry.backends.legacy.url")).isEqualTo("http://127.0.0.1:10/legacy");
        registry.remove("land-registry");
        assertThat(registry.all()).isEmpty();
        assertThat(env.getProperty("land-registry.backends.legacy.url")).isNull();
    }

    @Test
    void theSameAdapterIdInTwoAdapterFoldersIsRefused(@TempDir Path extra) throws IOException {
        write("land-registry", VALID);
        Files.createDirectories(extra.resolve("land-registry"));
        Files.writeString(extra.resolve("land-registry/adapter.yaml"), VALID);
        AdaptersProperties adapters = Binder.get(env).bindOrCreate("ndxp.adapters", AdaptersProperties.class);
        adapters.setDir(dir.toString());
        adapters.setExtraDirs(List.of(extra.toString()));
        assertThatThrownBy(() -> new AdapterRegistry(adapters, new BackendDefaultsProperties(), env))
                .isInstanceOf(InvalidDescriptorException.class)
                .hasMessageContaining("field 'id'").hasMessageContaining("used by another adapter");
    }

    private Path write(String folder, String yaml) throws IOException {
        Path f = dir.resolve(folder).resolve("adapter.yaml");
        Files.createDirectories(f.getParent());
        Files.writeString(f, yaml);
        return f;
    }
}
