package vn.gov.ndxp.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.gov.ndxp.adapters.capture.Outbox;

/** --print-outbox-ddl=<adapter>/<layout>: the derived DDL on stdout, or a message and exit code 2. */
class PrintOutboxDdlTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    @Test
    void printsTheDerivedDdlOfALayout() {
        assertThat(NdxpAdaptersApplication.printOutboxDdl("business-registry/enterprise")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(Outbox.of(Path.of("adapters/business-registry/mappings/enterprise.record.yaml")).ddl());
    }

    @Test
    void refusesWhatNamesNoLayoutWithATable() {
        for (String bad : new String[] {"business-registry", "business-registry/nope", "../etc/passwd", "../business-registry", "business-registry/../../x", "business-registry/tax-code"}) {
            err.reset();
            assertThat(NdxpAdaptersApplication.printOutboxDdl(bad)).as(bad).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(bad).isNotBlank();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
