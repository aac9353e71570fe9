package vn.gov.ndxp.adapters.adapter;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import vn.gov.ndxp.adapters.exchange.NdxpException;

/**
 * Maintenance mode per adapter, as X-Road's security server has it: while on, the adapter's services
 * answer 503 adapter.maintenance with Retry-After, and its routes stay started. Also a JMX MBean
 * (ndxp:type=Adapters) so operators can switch it from Hawtio, and reload an adapter from there.
 */
@ManagedResource(objectName = "ndxp:type=Adapters", description = "Adapters: maintenance mode, reload")
public class AdapterControl {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterControl.class);

    private final AdapterRegistry registry;
    /** Looked up on use: the reloader needs Camel, whose routes need this. */
    private final ObjectProvider<AdapterReloads> reloads;
    private final Set<String> maintenance = ConcurrentHashMap.newKeySet();

    public AdapterControl(AdapterRegistry registry, ObjectProvider<AdapterReloads> reloads) {
        this.registry = registry;
        this.reloads = reloads;
    }

    /** Hawtio's side of POST /ops/adapters/{id}/reload; a refusal is the operation's error, naming file and field. */
    @ManagedOperation(description = "Reload an adapter from its folder (edited, added or removed) without a restart")
    @ManagedOperationParameter(name = "adapterId", description = "adapter id (its folder name)")
    public Map<String, Object> reloadAdapter(String adapterId) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        try {
            return reloads.getObject().reload(adapterId, user == null ? "jmx" : user.getName());
        } catch (NdxpException e) {
            // JMX clients know only the JDK's exceptions
            throw new IllegalArgumentException(e.category() + ": " + e.getMessage());
        }
    }

    public boolean inMaintenance(String adapterId) {
        return adapterId != null && maintenance.contains(adapterId);
    }

    /** Throws 503 adapter.maintenance while the adapter is in maintenance mode. */
    public void checkNotInMaintenance(String adapterId, int retryAfterSeconds) {
        if (inMaintenance(adapterId)) {
            throw new NdxpException(NdxpException.ADAPTER_MAINTENANCE, 503,
                    "Service in maintenance", "Adapter " + adapterId + " is in maintenance; try again later",
                    null, retryAfterSeconds, null);
        }
    }

    @ManagedOperation(description = "Switch maintenance mode of an adapter on or off")
    @ManagedOperationParameter(name = "adapterId", description = "adapter id")
    @ManagedOperationParameter(name = "on", description = "true: answer 503 adapter.maintenance")
    public boolean setMaintenance(String adapterId, boolean on) {
        if (registry.get(adapterId) == null) {
            return false;
        }
        if (on ? maintenance.add(adapterId) : maintenance.remove(adapterId)) {
            LOG.warn("Adapter {}: maintenance mode {}", adapterId, on ? "ON" : "off");
        }
        return true;
    }

    @ManagedOperation(description = "Adapters and whether each is in maintenance mode")
    public Map<String, Boolean> listMaintenance() {
        Map<String, Boolean> out = new TreeMap<>();
        registry.all().forEach(a -> out.put(a.id(), maintenance.contains(a.id())));
        return out;
    }
}
