package vn.gov.ndxp.adapters.runtime;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.audit.OpsEndpoint;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.files.FileIntake;

/**
 * The operators' file tools: POST /ops/adapters/{id}/files/release?file=&lt;name&gt; (operator role, as every
 * change under /ops) has a processed file read again when it is dropped again, instead of answered
 * as a duplicate. Here rather than in OpsController: it joins the file intake and the transaction log.
 */
@RestController
public class FileOpsController implements OpsEndpoint {

    private final FileIntake intake;
    private final AdapterRegistry registry;

    public FileOpsController(FileIntake intake, AdapterRegistry registry) {
        this.intake = intake;
        this.registry = registry;
    }

    @PostMapping(value = "/ops/adapters/{id}/files/release", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> release(@PathVariable @Size(max = 64) @Pattern(regexp = "[\\x21-\\x7e]+") String id,
                                       @RequestParam @NotBlank @Size(max = 1000) String file) {
        intake.checkRelease(id, file);
        AdapterDescriptor adapter = registry.get(id);
        if (adapter == null || !"file".equals(adapter.kind())) {
            throw new NdxpException(NdxpException.CLIENT_NOT_FOUND, 404, "Not found", "no file adapter " + id, null, null, null);
        }
        FileIntake.Release r = intake.release(id, file, "rest");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("adapter", r.adapter());
        out.put("file", r.file());
        out.put("sha256", r.sha256());
        out.put("released", true);
        out.put("transactionId", r.transactionId());
        return out;
    }
}
