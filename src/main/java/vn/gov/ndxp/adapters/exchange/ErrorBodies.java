package vn.gov.ndxp.adapters.exchange;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapFault;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import vn.gov.ndxp.adapters.mapping.SecureXml;

/** The two shapes of an NDXP error answer: problem+json for REST callers, a SOAP Fault for SOAP callers. */
public final class ErrorBodies {

    public static final String FAULT_NS = "urn:ndxp:error";

    private ErrorBodies() {
    }

    /** The application/problem+json body (RFC 9457) of a failure: one shape for every NDXP answer. */
    public static byte[] problemBody(ObjectMapper json, NdxpException e, String txId) {
        ObjectNode p = json.createObjectNode();
        p.put("type", FAULT_NS + ":" + e.category());
        p.put("title", e.title());
        p.put("status", e.status());
        p.put("detail", e.detail());
        if (e.field() != null) {
            p.put("field", e.field());
        }
        p.put("category", e.category());
        p.put("transactionId", txId);
        try {
            return json.writeValueAsBytes(p);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The fault CXF sends for a failure: code ndxp:<category>, the transaction id in the detail. */
    public static SoapFault soapFault(String category, String message, String field, String txId) {
        SoapFault fault = new SoapFault(message, new QName(FAULT_NS, category, "ndxp"));
        Document doc = SecureXml.newDocument();
        Element detail = doc.createElementNS(null, "detail");
        detail.appendChild(error(doc, category, field, txId));
        fault.setDetail(detail);
        return fault;
    }

    /** The same SOAP 1.1 fault as a whole envelope, for requests answered before CXF or Camel run. */
    public static byte[] soapFaultBody(String category, String detail, String txId) {
        String env = "http://schemas.xmlsoap.org/soap/envelope/";
        Document doc = SecureXml.newDocument();
        Element envelope = doc.createElementNS(env, "soap:Envelope");
        envelope.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:ndxp", FAULT_NS);
        doc.appendChild(envelope);
        Element fault = doc.createElementNS(env, "soap:Fault");
        envelope.appendChild(doc.createElementNS(env, "soap:Body")).appendChild(fault);
        fault.appendChild(doc.createElementNS(null, "faultcode")).setTextContent("ndxp:" + category);
        fault.appendChild(doc.createElementNS(null, "faultstring")).setTextContent(detail);
        Element details = doc.createElementNS(null, "detail");
        fault.appendChild(details);
        details.appendChild(error(doc, category, null, txId));
        return SecureXml.toString(doc).getBytes(StandardCharsets.UTF_8);
    }

    /** The detail's one element, ndxp:error, as the facades' WSDLs declare it (their NdxpFault message). */
    private static Element error(Document doc, String category, String field, String txId) {
        Element error = doc.createElementNS(FAULT_NS, "ndxp:error");
        error.appendChild(text(doc, "category", category));
        error.appendChild(text(doc, "transactionId", txId));
        if (field != null) {
            error.appendChild(text(doc, "field", field));
        }
        return error;
    }

    private static Element text(Document doc, String name, String value) {
        Element el = doc.createElementNS(FAULT_NS, "ndxp:" + name);
        el.setTextContent(value);
        return el;
    }

}
