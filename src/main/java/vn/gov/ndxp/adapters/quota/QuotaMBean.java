package vn.gov.ndxp.adapters.quota;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;

/** The policies per service and each client's quota use, in Hawtio under ndxp > Quotas (read by viewers and operators). */
@ManagedResource(objectName = "ndxp:type=Quotas", description = "Policies per client, and quotas: limits and calls left")
public class QuotaMBean {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Quotas quotas;
    private final AdapterRegistry registry;

    public QuotaMBean(Quotas quotas, AdapterRegistry registry) {
        this.quotas = quotas;
        this.registry = registry;
    }

    @ManagedAttribute(description = "Per adapter and service: its allowed clients and their policies (purpose, quota, field set), as"
            + " adapter.yaml declares them (JSON)")
    public String getPolicies() throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AdapterDescriptor a : registry.all()) {
            for (AdapterDescriptor.Service s : a.services()) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("adapter", a.id());
                v.put("service", a.serviceId(s));
                v.put("allowedClients", s.allowedClients());
                v.put("policies", s.policies().stream().map(AdapterDescriptor.Policy::view).toList());
                if (s.policies().stream().anyMatch(p -> p.quota() != null)) {
                    v.put("quotaUnavailable", s.quotaFailOpen() ? "open" : "closed");
                }
                out.add(v);
            }
        }
        return JSON.writeValueAsString(out);
    }

    @ManagedAttribute(description = "Per adapter, service and client: each window's limit, calls left and seconds to its end (JSON)")
    public String getUsage() throws Exception {
        return JSON.writeValueAsString(quotas.usage(registry.all()));
    }
}
