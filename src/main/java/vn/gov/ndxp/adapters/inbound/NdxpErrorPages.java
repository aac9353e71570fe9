package vn.gov.ndxp.adapters.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.gov.ndxp.adapters.exchange.ErrorBodies;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * Refusals on NDXP paths that happen before any route runs, in the NDXP error form: problem+json on
 * /ndxp/**, a SOAP 1.1 fault on /soap/**, each with X-NDXP-Error and a fresh X-NDXP-Transaction-Id.
 * Three doors lead here: Tomcat's own refusals (malformed request line, over-long headers, %00 or an
 * encoded / in the path: the Host's error report valve, replaced by {@link Valve}), errors that reach
 * the servlet container's error page (Spring Boot's /error, intercepted by {@link #errorPage()}), and
 * Spring Security's firewall (its RequestRejectedHandler calls {@link #write}). Other paths keep
 * Spring Boot's and Tomcat's answers.
 */
public final class NdxpErrorPages {

    private final ObjectMapper json;
    private final NdxpProperties.Headers headers;

    public NdxpErrorPages(ObjectMapper json, NdxpProperties props) {
        this.json = json;
        this.headers = props.getHeaders();
    }

    /** Whether a request path is an NDXP one (answered in the NDXP form). */
    public static boolean covers(String uri) {
        return uri != null && (uri.startsWith("/ndxp/") || uri.startsWith("/soap/"));
    }

    /** The category of a status the web server chose (it knows no categories). */
    static String category(int status) {
        return switch (status) {
            case 401 -> NdxpException.CLIENT_UNAUTHORIZED;
            case 403 -> NdxpException.CLIENT_FORBIDDEN;
            case 404, 405 -> NdxpException.CLIENT_NOT_FOUND;
            case 413 -> NdxpException.CLIENT_PAYLOAD_TOO_LARGE;
            case 415 -> NdxpException.CLIENT_UNSUPPORTED_MEDIA_TYPE;
            case 503 -> NdxpException.ADAPTER_UNAVAILABLE;
            // an unknown method or HTTP version is the caller's doing, whatever the status class says
            case 501, 505 -> NdxpException.CLIENT_BAD_REQUEST;
            default -> status >= 500 ? NdxpException.ADAPTER_INTERNAL : NdxpException.CLIENT_BAD_REQUEST;
        };
    }

    /** Writes the refusal of a request to {@code uri}: problem+json, or a SOAP fault on /soap/**. */
    public void write(String uri, HttpServletResponse response, int status, String detail) throws IOException {
        String category = category(status);
        String txId = UUID.randomUUID().toString();
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        byte[] body;
        if (uri != null && uri.startsWith("/soap/")) {
            // SOAP 1.1 over HTTP: a fault is an HTTP 500, coded with the category
            body = ErrorBodies.soapFaultBody(category, detail, txId);
            response.setStatus(500);
            response.setContentType("text/xml;charset=UTF-8");
        } else {
            body = ErrorBodies.problemBody(json, new NdxpException(category, status, title, detail), txId);
            response.setStatus(status);
            response.setContentType("application/problem+json");
        }
        response.setHeader(headers.getError(), category);
        response.setHeader(headers.getTransactionId(), txId);
        response.setContentLength(body.length);
        OutputStream out = response.getOutputStream();
        out.write(body);
        out.flush();
    }

    private static String detail(int status) {
        return "The request was refused by the web server before any service ran (HTTP " + status + ")";
    }

    /**
     * Replaces the Host's ErrorReportValve: NDXP paths get the NDXP form, so does a request whose
     * path Tomcat could not even parse (it may have been meant for one); others get Tomcat's page
     * without server version or exception report.
     */
    public final class Valve extends ErrorReportValve {

        public Valve() {
            setShowServerInfo(false);
            setShowReport(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            String uri = request.getDecodedRequestURI();
            if (uri == null || uri.isEmpty()) {
                uri = request.getCoyoteRequest().requestURI().toString();
            }
            if (uri != null && !uri.isEmpty() && !covers(uri)) {
                super.report(request, response, throwable);
                return;
            }
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            try {
                response.resetBuffer();
                write(uri, response.getResponse(), status, detail(status));
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // the connection is gone: nothing to answer
            }
        }
    }

    /** On the container's error page (/error): the NDXP form when the failed request was on an NDXP path. */
    public OncePerRequestFilter errorPage() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilterErrorDispatch() {
                return false;
            }

            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !covers((String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
                int status = code instanceof Integer i ? i : 500;
                for (Throwable t = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION); t != null; t = t.getCause()) {
                    // the firewall checks header values when they are read, inside a servlet
                    if (t instanceof RequestRejectedException) {
                        status = 400;
                        break;
                    }
                }
                response.reset();
                write((String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), response, status, detail(status));
            }
        };
    }
}
