package vn.gov.ndxp.adapters.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class CivilStatusAdapterIT extends SandboxTestSupport {

    @Test
    void birthRecordWithOneParentIsJsonWithArrayAndTypes() throws Exception {
        HttpResponse<String> res = send(ndxp("/ndxp/v1/civil-status/birth-records/001203000001").GET().build());
        System.out.println(res.statusCode() + " " + res.headers().map() + " " + res.body());
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode r = body(res);
        assertThat(r.get("parents").isArray()).isTrue();
        assertThat(r.get("parents")).hasSize(1);
    }
}
