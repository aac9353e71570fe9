package vn.gov.ndxp.adapters.security;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import javax.management.ObjectName;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Jolokia's access policy per console role: each check goes to the Jolokia policy of the current
 * user's role (jolokia/operator-access.xml, jolokia/viewer-access.xml); a request without a console
 * role is refused everything. The user is the one Spring Security authenticated for this request
 * (HTTP Basic, or the Hawtio session through {@link HawtioSessionUserFilter}); Jolokia runs in the
 * same thread. Cross-origin access follows ndxp.console.allowed-origins only. Jolokia creates its
 * restrictor by class name (restrictorClass), hence the static hand-over of the allowed origins.
 */
public class ConsoleRestrictor implements Restrictor {

    static volatile Set<String> allowedOrigins = Set.of();

    private final Restrictor operator = policy("jolokia/operator-access.xml");
    private final Restrictor viewer = policy("jolokia/viewer-access.xml");

    private static Restrictor policy(String resource) {
        try (InputStream in = ConsoleRestrictor.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Jolokia policy " + resource + " not found");
            }
            return new PolicyRestrictor(in);
        } catch (IOException e) {
            throw new IllegalStateException("Jolokia policy " + resource + " unreadable", e);
        }
    }

    /** The policy of the current user's role; null: no console role, nothing is allowed. */
    private Restrictor current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            return null;
        }
        Restrictor chosen = null;
        for (GrantedAuthority a : auth.getAuthorities()) {
            if ("ROLE_operator".equals(a.getAuthority())) {
                return operator;
            }
            if ("ROLE_viewer".equals(a.getAuthority())) {
                chosen = viewer;
            }
        }
        return chosen;
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        Restrictor r = current();
        return r != null && r.isHttpMethodAllowed(method);
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        Restrictor r = current();
        return r != null && r.isTypeAllowed(type);
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        Restrictor r = current();
        return r != null && r.isAttributeReadAllowed(name, attribute);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        Restrictor r = current();
        return r != null && r.isAttributeWriteAllowed(name, attribute);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        Restrictor r = current();
        return r != null && r.isOperationAllowed(name, operation);
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        Restrictor r = current();
        return r != null && r.isRemoteAccessAllowed(hostOrAddress);
    }

    /**
     * Strict checking (every request carrying an Origin) is left to Spring Security (CORS, CSRF);
     * CORS headers are given only to the configured origins, whoever asks (preflights carry no user).
     */
    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return onlyWhenStrictCheckingIsEnabled || (origin != null && allowedOrigins.contains(origin));
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        Restrictor r = current();
        return r == null || r.isObjectNameHidden(name);
    }
}
