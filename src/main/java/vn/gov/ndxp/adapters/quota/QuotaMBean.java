package vn.gov.ndxp.adapters.quota;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;

/** Each client's quota use, visible in Hawtio under ndxp > Quotas (read by viewers and operators). */
@ManagedResource(objectName = "ndxp:type=Quotas", description = "Quotas per client: limits and calls left")
public class QuotaMBean {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Quotas quotas;
    private final AdapterRegistry registry;

    public QuotaMBean(Quotas quotas, AdapterRegistry registry) {
        this.quotas = quotas;
        this.registry = registry;
    }

    @ManagedAttribute(description = "Per adapter, service and client: each window's limit, calls left and seconds to its end (JSON)")
    public String getUsage() throws Exception {
        return JSON.writeValueAsString(quotas.usage(registry.all()));
    }
}
