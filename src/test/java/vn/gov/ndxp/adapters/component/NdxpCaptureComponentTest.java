package vn.gov.ndxp.adapters.component;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ndxp-capture: both verbs with their options and defaults, and each wrong URI refused at startup naming
 * route and URI (the capture itself runs against the sandbox database in the integration tests).
 */
class NdxpCaptureComponentTest {

    private static final String QUERY = "sql/changed-since.sql";

    private final Steps steps = new Steps();

    NdxpCaptureComponentTest() throws Exception {
    }

    @AfterEach
    void close() {
        steps.close();
    }

    @Test
    void pollDefaults() throws Exception {
        NdxpCaptureEndpoint e = steps.start("ndxp-capture:poll/business-registry/enterprise?query=" + QUERY + "&key=tax_code",
                NdxpCaptureEndpoint.class);
        assertThat(e.getVerb()).isEqualTo("poll");
        assertThat(e.getAdapter()).isEqualTo("business-registry");
        assertThat(e.getFlow()).isEqualTo("enterprise");
        assertThat(e.getQuery()).isEqualTo(QUERY);
        assertThat(e.getKey()).isEqualTo("tax_code");
        assertThat(e.getTimestamp()).isEqualTo("updated_at");
        assertThat(e.getLagMs()).isEqualTo(2000);
        assertThat(e.getRescanMs()).isEqualTo(600_000);
        assertThat(e.getBatch()).isEqualTo(1000);
    }

    @Test
    void pollOptions() throws Exception {
        NdxpCaptureEndpoint e = steps.start("ndxp-capture:poll/business-registry/enterprise?query=" + QUERY
                + "&timestamp=changed_at&key=tax_code&lagMs=1000&rescanMs=60000&batch=50", NdxpCaptureEndpoint.class);
        assertThat(e.getTimestamp()).isEqualTo("changed_at");
        assertThat(e.getLagMs()).isEqualTo(1000);
        assertThat(e.getRescanMs()).isEqualTo(60_000);
        assertThat(e.getBatch()).isEqualTo(50);
    }

    @Test
    void commitTakesNoOption() throws Exception {
        NdxpCaptureEndpoint e = steps.start("ndxp-capture:commit/business-registry/enterprise", NdxpCaptureEndpoint.class);
        assertThat(e.getVerb()).isEqualTo("commit");
        assertThat(e.getFlow()).isEqualTo("enterprise");
    }

    @Test
    void pollOptionsAreMisplacedOnCommit() throws Exception {
        steps.assertRefused("ndxp-capture:commit/business-registry/enterprise?lagMs=1000",
                "option(s) [lagMs] do not apply to commit, which takes none");
    }

    @Test
    void unknownVerb() throws Exception {
        steps.assertRefused("ndxp-capture:watermark-poll/business-registry/enterprise?query=" + QUERY + "&key=tax_code",
                "unknown verb 'watermark-poll' (poll, commit)");
    }

    @Test
    void unknownOption() throws Exception {
        steps.assertRefused("ndxp-capture:poll/business-registry/enterprise?query=" + QUERY + "&key=tax_code&lag=1000",
                "There are 1 parameters that couldn't be set on the endpoint", "lag=1000");
    }

    @Test
    void theQueryMustBeAFileOfTheAdapter() throws Exception {
        steps.assertRefused("ndxp-capture:poll/business-registry/enterprise?query=sql/nothing.sql&key=tax_code",
                "'query' must name an SQL file of the adapter folder");
    }

    @Test
    void theKeyIsRequired() throws Exception {
        steps.assertRefused("ndxp-capture:poll/business-registry/enterprise?query=" + QUERY,
                "the 'key' option (the key column, the watermark's tie-breaker) is required");
    }

    @Test
    void theFlowIsRequired() throws Exception {
        steps.assertRefused("ndxp-capture:commit/business-registry", "expected ndxp-capture:poll|commit/<adapter>/<flow>");
    }

    @Test
    void unknownAdapter() throws Exception {
        steps.assertRefused("ndxp-capture:commit/land-registry/parcel", "no adapter 'land-registry'");
    }
}
