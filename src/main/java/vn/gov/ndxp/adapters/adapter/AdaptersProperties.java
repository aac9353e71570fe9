package vn.gov.ndxp.adapters.adapter;

import jakarta.validation.constraints.NotBlank;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The adapter folders and the operators' switches (ndxp.adapters.*). */
@ConfigurationProperties("ndxp.adapters")
@Validated
public class AdaptersProperties {

    /** Folder holding one folder per adapter (adapter.yaml, mappings, WSDL, SQL). */
    @NotBlank
    private String dir;
    /**
     * Adapter id -> false to take the adapter out (its routes are not loaded), true to force it on;
     * overrides the enabled field of its adapter.yaml. As an environment variable:
     * NDXP_ADAPTERS_ENABLED_CIVIL_STATUS=false.
     */
    private Map<String, Boolean> enabled = new LinkedHashMap<>();

    public String getDir() { return dir; }
    public void setDir(String v) { dir = v; }
    public Map<String, Boolean> getEnabled() { return enabled; }
    public void setEnabled(Map<String, Boolean> v) { enabled = v; }

    /**
     * The switch of one adapter, or null when none is set. An environment variable cannot spell '-':
     * NDXP_ADAPTERS_ENABLED_CIVIL_STATUS binds to the key civil.status.
     */
    public Boolean enabled(String id) {
        Boolean v = enabled.get(id);
        return v != null ? v : enabled.get(id.replace('-', '.'));
    }
}
