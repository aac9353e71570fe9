package vn.gov.ndxp.adapters.backend;

import java.util.HashMap;
import java.util.Map;
import javax.xml.namespace.QName;
import org.apache.camel.CamelContext;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.cxf.Bus;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;

/**
 * Every SOAP backend of an enabled adapter (adapter.yaml backends.&lt;name&gt; with wsdl, service and
 * port) as the CXF endpoint bean "&lt;adapter-id&gt;-&lt;backend&gt;", so a route calls an operation with
 * cxf:bean:civil-status-legacy-soap?defaultOperationName=GetBirthRecord and the address, WSDL and
 * names live once in adapter.yaml. The bean is a prototype: Camel's CXF component refuses one
 * endpoint instance under two URIs, and each operation is its own URI.
 */
public class SoapBackends {

    /** CXF's switch from its JDK HttpClient conduit to the blocking HttpURLConnection one. */
    static final String FORCE_URLCONNECTION = "force.urlconnection.http.conduit";

    private final AdapterRegistry registry;
    private final Bus bus;

    public SoapBackends(AdapterRegistry registry, Bus bus) {
        this.registry = registry;
        this.bus = bus;
    }

    public void bindTo(CamelContext context) {
        registry.enabled().forEach(a -> bind(context, a));
    }

    /** Binds (or re-binds, on a reload) the endpoint beans of one adapter's SOAP backends. */
    public void bind(CamelContext context, AdapterDescriptor a) {
        for (AdapterDescriptor.Backend b : a.backends().values()) {
            if (b.isSoap()) {
                context.getRegistry().bindAsPrototype(a.beanName(b), CxfEndpoint.class, () -> endpoint(context, b));
            }
        }
    }

    public void unbind(CamelContext context, AdapterDescriptor a) {
        a.backends().values().stream().filter(AdapterDescriptor.Backend::isSoap).forEach(b -> context.getRegistry().unbind(a.beanName(b)));
    }

    private CxfEndpoint endpoint(CamelContext context, AdapterDescriptor.Backend b) {
        CxfEndpoint e = new BackendEndpoint();
        e.setCamelContext(context);
        e.setBus(bus);
        e.setAddress(b.url());
        e.setWsdlURL(b.wsdl().toUri().toString());
        e.setServiceNameAsQName(QName.valueOf(b.service()));
        e.setPortNameAsQName(QName.valueOf(b.port()));
        e.setDataFormat(DataFormat.PAYLOAD);
        // the blocking conduit: the JDK HttpClient one adds its own threads to every call (a new thread
        // per response stage on a 2-CPU machine, where the common pool has one)
        e.setProperties(new HashMap<>(Map.of(FORCE_URLCONNECTION, Boolean.TRUE)));
        // the legacy system's faults told from CXF's own (adapter.BackendAnswers)
        e.getInInterceptors().add(new AnswerMarkers.ReplyRead());
        e.getInFaultInterceptors().add(new AnswerMarkers.ReplyRead()); // a fault cut off half way is unreadable too
        e.getInFaultInterceptors().add(new AnswerMarkers.FaultReceived());
        return e;
    }

    /**
     * A backend call waits for the legacy answer on the route's own thread: asynchronously, the rest of
     * the route would continue on CXF's work queue, one more thread hand-off per call for nothing (the
     * request thread has nothing else to do). The CXF component sets every endpoint's mode from its own
     * default when it resolves cxf:bean:..., hence the override rather than a setter.
     */
    static final class BackendEndpoint extends CxfEndpoint {
        @Override
        public boolean isSynchronous() {
            return true;
        }
    }
}
