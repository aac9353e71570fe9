package vn.gov.ndxp.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoveTargetTest {

    final MoveTarget moves = new MoveTarget(Clock.fixed(Instant.parse("2026-12-02T07:30:05Z"), ZoneOffset.UTC));

    @Test
    void theOriginalKeepsItsName(@TempDir Path inbox) {
        assertThat(moves.of(inbox.toString(), MoveTarget.DONE, "june.csv")).isEqualTo("done/june.csv");
        assertThat(moves.of(inbox.toString(), MoveTarget.ERROR, "june.csv")).isEqualTo("error/june.csv");
        assertThat(moves.of(null, MoveTarget.DONE, "june.csv")).isEqualTo("done/june.csv");
    }

    @Test
    void anEarlierOriginalOfTheSameNameIsNotOverwritten(@TempDir Path inbox) throws Exception {
        Files.createDirectories(inbox.resolve("done"));
        Files.writeString(inbox.resolve("done/june.csv"), "earlier");
        assertThat(moves.of(inbox.toString(), MoveTarget.DONE, "june.csv")).isEqualTo("done/20261202T073005-june.csv");
        // only the folder it goes to counts
        assertThat(moves.of(inbox.toString(), MoveTarget.ERROR, "june.csv")).isEqualTo("error/june.csv");
    }
}
