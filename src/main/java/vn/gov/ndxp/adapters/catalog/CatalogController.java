package vn.gov.ndxp.adapters.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;

/**
 * The catalogue of data-sharing services this runtime offers: every adapter, its unit, its services
 * with their live state, and links to their machine-readable contracts, all derived from the adapter
 * folders (adapter.yaml, mappings, WSDL) so nothing is written twice.
 */
@RestController
public class CatalogController {

    private final AdapterRegistry registry;
    private final CamelContext camel;
    private final OpenApiGenerator openApi;
    private final ObjectMapper json;

    public CatalogController(AdapterRegistry registry, CamelContext camel, OpenApiGenerator openApi, ObjectMapper json) {
        this.registry = registry;
        this.camel = camel;
        this.openApi = openApi;
        this.json = json;
    }

    @GetMapping(value = "/ndxp/v1/catalog", produces = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode catalog() {
        ObjectNode root = json.createObjectNode();
        root.put("generatedAt", Instant.now().toString());
        ArrayNode adapters = root.putArray("adapters");
        for (AdapterDescriptor a : registry.all()) {
            ObjectNode n = adapters.addObject();
            n.put("id", a.id());
            n.put("name", a.name());
            n.put("kind", a.kind());
            n.put("unit", a.unit());
            n.put("subsystem", a.subsystem());
            n.put("description", a.description());
            n.put("enabled", a.enabled());
            ArrayNode services = n.putArray("services");
            int started = 0;
            boolean hasRest = false;
            for (AdapterDescriptor.Service s : a.services()) {
                ObjectNode sn = services.addObject();
                String state = state(a, s);
                started += "started".equals(state) ? 1 : 0;
                sn.put("id", a.serviceId(s));
                sn.put("code", s.code());
                sn.put("title", s.title());
                sn.put("protocol", s.isSoap() ? "SOAP" : "REST");
                if (!s.isSoap()) {
                    sn.put("method", s.method());
                    hasRest = true;
                }
                sn.put("path", s.path());
                sn.put("route", s.route());
                sn.put("state", state);
                sn.set("allowedClients", json.valueToTree(s.allowedClients()));
                sn.set("policies", json.valueToTree(s.policies().stream().map(AdapterDescriptor.Policy::view).toList()));
                if (s.policies().stream().anyMatch(p -> p.quota() != null)) {
                    sn.put("quotaUnavailable", s.quotaFailOpen() ? "open" : "closed");
                }
                sn.put("contract", s.isSoap() ? s.path() + "?wsdl" : "/ndxp/v1/catalog/" + a.id() + "/openapi.json");
            }
            if (a.services().isEmpty()) {
                // a push-only adapter (file drop): started when one of its routes is
                started = (int) camel.getRoutes().stream().filter(r -> a.id().equals(r.getGroup()))
                        .filter(r -> camel.getRouteController().getRouteStatus(r.getRouteId()).isStarted()).count();
                n.put("state", !a.enabled() ? "disabled" : started > 0 ? "started" : "stopped");
            } else {
                n.put("state", !a.enabled() ? "disabled" : started == a.services().size() ? "started"
                        : started == 0 ? "stopped" : "partially-started");
            }
            ArrayNode purposes = n.putArray("purposes");
            a.purposes().forEach((code, title) -> purposes.addObject().put("code", code).put("title", title));
            ObjectNode contracts = n.putObject("contracts");
            if (hasRest) {
                contracts.put("openapi", "/ndxp/v1/catalog/" + a.id() + "/openapi.json");
            }
            ArrayNode wsdl = json.createArrayNode();
            a.services().stream().filter(AdapterDescriptor.Service::isSoap).forEach(s -> wsdl.add(s.path() + "?wsdl"));
            if (!wsdl.isEmpty()) {
                contracts.set("wsdl", wsdl);
            }
        }
        return root;
    }

    @GetMapping(value = "/ndxp/v1/catalog/{adapterId}/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ObjectNode> openApi(@PathVariable String adapterId) {
        AdapterDescriptor a = registry.get(adapterId);
        if (a == null || a.services().stream().allMatch(AdapterDescriptor.Service::isSoap)) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok(openApi.generate(a));
    }

    private String state(AdapterDescriptor a, AdapterDescriptor.Service s) {
        if (!a.enabled()) {
            return "disabled";
        }
        ServiceStatus status = camel.getRouteController().getRouteStatus(s.route());
        if (status == null) {
            return "missing";
        }
        return status.isStarted() ? "started" : status.isSuspended() ? "suspended" : "stopped";
    }
}
