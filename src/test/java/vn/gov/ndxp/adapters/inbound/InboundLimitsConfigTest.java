package vn.gov.ndxp.adapters.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/** The door's declared limits are validated at start: a value that would not fit its column fails the start. */
class InboundLimitsConfigTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NdxpProperties.class)
    static class Props {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Props.class);

    @Test
    void defaultsFitTheirColumns() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            NdxpProperties.Inbound in = ctx.getBean(NdxpProperties.class).getInbound();
            assertThat(in.getMaxClientLength()).isLessThanOrEqualTo(200);
            assertThat(in.getMaxUserIdLength()).isLessThanOrEqualTo(64);
            assertThat(in.getJson().getMaxNestingDepth()).isEqualTo(32);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"ndxp.inbound.max-user-id-length=65", "ndxp.inbound.max-client-length=201",
            "ndxp.inbound.max-path-length=0", "ndxp.inbound.json.max-nesting-depth=0", "ndxp.inbound.json.max-number-length=5000"})
    void outOfRangeFailsTheStart(String setting) {
        runner.withPropertyValues(setting).run(ctx -> assertThat(ctx).hasFailed());
    }

    @Test
    void printableIsExactlyAsciiFromSpaceToTildeForEveryChar() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            assertThat(InboundLimits.printable("ab" + c + "cd")).as("U+%04X", (int) c).isEqualTo(c >= ' ' && c <= '~');
        }
        assertThat(InboundLimits.printable("")).isTrue();
        assertThat(InboundLimits.printable("Bearer eyJ.x-y_z~")).isTrue();
        assertThat(InboundLimits.printable("\uD83D\uDE00")).as("a surrogate pair").isFalse();
    }
}
