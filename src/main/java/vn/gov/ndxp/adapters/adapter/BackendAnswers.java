package vn.gov.ndxp.adapters.adapter;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.interceptor.Fault;

/**
 * What a SOAP backend's answer turned out to be, as the backend's CXF endpoint marks it (backend.SoapBackends),
 * so {@link Failures} tells the legacy system's own faults from CXF's: CXF reports a reply it cannot read as a
 * SOAP fault too (code soap:Client, "Error reading XMLStreamReader"), which is no client fault of the legacy system.
 */
public final class BackendAnswers {

    private BackendAnswers() {
    }

    /** A SOAP fault the backend sent: the only kind faultStatus rules apply to. */
    public static final class ReceivedFault extends SoapFault {
        private static final long serialVersionUID = 1L;

        public ReceivedFault(SoapFault sent) {
            super(sent.getMessage(), sent.getFaultCode());
            setDetail(sent.getDetail());
            setRole(sent.getRole());
            setNode(sent.getNode());
            setSubCodes(sent.getSubCodes());
            setNamespaces(sent.getNamespaces());
            setStatusCode(sent.getStatusCode());
        }
    }

    /** The backend answered, but not with a readable SOAP envelope (not XML, truncated, not SOAP). */
    public static final class Unreadable extends Fault {
        private static final long serialVersionUID = 1L;

        public Unreadable(Throwable cause) {
            super(cause);
        }
    }
}
