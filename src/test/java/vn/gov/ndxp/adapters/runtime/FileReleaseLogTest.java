package vn.gov.ndxp.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The release record's request body is JSON whatever the name holds, and the name is cut. */
class FileReleaseLogTest {

    @Test
    void theNameIsEscapedAndCut() throws Exception {
        String sha = "a".repeat(64);
        String name = "bảng \"lương\" \\ 2026\u0001.csv";
        JsonNode body = new ObjectMapper().readTree(FileReleaseLog.body(name, sha));
        assertThat(body.path("file").asText()).isEqualTo(name);
        assertThat(body.path("sha256").asText()).isEqualTo(sha);
        assertThat(new ObjectMapper().readTree(FileReleaseLog.body("x".repeat(1000), sha)).path("file").asText())
                .hasSize(FileReleaseLog.MAX_NAME_CHARS);
    }
}
