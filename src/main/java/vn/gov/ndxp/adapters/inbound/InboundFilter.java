package vn.gov.ndxp.adapters.inbound;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;
import vn.gov.ndxp.adapters.platform.JwtVerifier;

/**
 * In front of platform-http (and of Spring Security) on /ndxp/v1/*, so that nothing outside the
 * declared shape reaches Camel, the firewall or a log before the InboundGuard has refused it:
 * <ul>
 * <li>Header values that are not printable ASCII are hidden and the first one's name is kept as a
 * request attribute; the guard refuses the call naming it (400, recorded without the value). Left in
 * place, the firewall would refuse them lazily inside Camel's binding, as an HTML 500.</li>
 * <li>The body: platform-http hands the route the servlet's Reader, and Camel's stream caching reads it
 * whole before the route's first step. So the body is cut here: one declared larger than
 * ndxp.inbound.max-body-size is not read at all, any other (chunked too) ends one byte past the limit;
 * the guard answers 413 from what it got. The Reader gives one character per byte (ISO-8859-1), so
 * the guard sees the bytes as sent and judges their charset itself, after authenticating the caller.</li>
 * <li>Nobody unauthenticated makes the runtime read a body: a request with one is read only when its
 * bearer token is valid for the provider whose service the path names; otherwise its body is empty and
 * the guard refuses the call (401) as it refuses any bad token.</li>
 * </ul>
 */
public class InboundFilter extends OncePerRequestFilter {

    /** Request attribute: the name of the first header whose value is not printable ASCII; empty: none. */
    public static final String UNPRINTABLE_HEADER = "ndxp.unprintableHeader";

    private final NdxpProperties props;
    private final AdapterRegistry registry;
    private final JwtVerifier jwt;

    public InboundFilter(NdxpProperties props, AdapterRegistry registry, JwtVerifier jwt) {
        this.props = props;
        this.registry = registry;
        this.jwt = jwt;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long max = props.getInbound().getMaxBodySize().toBytes();
        long declared = request.getContentLengthLong();
        String unprintable = InboundLimits.firstUnprintableHeader(request);
        request.setAttribute(UNPRINTABLE_HEADER, unprintable == null ? "" : unprintable);
        boolean hasBody = declared > 0 || request.getHeader("Transfer-Encoding") != null;
        long readable = declared > max || (hasBody && !authenticated(request)) ? 0 : max + 1;
        chain.doFilter(new Bounded(request, readable, unprintable != null), response);
    }

    private boolean authenticated(HttpServletRequest request) {
        for (AdapterDescriptor a : registry.all()) {
            for (AdapterDescriptor.Service s : a.services()) {
                if (s.serves(request.getMethod(), request.getRequestURI())) {
                    try {
                        jwt.verify(request.getHeader("Authorization"), a.subsystem());
                        return true;
                    } catch (NdxpException e) {
                        return false;
                    }
                }
            }
        }
        return false;
    }

    /** The request whose body ends after {@code readable} bytes, without unprintable header values. */
    static final class Bounded extends HttpServletRequestWrapper {
        private final long readable;
        private final boolean hideUnprintable;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long readable, boolean hideUnprintable) {
            super(request);
            this.readable = readable;
            this.hideUnprintable = hideUnprintable;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Cut(super.getInputStream(), readable);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.ISO_8859_1));
        }

        // parameters are the query string's only: a form or multipart body is never parsed past the cut
        // (Tomcat would read it from its own stream, unbounded by this wrapper and before the token)
        private Map<String, String[]> parameters;

        @Override
        public Map<String, String[]> getParameterMap() {
            if (parameters == null) {
                Map<String, List<String>> query = new LinkedHashMap<>();
                String qs = getQueryString();
                for (String pair : qs == null || qs.isEmpty() ? new String[0] : qs.split("&")) {
                    int eq = pair.indexOf('=');
                    try {
                        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                        query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                    } catch (IllegalArgumentException e) {
                        // a malformed escape: the parameter is left out (the door's query rules refuse such a query)
                    }
                }
                Map<String, String[]> map = new LinkedHashMap<>();
                query.forEach((k, v) -> map.put(k, v.toArray(String[]::new)));
                parameters = Collections.unmodifiableMap(map);
            }
            return parameters;
        }

        @Override
        public String getParameter(String name) {
            String[] v = getParameterMap().get(name);
            return v == null || v.length == 0 ? null : v[0];
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(getParameterMap().keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            return getParameterMap().get(name);
        }

        @Override
        public Collection<Part> getParts() {
            return List.of();
        }

        @Override
        public Part getPart(String name) {
            return null;
        }

        @Override
        public String getHeader(String name) {
            String v = super.getHeader(name);
            return hideUnprintable && v != null && !InboundLimits.printable(v) ? null : v;
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (!hideUnprintable) {
                return super.getHeaders(name);
            }
            return Collections.enumeration(Collections.list(super.getHeaders(name)).stream()
                    .filter(InboundLimits::printable).toList());
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            if (!hideUnprintable) {
                return super.getHeaderNames();
            }
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(n -> getHeaders(n).hasMoreElements()).toList());
        }
    }

    private static final class Cut extends ServletInputStream {
        private final ServletInputStream in;
        private long left;

        Cut(ServletInputStream in, long readable) {
            this.in = in;
            this.left = readable;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return left <= 0 || in.isFinished();
        }

        @Override
        public boolean isReady() {
            return left <= 0 || in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return left <= 0 ? 0 : (int) Math.min(in.available(), left);
        }
    }
}
