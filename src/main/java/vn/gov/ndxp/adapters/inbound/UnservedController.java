package vn.gov.ndxp.adapters.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.audit.TransactionLog;
import vn.gov.ndxp.adapters.audit.TransactionRecord;
import vn.gov.ndxp.adapters.exchange.ErrorBodies;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * NDXP requests no started route serves, answered in the NDXP error format. A declared service whose
 * route an operator stopped or suspended answers 503 adapter.stopped with Retry-After (a SOAP facade:
 * a SOAP fault adapter.stopped, where CXF would answer 404 once its route is stopped; the filter
 * below, in front of Camel, which would answer a bare 500), and is recorded like any rejected
 * exchange; a path no service declares answers 404 client.not-found (this controller, reached only
 * when neither Camel nor another controller maps the path).
 */
@RestController
public class UnservedController {

    private final AdapterRegistry registry;
    private final CamelContext camel;
    private final NdxpProperties props;
    private final TransactionLog log;
    private final ObjectMapper json;
    private final InboundLimits limits;

    public UnservedController(AdapterRegistry registry, CamelContext camel, NdxpProperties props, TransactionLog log, ObjectMapper json) {
        this.registry = registry;
        this.camel = camel;
        this.props = props;
        this.log = log;
        this.json = json;
        this.limits = new InboundLimits(props);
    }

    @RequestMapping("/ndxp/v1/**")
    public ResponseEntity<byte[]> unknown(HttpServletRequest request) throws IOException {
        String txId = transactionId(request);
        return ResponseEntity.status(404).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(props.getHeaders().getError(), NdxpException.CLIENT_NOT_FOUND)
                .header(props.getHeaders().getTransactionId(), txId)
                .body(problem(404, NdxpException.CLIENT_NOT_FOUND, "Not found",
                        "No NDXP service at " + request.getMethod() + " " + request.getRequestURI(), txId));
    }

    /** The filter in front of Camel's platform-http for services whose route is not started. */
    public OncePerRequestFilter stoppedServices() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !request.getRequestURI().startsWith("/ndxp/v1/") && !request.getRequestURI().startsWith("/soap/");
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (!answeredStopped(request, response)) {
                    chain.doFilter(request, response);
                }
            }
        };
    }

    private boolean answeredStopped(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Instant in = Instant.now();
        for (AdapterDescriptor a : registry.all()) {
            for (AdapterDescriptor.Service s : a.services()) {
                boolean soapCall = s.isSoap() && "POST".equals(request.getMethod()) && request.getRequestURI().equals(s.path());
                if (!soapCall && (s.isSoap() || !s.serves(request.getMethod(), request.getRequestURI()))) {
                    continue;
                }
                ServiceStatus status = camel.getRouteController().getRouteStatus(s.route());
                if (a.enabled() && status != null && status.isStarted()) {
                    return false;
                }
                String txId = transactionId(request);
                String state = !a.enabled() ? "disabled" : status == null ? "not loaded" : status.name().toLowerCase();
                String detail = "The service " + a.serviceId(s) + " is " + state + " by the operators; try again later";
                byte[] body;
                if (soapCall) {
                    // a legacy SOAP client gets what it understands: a SOAP 1.1 fault (HTTP 500), coded like the others
                    body = ErrorBodies.soapFaultBody(NdxpException.ADAPTER_STOPPED, detail, txId);
                    response.setStatus(500);
                    response.setContentType("text/xml; charset=UTF-8");
                } else {
                    body = problem(503, NdxpException.ADAPTER_STOPPED, "Service stopped", detail, txId);
                    response.setStatus(503);
                    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                }
                response.setHeader(props.getHeaders().getError(), NdxpException.ADAPTER_STOPPED);
                response.setHeader(props.getHeaders().getTransactionId(), txId);
                response.setHeader("Retry-After", String.valueOf(props.getInbound().getRetryAfterSeconds()));
                response.getOutputStream().write(body);
                if (a.enabled()) {
                    long length = Math.max(0, request.getContentLengthLong());
                    // only a client id within its declared shape is recorded (InboundLimits)
                    log.append(new TransactionRecord(txId, a.id(), "inbound", limits.recordable(request, props.getHeaders().getClient()),
                            a.serviceId(s), s.route(), TransactionLog.micros(in), null, null, TransactionLog.micros(Instant.now()),
                            TransactionRecord.FAILURE, 503, NdxpException.ADAPTER_STOPPED, length, (long) body.length, null, null, null, null));
                }
                return true;
            }
        }
        return false;
    }

    private String transactionId(HttpServletRequest request) {
        return InboundLimits.transactionIdOrNew(request.getHeader(props.getHeaders().getTransactionId()));
    }

    private byte[] problem(int status, String category, String title, String detail, String txId) {
        return ErrorBodies.problemBody(json, new NdxpException(category, status, title, detail), txId);
    }
}
