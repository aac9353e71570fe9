package vn.gov.ndxp.adapters.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.gov.ndxp.adapters.exchange.ErrorBodies;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * Failed console logins per user name (from Spring Security's authentication events, so HTTP Basic
 * and Hawtio's login form count alike), and the filter that refuses HTTP Basic (and /login form)
 * attempts of a user while it is blocked, before the password is checked (see
 * {@link ConsoleProperties.LoginThrottle}); Hawtio's own login form has Hawtio's throttle.
 */
public class LoginThrottle extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    /** Beyond this many tracked names the oldest are forgotten, so unknown names cannot fill memory. */
    private static final int MAX_TRACKED = 10_000;

    private record Failures(int count, Instant last) {
    }

    private final ConsoleProperties.LoginThrottle rules;
    private final NdxpProperties.Headers headers;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(ConsoleProperties.LoginThrottle rules, NdxpProperties.Headers headers, ObjectMapper json) {
        this.rules = rules;
        this.headers = headers;
        this.json = json;
    }

    @EventListener
    public void failed(AuthenticationFailureBadCredentialsEvent event) {
        String user = String.valueOf(event.getAuthentication().getName());
        if (failures.size() >= MAX_TRACKED && !failures.containsKey(user)) {
            failures.entrySet().stream().min(Comparator.comparing(e -> e.getValue().last()))
                    .ifPresent(e -> failures.remove(e.getKey()));
        }
        Failures f = failures.merge(user, new Failures(1, clock.instant()), (a, b) -> new Failures(a.count() + 1, b.last()));
        if (f.count() >= rules.getFreeFailures()) {
            LOG.warn("Console login: {} failed attempts for one user name, further attempts refused for {} s",
                    f.count(), retryAfter(user).toSeconds());
        }
    }

    @EventListener
    public void succeeded(AuthenticationSuccessEvent event) {
        failures.remove(event.getAuthentication().getName());
    }

    /** How long attempts of this user are still refused; zero when not blocked. */
    Duration retryAfter(String user) {
        Failures f = failures.get(user);
        if (f == null || f.count() < rules.getFreeFailures()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(f.count() - rules.getFreeFailures(), 40);
        Duration delay = rules.getFirstDelay().multipliedBy(1L << doublings);
        if (delay.compareTo(rules.getMaxDelay()) > 0 || delay.isNegative()) {
            delay = rules.getMaxDelay();
        }
        Duration left = Duration.between(clock.instant(), f.last().plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user = basicUser(request);
        if (user == null && "POST".equals(request.getMethod()) && "/login".equals(request.getRequestURI())) {
            user = request.getParameter("username"); // Spring Security's own login form
        }
        Duration wait = user == null ? Duration.ZERO : retryAfter(user);
        if (wait.isZero()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        String txId = UUID.randomUUID().toString();
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setHeader(headers.getError(), NdxpException.CLIENT_TOO_MANY_REQUESTS);
        response.setHeader(headers.getTransactionId(), txId);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(ErrorBodies.problemBody(json, new NdxpException(NdxpException.CLIENT_TOO_MANY_REQUESTS,
                429, "Too many failed logins", "Too many failed logins for this user; try again in " + seconds + " s"), txId));
    }

    /** The user name of an HTTP Basic header, or null. */
    private static String basicUser(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
