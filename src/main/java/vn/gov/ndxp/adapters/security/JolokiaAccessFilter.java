package vn.gov.ndxp.adapters.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import javax.security.auth.Subject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Jolokia access policy, enforced on the server whatever the console shows: a user without the
 * operator role may read attributes and call read-only operations (dump..., get..., list..., ...),
 * but not write attributes or call anything else (stop, start, suspend, replay, discard, ...).
 * Roles come from the HTTP Basic credentials (checked against the console users) or from the Hawtio
 * session's JAAS subject.
 */
public class JolokiaAccessFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaAccessFilter.class);
    private static final Pattern READ_ONLY = Pattern.compile(
            "^(dump|get|list|is|can|browse|count|explain|find|info|verify|query|has|check|search|read|print|validate|format)[A-Za-z]*(\\(.*\\))?$");
    private static final int MAX_BODY = 1 << 20;

    private final ObjectMapper json;
    private final AuthenticationManager users;

    public JolokiaAccessFilter(ObjectMapper json, AuthenticationManager users) {
        this.json = json;
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (roles(request).contains("operator")) {
            chain.doFilter(request, response);
            return;
        }
        String denied;
        HttpServletRequest forward = request;
        if ("POST".equals(request.getMethod())) {
            byte[] body = request.getInputStream().readNBytes(MAX_BODY);
            forward = new CachedBody(request, body);
            denied = deniedInBody(body);
        } else {
            denied = deniedInPath(request.getRequestURI());
        }
        if (denied != null) {
            LOG.warn("Jolokia: user {} without the operator role refused: {}", user(request), denied);
            response.setStatus(403);
            response.setContentType("application/json");
            response.getWriter().write(json.writeValueAsString(java.util.Map.of("status", 403,
                    "error_type", "java.lang.SecurityException", "error", "Operator role required: " + denied)));
            return;
        }
        chain.doFilter(forward, response);
    }

    private String deniedInBody(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode node = json.readTree(body);
            for (JsonNode r : node.isArray() ? node : json.createArrayNode().add(node)) {
                String d = denied(r.path("type").asText(), r.path("operation").asText(), r.path("mbean").asText());
                if (d != null) {
                    return d;
                }
            }
            return null;
        } catch (IOException e) {
            return "unreadable request";
        }
    }

    /** GET /jolokia/exec/<mbean>/<operation>/... and /jolokia/write/... */
    private String deniedInPath(String uri) {
        String path = URLDecoder.decode(uri, StandardCharsets.UTF_8);
        int i = path.indexOf("/jolokia/");
        if (i < 0) {
            return null;
        }
        String[] parts = path.substring(i + 9).split("/");
        String type = parts.length > 0 ? parts[0] : "";
        String mbean = parts.length > 1 ? parts[1] : "";
        String operation = parts.length > 2 ? parts[2] : "";
        return denied(type, operation, mbean);
    }

    static String denied(String type, String operation, String mbean) {
        if ("write".equals(type)) {
            return "write " + mbean;
        }
        if ("exec".equals(type) && !READ_ONLY.matcher(operation).matches()) {
            return "exec " + operation + " on " + mbean;
        }
        return null;
    }

    private Set<String> roles(HttpServletRequest request) {
        Set<String> roles = new HashSet<>();
        Authentication auth = basic(request);
        if (auth != null) {
            auth.getAuthorities().forEach(a -> roles.add(a.getAuthority().replaceFirst("^ROLE_", "")));
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute("subject") instanceof Subject subject) {
            subject.getPrincipals(RolePrincipal.class).forEach(r -> roles.add(r.getName()));
        }
        return roles;
    }

    /** The console user of an HTTP Basic header, checked against the console users; else null. */
    private Authentication basic(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String[] up = new String(java.util.Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8).split(":", 2);
            return up.length == 2 ? users.authenticate(new UsernamePasswordAuthenticationToken(up[0], up[1])) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String user(HttpServletRequest request) {
        Authentication auth = basic(request);
        if (auth != null) {
            return auth.getName();
        }
        HttpSession session = request.getSession(false);
        return session == null ? "anonymous" : String.valueOf(session.getAttribute("user"));
    }

    /** The request with its already-read body, for Jolokia to read again. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
