package vn.gov.ndxp.adapters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import vn.gov.ndxp.adapters.capture.Outbox;

@SpringBootApplication
@ConfigurationPropertiesScan
public class NdxpAdaptersApplication {

    static final String PRINT_OUTBOX_DDL = "--print-outbox-ddl=";

    public static void main(String[] args) {
        if (args.length > 0 && args[0].startsWith(PRINT_OUTBOX_DDL)) {
            System.exit(printOutboxDdl(args[0].substring(PRINT_OUTBOX_DDL.length())));
        }
        SpringApplication app = new SpringApplication(NdxpAdaptersApplication.class);
        // the sandbox is what a newcomer gets; production must say --spring.profiles.active=prod
        app.setDefaultProperties(Map.of("spring.profiles.default", "sandbox"));
        app.run(args);
    }

    /**
     * --print-outbox-ddl=&lt;adapter&gt;/&lt;layout&gt;: prints the outbox DDL derived from that record layout
     * (for the legacy database's administrator) and starts nothing. Adapters under NDXP_ADAPTERS_DIR, else ./adapters.
     */
    static int printOutboxDdl(String adapterAndLayout) {
        String[] parts = adapterAndLayout.split("/");
        String dir = System.getenv().getOrDefault("NDXP_ADAPTERS_DIR", "adapters");
        boolean names = parts.length == 2 && parts[0].matches("[a-z][a-z0-9-]*") && parts[1].matches("[a-z][a-z0-9-]*");
        Path layout = names ? Path.of(dir, parts[0], "mappings", parts[1] + ".record.yaml") : null;
        if (layout == null || !Files.isRegularFile(layout)) {
            System.err.println(PRINT_OUTBOX_DDL + "<adapter>/<layout> names a record layout <adapter>/mappings/<layout>.record.yaml under "
                    + Path.of(dir).toAbsolutePath() + " (got '" + adapterAndLayout + "')");
            return 2;
        }
        try {
            Outbox outbox = Outbox.of(layout);
            if (outbox == null) {
                System.err.println(layout + ": declares no table and key, so no outbox");
                return 2;
            }
            System.out.print(outbox.ddl());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
