package vn.gov.ndxp.adapters.sandbox;

import com.nimbusds.jose.JOSEException;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import vn.gov.ndxp.adapters.adapter.AdaptersProperties;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * The sandbox profile (default when no profile is set, never with prod): a stand-in of the platform
 * and the demo legacy systems, on loopback, so the whole suite runs on one machine with nothing installed.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
public class SandboxConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("SANDBOX");

    @Bean
    SandboxPlatform sandboxPlatform(NdxpProperties ndxp, SandboxProperties props) throws JOSEException {
        return new SandboxPlatform(ndxp.getPlatform().getIssuer(), ndxp.getPlatform().getAudienceClaim(), props);
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    LegacyCivilStatusServer legacyCivilStatusServer(SandboxProperties props, AdaptersProperties adapters, NdxpProperties ndxp)
            throws IOException {
        return new LegacyCivilStatusServer(props.getLegacySoap().getPort(), Path.of(adapters.getDir(), "civil-status", "civil-status.wsdl"),
                ndxp.getHeaders().getTransactionId(), props.getLegacySoap().getDelay().toMillis());
    }

    @EventListener(ApplicationReadyEvent.class)
    public void banner(ApplicationReadyEvent event) {
        SandboxProperties p = event.getApplicationContext().getBean(SandboxProperties.class);
        NdxpProperties ndxp = event.getApplicationContext().getBean(NdxpProperties.class);
        String base = "http://127.0.0.1:" + (event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : "(no web server)");
        String client = p.getClient().getSubsystem();
        // one log line per banner line: line breaks inside a message are escaped (logback-spring.xml)
        String banner = MessageFormatter.arrayFormat("""

                ==================================================================================
                 SANDBOX: local stand-ins of the NDXP platform and legacy systems. NOT FOR PRODUCTION.
                ----------------------------------------------------------------------------------
                 Catalogue   {}/ndxp/v1/catalog
                 Hawtio      {}/actuator/hawtio   (login operator / sandbox-operator, or viewer / sandbox-viewer)
                 Statistics  {}/ndxp/v1/stats   page {}/ops/stats.html
                 Client      {}  key {}  secret {}
                 Legacy SOAP {} (WSDL: ?wsdl)
                 Facade WSDL {}/soap/one-stop-office?wsdl
                 Received    {}/sandbox/ndxp/received?adapter=business-registry

                 TOKEN=$(curl -s -u {}:{} -d grant_type=client_credentials -d resource=VN:GOV:000.00.00.G22:civil-status {}/sandbox/ndxp/token | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
                 curl -s -H "Authorization: Bearer $TOKEN" -H "{}: {}" {}/ndxp/v1/civil-status/birth-records/079199000002
                 PGPASSWORD=postgres psql -h 127.0.0.1 -p {} -U postgres business_registry -c "UPDATE enterprise SET address = 'Số 1 Tràng Tiền, Hà Nội' WHERE tax_code = '0101234567'"

                 File drop   cp adapters/social-insurance/samples/contributions-2026-10.csv {}/
                 Receipts    {}/   Received: {}/sandbox/ndxp/received?adapter=social-insurance
                 SFTP        sftp -P {} {}@127.0.0.1   (password {}; put files into social-insurance/)
                ==================================================================================""", new Object[] {
                base, base, base, base, client, p.getClient().getKey(), p.getClient().getSecret(),
                event.getApplicationContext().getBean(LegacyCivilStatusServer.class).url(), base, base,
                p.getClient().getKey(), p.getClient().getSecret(), base, ndxp.getHeaders().getClient(), client, base,
                p.getLegacyDb().getPort(),
                setting(event, "social-insurance.settings.dropDir"), setting(event, "social-insurance.settings.receiptDir"), base,
                p.getSftp().getPort(), p.getSftp().getUser(), p.getSftp().getPassword()}).getMessage();
        banner.lines().forEach(LOG::warn);
    }

    /** An adapter setting as the routes see it ({{id.settings.x}}), or a note when that adapter is off. */
    private static String setting(ApplicationReadyEvent event, String key) {
        try {
            return event.getApplicationContext().getBean(CamelContext.class).resolvePropertyPlaceholders("{{" + key + "}}");
        } catch (RuntimeException e) {
            return "(" + key + " not set: adapter disabled?)";
        }
    }
}
