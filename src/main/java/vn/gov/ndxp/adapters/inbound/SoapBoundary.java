package vn.gov.ndxp.adapters.inbound;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.helpers.CastUtils;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.interceptor.StaxInInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageUtils;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.staxutils.StaxUtils;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.audit.TransactionLog;
import vn.gov.ndxp.adapters.audit.TransactionRecord;
import vn.gov.ndxp.adapters.exchange.ErrorBodies;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * The door of the SOAP facades, before CXF and Camel: the envelope's size (declared Content-Length
 * refused before anything is read, a chunked body cut at the limit), its XML shape (CXF's StAX
 * limits: depth, children, elements, attributes, text; a DTD is refused by CXF's SOAP reader) and every
 * refusal CXF raises itself answered as the facades' SOAP fault ndxp:category with a transaction id
 * and X-NDXP-Error, instead of CXF's own "Could not parse message" faults; each refusal is recorded
 * in the transaction log like the routes' own.
 */
public class SoapBoundary {

    private static final Logger LOG = LoggerFactory.getLogger(SoapBoundary.class);

    /** Thrown by the facade's request stream at the limit; CXF reports it as the cause of its fault. */
    static final class PayloadTooLargeException extends IOException {
        PayloadTooLargeException(long max) {
            super("The SOAP request exceeds the limit of " + max + " bytes (ndxp.inbound.max-soap-body-size)");
        }
    }

    /** Request attributes: when the request came in, and the bytes read of its body so far. */
    private static final String IN = SoapBoundary.class.getName() + ".in";
    private static final String READ = SoapBoundary.class.getName() + ".read";

    private final NdxpProperties props;
    private final AdapterRegistry registry;
    private final TransactionLog log;

    public SoapBoundary(NdxpProperties props, Bus bus, AdapterRegistry registry, TransactionLog log) {
        this.props = props;
        this.registry = registry;
        this.log = log;
        bus.getInInterceptors().add(new XmlLimits());
        bus.getInInterceptors().add(new AttributeCount());
        bus.getOutFaultInterceptors().add(new FaultCategory());
    }

    /** The servlet filter in front of the facades (/soap/*): size before work. */
    public OncePerRequestFilter bodyLimit() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                // CXF reads a body whatever the method (PUT too): only a WSDL GET goes unbounded
                return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                long max = props.getInbound().getMaxSoapBodySize().toBytes();
                request.setAttribute(IN, Instant.now());
                if (request.getContentLengthLong() > max) {
                    String txId = InboundLimits.transactionIdOrNew(request.getHeader(props.getHeaders().getTransactionId()));
                    String detail = new PayloadTooLargeException(max).getMessage();
                    LOG.warn("[{}] SOAP request to {} refused: {} (declared {} bytes)", txId, request.getRequestURI(),
                            NdxpException.CLIENT_PAYLOAD_TOO_LARGE, request.getContentLengthLong());
                    byte[] body = ErrorBodies.soapFaultBody(NdxpException.CLIENT_PAYLOAD_TOO_LARGE, detail, txId);
                    response.setStatus(500);
                    response.setContentType("text/xml; charset=UTF-8");
                    response.setHeader(props.getHeaders().getError(), NdxpException.CLIENT_PAYLOAD_TOO_LARGE);
                    response.setHeader(props.getHeaders().getTransactionId(), txId);
                    // the unread body is not drained: the connection ends with the answer
                    response.setHeader("Connection", "close");
                    response.setContentLength(body.length);
                    response.getOutputStream().write(body);
                    record(request, txId, NdxpException.CLIENT_PAYLOAD_TOO_LARGE, request.getContentLengthLong(), (long) body.length);
                    return;
                }
                long[] read = new long[1];
                request.setAttribute(READ, read);
                chain.doFilter(new Bounded(request, max, read), response);
            }
        };
    }

    /** A refused facade call is recorded like any rejected exchange (the route never saw it). */
    private void record(HttpServletRequest http, String txId, String category, long requestBytes, Long responseBytes) {
        for (AdapterDescriptor a : registry.all()) {
            for (AdapterDescriptor.Service s : a.services()) {
                if (s.isSoap() && s.path().equals(http.getRequestURI()) && a.enabled()) {
                    Instant in = http.getAttribute(IN) instanceof Instant i ? i : Instant.now();
                    log.append(new TransactionRecord(txId, a.id(), "inbound", a.subsystem(), a.serviceId(s), s.route(),
                            TransactionLog.micros(in), null, null, TransactionLog.micros(Instant.now()), TransactionRecord.FAILURE,
                            500, category, requestBytes, responseBytes, null, null, null, null));
                    return;
                }
            }
        }
    }

    /** A request whose body ends in PayloadTooLargeException after max bytes. */
    private static final class Bounded extends HttpServletRequestWrapper {
        private final long max;
        private final long[] read;
        private ServletInputStream in;

        Bounded(HttpServletRequest request, long max, long[] read) {
            super(request);
            this.max = max;
            this.read = read;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                ServletInputStream raw = super.getInputStream();
                in = new ServletInputStream() {
                    private int count(int n) throws PayloadTooLargeException {
                        if (n > 0 && (read[0] += n) > max) {
                            throw new PayloadTooLargeException(max);
                        }
                        return n;
                    }

                    @Override
                    public int read() throws IOException {
                        int b = raw.read();
                        count(b < 0 ? -1 : 1);
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        return count(raw.read(b, off, len));
                    }

                    @Override
                    public boolean isFinished() {
                        return raw.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return raw.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        raw.setReadListener(listener);
                    }
                };
            }
            return in;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    /** Puts the configured StAX limits on every request a facade receives (server side only). */
    private final class XmlLimits extends AbstractPhaseInterceptor<Message> {
        XmlLimits() {
            super(Phase.RECEIVE);
        }

        @Override
        public void handleMessage(Message message) {
            if (MessageUtils.isRequestor(message)) {
                return; // a response to one of our own SOAP clients (legacy backends)
            }
            NdxpProperties.SoapXml x = props.getInbound().getSoapXml();
            message.put(StaxUtils.MAX_ELEMENT_DEPTH, x.getMaxElementDepth());
            message.put(StaxUtils.MAX_CHILD_ELEMENTS, x.getMaxChildElements());
            message.put(StaxUtils.MAX_ELEMENT_COUNT, x.getMaxElementCount());
            message.put(StaxUtils.MAX_ATTRIBUTE_COUNT, x.getMaxAttributeCount());
            message.put(StaxUtils.MAX_ATTRIBUTE_SIZE, x.getMaxAttributeSize());
            message.put(StaxUtils.MAX_TEXT_LENGTH, x.getMaxTextLength());
            message.put(StaxUtils.MAX_XML_CHARACTERS, props.getInbound().getMaxSoapBodySize().toBytes());
        }
    }

    /**
     * Woodstox takes its attributes-per-element limit from the factory only (CXF's is 500), not from the
     * per-message property: the configured count is checked on each element of the reader CXF made.
     */
    private final class AttributeCount extends AbstractPhaseInterceptor<Message> {
        AttributeCount() {
            super(Phase.POST_STREAM);
            addAfter(StaxInInterceptor.class.getName());
        }

        @Override
        public void handleMessage(Message message) {
            XMLStreamReader reader = message.getContent(XMLStreamReader.class);
            if (MessageUtils.isRequestor(message) || reader == null) {
                return;
            }
            int max = props.getInbound().getSoapXml().getMaxAttributeCount();
            message.setContent(XMLStreamReader.class, new StreamReaderDelegate(reader) {
                @Override
                public int next() throws XMLStreamException {
                    return checked(super.next());
                }

                @Override
                public int nextTag() throws XMLStreamException {
                    return checked(super.nextTag());
                }

                private int checked(int event) throws XMLStreamException {
                    if (event == XMLStreamConstants.START_ELEMENT && getAttributeCount() > max) {
                        throw new XMLStreamException("Maximum attribute count limit (" + max + ") exceeded", getLocation());
                    }
                    return event;
                }
            });
        }
    }

    /**
     * Faults CXF raises itself (the route never ran: unreadable, oversized or over-limit XML, unknown
     * operation) get the facades' form. Faults from routes are already ndxp:* and pass unchanged.
     */
    private final class FaultCategory extends AbstractPhaseInterceptor<Message> {
        FaultCategory() {
            super(Phase.PRE_LOGICAL);
        }

        @Override
        public void handleMessage(Message message) {
            Exception ex = message.getContent(Exception.class);
            if (ex instanceof Fault f && f.getFaultCode() != null && ErrorBodies.FAULT_NS.equals(f.getFaultCode().getNamespaceURI())) {
                return;
            }
            String category;
            String detail;
            PayloadTooLargeException tooLarge = cause(ex, PayloadTooLargeException.class);
            XMLStreamException xml = cause(ex, XMLStreamException.class);
            if (tooLarge != null) {
                category = NdxpException.CLIENT_PAYLOAD_TOO_LARGE;
                detail = tooLarge.getMessage();
            } else if (xml != null || ex instanceof Fault f && Fault.FAULT_CODE_CLIENT.equals(f.getFaultCode())
                    || ex instanceof SoapFault sf && sf.getFaultCode() != null && "Client".equals(sf.getFaultCode().getLocalPart())) {
                category = NdxpException.CLIENT_BAD_REQUEST;
                detail = "The SOAP request cannot be read: " + clean(xml != null ? xml.getMessage() : ex.getMessage());
            } else {
                category = NdxpException.ADAPTER_INTERNAL;
                detail = "The SOAP facade failed before the request reached its route";
            }
            Message in = message.getExchange().getInMessage();
            HttpServletRequest http = in == null ? null : (HttpServletRequest) in.get(AbstractHTTPDestination.HTTP_REQUEST);
            String txId = InboundLimits.transactionIdOrNew(http == null ? null : http.getHeader(props.getHeaders().getTransactionId()));
            if (category.equals(NdxpException.ADAPTER_INTERNAL)) {
                LOG.error("[{}] SOAP request to {} failed in CXF: {}", txId, http == null ? "?" : http.getRequestURI(),
                        clean(String.valueOf(ex)), ex);
            } else {
                LOG.warn("[{}] SOAP request to {} refused: {}: {}", txId, http == null ? "?" : http.getRequestURI(), category, detail);
            }
            message.setContent(Exception.class, ErrorBodies.soapFault(category, detail, null, txId));
            Map<String, List<String>> headers = CastUtils.cast((Map<?, ?>) message.get(Message.PROTOCOL_HEADERS));
            if (headers == null) {
                headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                message.put(Message.PROTOCOL_HEADERS, headers);
            }
            headers.put(props.getHeaders().getError(), new ArrayList<>(List.of(category)));
            headers.put(props.getHeaders().getTransactionId(), new ArrayList<>(List.of(txId)));
            if (http != null) {
                long read = http.getAttribute(READ) instanceof long[] r ? r[0] : Math.max(0, http.getContentLengthLong());
                record(http, txId, category, read, null);
            }
        }
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Parser messages may quote the request: no control characters, bounded length. */
    private static String clean(String s) {
        if (s == null) {
            return "malformed request";
        }
        String c = s.replaceAll("\\p{Cntrl}", " ");
        return c.length() > 300 ? c.substring(0, 300) + "..." : c;
    }
}
