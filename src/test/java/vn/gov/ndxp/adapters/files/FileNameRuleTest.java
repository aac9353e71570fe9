package vn.gov.ndxp.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class FileNameRuleTest {

    private final FileNameRule rule = FileNameRule.of(new FilesProperties().getName());

    @Test
    void vietnameseNamesOfTheUsualShapeAreAccepted() {
        assertThat(rule.check("contributions-2026-10.csv")).isNull();
        assertThat(rule.check("Đóng góp BHXH tháng 10 (Hà Nội), bản 2.csv")).isNull();
        assertThat(rule.check(Normalizer.normalize("Bảo hiểm xã hội.xml", Normalizer.Form.NFD))).as("combining marks").isNull();
    }

    @Test
    void namesOutsideTheRuleAreRefusedWithTheReason() {
        String long201 = "ễ".repeat(67); // 3 bytes each
        assertThat(long201.getBytes(StandardCharsets.UTF_8)).hasSize(201);
        assertThat(rule.check(long201)).contains("201 bytes").contains("at most 200").contains("ndxp.files.name.max-bytes");
        assertThat(rule.check("a\nb.csv")).contains("U+000A");
        assertThat(rule.check("a\u0085b.csv")).contains("U+0085");
        assertThat(rule.check("a\u2028b.csv")).contains("U+2028");
        assertThat(rule.check("a\u001b[31mb.csv")).contains("U+001B");
        assertThat(rule.check("a;b.csv")).contains("ndxp.files.name.pattern");
        assertThat(rule.check("$(reboot).csv")).contains("ndxp.files.name.pattern");
        assertThat(rule.check(" leading-space.csv")).isNotNull();
        assertThat(rule.check("a\u202Evsc.csv")).as("a bidi override is not a letter").isNotNull();
    }

    @Test
    void theSafeNameIsShortPlainDistinctAndKeepsTheExtension() {
        String a = FileNameRule.safe("x\n2026-12-02 INFO forged.csv");
        assertThat(a).matches("x_2026-12-02_INFO_forged-[0-9a-f]{12}\\.csv");
        assertThat(FileNameRule.safe("x\n2026-12-02 INFO forged.csv")).isEqualTo(a);
        assertThat(FileNameRule.safe("x\r2026-12-02 INFO forged.csv")).isNotEqualTo(a);
        String longName = FileNameRule.safe("Bảo hiểm xã hội ".repeat(30) + ".csv");
        assertThat(longName.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64 + 13 + 4);
        assertThat(longName).startsWith("Bảo_hiểm_xã_hội_").endsWith(".csv");
        assertThat(FileNameRule.safe("..hidden")).doesNotStartWith(".");
        assertThat(rule.check(FileNameRule.safe("a\u0007;$b.csv"))).as("a safe name keeps the default rule").isNull();
    }

    @Test
    void theRuleIsValidatedAtStartup() {
        // ndxp.files.dir as config/application.yml sets it
        ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Props.class)
                .withPropertyValues("ndxp.files.dir=data");
        runner.withPropertyValues("ndxp.files.name.max-bytes=250").run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues("ndxp.files.name.pattern=[unclosed").run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues("ndxp.files.retries=-1").run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues("ndxp.files.name.max-bytes=120").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(FilesProperties.class).getName().getMaxBytes()).isEqualTo(120);
        });
    }

    @EnableConfigurationProperties(FilesProperties.class)
    static class Props {
    }
}
