package vn.gov.ndxp.adapters.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.net.URL;
import java.text.Normalizer;
import org.junit.jupiter.api.Test;

class EscapingConvertersTest {

    private final LoggerContext context = new LoggerContext();

    private LoggingEvent event(String message, Throwable t, Object... args) {
        return new LoggingEvent(EscapingConvertersTest.class.getName(), context.getLogger("test"), Level.WARN, message, t, args);
    }

    @Test
    void controlCharactersAreEscapedAndVietnameseIsUntouched() {
        assertThat(LogText.escape("a\rb\nc\td")).isEqualTo("a\\rb\\nc\\td");
        assertThat(LogText.escape("nul\u0000 esc\u001b[31m del\u007f nel\u0085 csi\u009b")).isEqualTo("nul\\u0000 esc\\u001b[31m del\\u007f nel\\u0085 csi\\u009b");
        assertThat(LogText.escape("line\u2028para\u2029")).isEqualTo("line\\u2028para\\u2029");
        assertThat(LogText.escape("rtl\u202Eevil\u2066x\u2069")).isEqualTo("rtl\\u202eevil\\u2066x\\u2069");
        String vietnamese = "Nguyễn Thị Hồng Nhung, Phường Bến Nghé, Quận 1 — Đỗ \"Mai\" \\ C:\\tmp";
        assertThat(LogText.escape(vietnamese)).isSameAs(vietnamese);
        // combining marks (NFD) are letters' parts, not controls
        String nfd = Normalizer.normalize("Hồ Chí Minh", Normalizer.Form.NFD);
        assertThat(LogText.escape(nfd)).isEqualTo(nfd);
    }

    @Test
    void theMessageConverterEscapesTheFormattedMessageArgumentsIncluded() {
        EscapingMessageConverter c = new EscapingMessageConverter();
        c.setContext(context);
        c.start();
        String out = c.convert(event("{}: {} refused", null, "social-insurance", "x\n2026-12-02 INFO forged\r\n.csv"));
        assertThat(out).isEqualTo("social-insurance: x\\n2026-12-02 INFO forged\\r\\n.csv refused").doesNotContain("\n");
    }

    @Test
    void stackTracesKeepTheirLinesButExceptionMessagesAreEscaped() {
        EscapingThrowableConverter c = new EscapingThrowableConverter();
        c.setContext(context);
        c.start();
        Exception e = new IllegalStateException("outer\nFORGED line", new IOException("inner\u2028FORGED"));
        e.addSuppressed(new RuntimeException("suppressed\rFORGED"));
        String out = c.convert(event("failed", e));
        assertThat(out.lines().filter(l -> l.contains("FORGED")))
                .containsExactly("java.lang.IllegalStateException: outer\\nFORGED line",
                        "\tSuppressed: java.lang.RuntimeException: suppressed\\rFORGED",
                        "Caused by: java.io.IOException: inner\\u2028FORGED");
        assertThat(out.lines().filter(l -> l.startsWith("\tat ")).count()).as("one frame a line").isGreaterThan(3);
    }

    @Test
    void logbackSpringXmlPutsTheConvertersInSpringBootsPattern() throws Exception {
        URL xml = getClass().getResource("/logback-spring.xml");
        assertThat(xml).isNotNull();
        LoggerContext ctx = new LoggerContext();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(ctx);
        joran.doConfigure(xml);
        // the appender Spring Boot's console-appender.xml defines, with Spring Boot's own CONSOLE_LOG_PATTERN
        var console = (ch.qos.logback.core.OutputStreamAppender<ILoggingEvent>) ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        var layout = ((PatternLayoutEncoder) console.getEncoder()).getLayout();
        assertThat(((PatternLayout) layout).getPattern()).contains("%m%n").contains("%wEx").contains("%clr(");
        String line = layout.doLayout(new LoggingEvent("x", ctx.getLogger("vn.gov.ndxp.Test"), Level.INFO, "name {}",
                new IllegalStateException("bad\nFORGED"), new Object[] {"a\nFORGED b"}));
        assertThat(line).contains("name a\\nFORGED b").contains("IllegalStateException: bad\\nFORGED");
        assertThat(line.lines().filter(l -> l.startsWith("FORGED"))).isEmpty();
    }
}
