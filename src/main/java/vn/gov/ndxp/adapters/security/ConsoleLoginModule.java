package vn.gov.ndxp.adapters.security;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * JAAS login module for Hawtio's "hawtio" realm that checks the console users of Spring Security
 * (ndxp.security.users), so the console and the actuator share one user store and one password policy.
 * JAAS creates login modules by class name, hence the static hand-over of the AuthenticationManager.
 */
public class ConsoleLoginModule implements LoginModule {

    static volatile AuthenticationManager manager;

    private Subject subject;
    private CallbackHandler handler;
    private final List<Principal> principals = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.handler = handler;
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            handler.handle(new Callback[] {name, password});
        } catch (Exception e) {
            throw new LoginException("Cannot read credentials: " + e.getMessage());
        }
        if (manager == null || name.getName() == null || password.getPassword() == null) {
            throw new FailedLoginException("No credentials");
        }
        try {
            Authentication auth = manager.authenticate(
                    new UsernamePasswordAuthenticationToken(name.getName(), new String(password.getPassword())));
            principals.add(new UserPrincipal(auth.getName()));
            auth.getAuthorities().forEach(a -> principals.add(new RolePrincipal(a.getAuthority().replaceFirst("^ROLE_", ""))));
            return true;
        } catch (AuthenticationException e) {
            throw new FailedLoginException("Invalid user or password");
        } finally {
            password.clearPassword();
        }
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        principals.clear();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals.clear();
        return true;
    }

    /** The console user. */
    public record UserPrincipal(String getName) implements Principal {
    }
}
