package vn.gov.ndxp.adapters.security;

import java.security.Principal;

/** A console role (operator, viewer) as Hawtio's JAAS role check sees it. */
public record RolePrincipal(String getName) implements Principal {
}
