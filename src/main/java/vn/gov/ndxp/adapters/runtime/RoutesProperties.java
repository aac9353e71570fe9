package vn.gov.ndxp.adapters.runtime;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The shared routes (ndxp.routes.*), loaded before every adapter's own. */
@ConfigurationProperties("ndxp.routes")
@Validated
public class RoutesProperties {

    /** Folder of the shared route configurations (*.camel.yaml). */
    @NotBlank
    private String dir;

    public String getDir() { return dir; }
    public void setDir(String v) { dir = v; }
}
