package vn.gov.ndxp.adapters.adapter;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.cxf.binding.soap.SoapFault;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.mapping.FailWhen;

/**
 * One entry of a backend's {@code faultStatus} (adapter.yaml): which SOAP faults of the legacy system it
 * takes, and the HTTP status and category they answer. The simple form {@code CODE: status} takes a fault
 * whose code's local name, or a text of whose detail, is exactly CODE; the rule form takes a fault whose
 * code ({@code faultCode}, the local name), {@code faultString} and detail ({@code detail}, the text of any
 * detail element or of those named {@code detailElement}) all fully match their patterns, where given.
 * A text longer than {@link FailWhen#MAX_MATCHED_CHARS} characters matches no pattern.
 */
public record FaultRule(Pattern faultCode, Pattern faultString, String detailElement, Pattern detail,
                        boolean either, int status, String category) {

    /** {@code CODE: status}: the fault code's local name or a detail text equal to CODE. */
    public static FaultRule simple(String code, int status) {
        Pattern exact = Pattern.compile(Pattern.quote(code));
        return new FaultRule(exact, null, null, exact, true, status, defaultCategory(status));
    }

    /** A lookup's unknown record is backend.not-found (docs/ndxp-contract.md); any other fault stays backend.fault. */
    public static String defaultCategory(int status) {
        return status == 404 ? NdxpException.BACKEND_NOT_FOUND : NdxpException.BACKEND_FAULT;
    }

    /** @throws IllegalArgumentException naming what is wrong with the pattern */
    public static Pattern pattern(String regex) {
        try {
            return Pattern.compile(regex, Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid regular expression: " + e.getDescription());
        }
    }

    public boolean matches(SoapFault f) {
        boolean code = faultCode != null && f.getFaultCode() != null && FailWhen.fullyMatches(faultCode, f.getFaultCode().getLocalPart());
        boolean detailed = detail != null && f.getDetail() != null && hasText(f.getDetail(), false);
        if (either) {
            return code || detailed;
        }
        return (faultCode == null || code)
                && (faultString == null || f.getMessage() != null && FailWhen.fullyMatches(faultString, f.getMessage().trim()))
                && (detail == null || detailed);
    }

    /** A text of the detail (within an element named detailElement, when given) that fully matches detail. */
    private boolean hasText(Node n, boolean inElement) {
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE && (detailElement == null || inElement)
                    && FailWhen.fullyMatches(detail, c.getNodeValue().trim())) {
                return true;
            }
            if (c instanceof Element e && hasText(e, detailElement != null && detailElement.equals(localName(e)))) {
                return true;
            }
        }
        return false;
    }

    private static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
    }
}
