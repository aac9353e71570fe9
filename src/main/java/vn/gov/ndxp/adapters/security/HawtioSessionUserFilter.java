package vn.gov.ndxp.adapters.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import javax.security.auth.Subject;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tells Spring Security who the Hawtio console user of this request is: Hawtio keeps its login (the
 * JAAS subject with the console roles, see ConsoleLoginModule) in its session attribute "subject".
 * Only the identity is resolved here, for this request; what the user may do is decided by the
 * authorization rules and by Jolokia's policy (ConsoleRestrictor). The request itself is not read.
 */
final class HawtioSessionUserFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        if ((current == null || current instanceof AnonymousAuthenticationToken)
                && session != null && session.getAttribute("subject") instanceof Subject subject) {
            List<SimpleGrantedAuthority> roles = subject.getPrincipals(RolePrincipal.class).stream()
                    .map(r -> new SimpleGrantedAuthority("ROLE_" + r.getName())).toList();
            String user = subject.getPrincipals(ConsoleLoginModule.UserPrincipal.class).stream()
                    .map(ConsoleLoginModule.UserPrincipal::getName).findFirst().orElse(null);
            if (user != null && !roles.isEmpty()) {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, roles));
                SecurityContextHolder.setContext(context);
            }
        }
        chain.doFilter(request, response);
    }
}
