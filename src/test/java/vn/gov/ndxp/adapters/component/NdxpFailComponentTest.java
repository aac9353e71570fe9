package vn.gov.ndxp.adapters.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.gov.ndxp.adapters.exchange.NdxpException;

/** ndxp-fail: the exchange fails with the declared category, status and detail; a wrong URI is refused at startup. */
class NdxpFailComponentTest {

    private final Steps steps = new Steps();

    NdxpFailComponentTest() throws Exception {
    }

    @AfterEach
    void close() {
        steps.close();
    }

    @Test
    void theExchangeFailsWithTheDeclaredError() throws Exception {
        NdxpFailEndpoint e = steps.start("ndxp-fail:backend.not-found?httpStatus=404&detail=No record with this id",
                NdxpFailEndpoint.class);
        assertThat(e.getCategory()).isEqualTo("backend.not-found");
        assertThatThrownBy(() -> steps.template().requestBody("direct:in", "<answer/>"))
                .cause().isInstanceOfSatisfying(NdxpException.class, n -> {
                    assertThat(n.category()).isEqualTo("backend.not-found");
                    assertThat(n.status()).isEqualTo(404);
                    assertThat(n.title()).isEqualTo("Not found");
                    assertThat(n.detail()).isEqualTo("No record with this id");
                });
    }

    @Test
    void theCategoryMustBeAnNdxpCategory() throws Exception {
        steps.assertRefused("ndxp-fail:not-found?httpStatus=404&detail=x", "expected ndxp-fail:<client|adapter|backend|platform>.<name>");
    }

    @Test
    void statusAndDetailAreRequired() throws Exception {
        steps.assertRefused("ndxp-fail:backend.not-found?detail=x", "the 'httpStatus' option (the HTTP status, 400-599) is required");
    }

    @Test
    void aStatusOutsideTheErrorsIsRefused() throws Exception {
        steps.assertRefused("ndxp-fail:backend.not-found?httpStatus=200&detail=x", "the 'httpStatus' option");
    }

    @Test
    void detailIsRequired() throws Exception {
        steps.assertRefused("ndxp-fail:backend.not-found?httpStatus=404", "the 'detail' option (what went wrong, for the caller) is required");
    }
}
