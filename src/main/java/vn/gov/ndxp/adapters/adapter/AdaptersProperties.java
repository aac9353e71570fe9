package vn.gov.ndxp.adapters.adapter;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** Further folders of adapter folders, scanned like dir (an adapter id is unique across all). */
    private List<@NotBlank String> extraDirs = new ArrayList<>();
    /** How long a reload or removal waits for the adapter's in-flight exchanges before it stops them. */
    @NotNull
    private Duration drainTimeout = Duration.ofSeconds(30);
    @Valid
    private final Watch watch = new Watch();

    public String getDir() { return dir; }
    public void setDir(String v) { dir = v; }
    public Map<String, Boolean> getEnabled() { return enabled; }
    public void setEnabled(Map<String, Boolean> v) { enabled = v; }
    public List<String> getExtraDirs() { return extraDirs; }
    public void setExtraDirs(List<String> v) { extraDirs = v; }
    public Duration getDrainTimeout() { return drainTimeout; }
    public void setDrainTimeout(Duration v) { drainTimeout = v; }
    public Watch getWatch() { return watch; }

    /** Reloading an adapter when its folder changes (the sandbox's edit cycle; off elsewhere). */
    public static class Watch {
        /** Watch the adapter folders and reload an adapter whose files changed. */
        private boolean enabled;
        /** A change is reloaded once its folder has been quiet this long (an editor writes in bursts). */
        @NotNull
        private Duration debounce = Duration.ofSeconds(1);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean v) { enabled = v; }
        public Duration getDebounce() { return debounce; }
        public void setDebounce(Duration v) { debounce = v; }
    }

    /**
     * The switch of one adapter, or null when none is set. An environment variable cannot spell '-':
     * NDXP_ADAPTERS_ENABLED_CIVIL_STATUS binds to the key civil.status.
     */
    public Boolean enabled(String id) {
        Boolean v = enabled.get(id);
        return v != null ? v : enabled.get(id.replace('-', '.'));
    }
}
