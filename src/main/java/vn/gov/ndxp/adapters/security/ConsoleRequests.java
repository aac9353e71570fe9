package vn.gov.ndxp.adapters.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * Where a console request comes from, for CSRF and CORS: the console's own pages, an allowed
 * origin (ndxp.console.allowed-origins), or another site.
 */
final class ConsoleRequests {

    private final Set<String> allowedOrigins;

    ConsoleRequests(List<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /**
     * A browser says where a request comes from (Origin on every cross-origin and every POST
     * request; Sec-Fetch-Site in current browsers); a request that says nothing is not a browser's.
     */
    boolean crossSite(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null) {
            return !(origin.equalsIgnoreCase(ownOrigin(request)) || allowedOrigins.contains(origin));
        }
        String site = request.getHeader("Sec-Fetch-Site");
        return site != null && !"same-origin".equals(site) && !"none".equals(site);
    }

    /**
     * Exempt from CSRF tokens: a client sending HTTP Basic credentials without a session cookie and
     * without a cross-site origin (a script, curl, a monitoring agent). A browser can attach cached
     * Basic credentials to another site's form, but then it names that site in Origin.
     */
    boolean basicWithoutBrowserSession(HttpServletRequest request) {
        String auth = request.getHeader("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)
                && request.getRequestedSessionId() == null && !crossSite(request);
    }

    /** CORS of the matching requests: only the allowed origins, with credentials; none by default. */
    CorsConfigurationSource cors(RequestMatcher paths) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(List.copyOf(allowedOrigins));
        config.setAllowCredentials(true);
        config.setAllowedMethods(List.of("GET", "POST"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-XSRF-TOKEN", "X-Jolokia-Authorization"));
        return request -> paths.matches(request) ? config : null;
    }

    private static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort || port < 0 ? "" : ":" + port);
    }
}
