package vn.gov.ndxp.adapters.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import javax.security.auth.login.AppConfigurationEntry;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

/**
 * Two worlds: the operator console (Hawtio, Jolokia, actuator) behind a login, and the NDXP and SOAP
 * services, which authenticate every exchange themselves (platform JWTs) so that rejections are
 * answered in the NDXP error format and recorded like any other exchange.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityConfiguration.ConsoleUsers.class)
public class SecurityConfiguration {

    /** Console users: ndxp.security.users[i].{name,password,roles}; passwords in {bcrypt}/{noop} form. */
    @ConfigurationProperties("ndxp.security")
    public static class ConsoleUsers {
        private List<ConsoleUser> users = new ArrayList<>();

        public List<ConsoleUser> getUsers() { return users; }
        public void setUsers(List<ConsoleUser> v) { users = v; }
    }

    public static class ConsoleUser {
        private String name;
        private String password;
        private List<String> roles = new ArrayList<>();

        public String getName() { return name; }
        public void setName(String v) { name = v; }
        public String getPassword() { return password; }
        public void setPassword(String v) { password = v; }
        public List<String> getRoles() { return roles; }
        public void setRoles(List<String> v) { roles = v; }
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService consoleUserDetails(ConsoleUsers users) {
        List<UserDetails> details = users.getUsers().stream()
                // a user without a password hash (e.g. no viewer configured in prod) cannot log in
                .filter(u -> u.getPassword() != null && !u.getPassword().isBlank() && !u.getPassword().startsWith("${"))
                .map(u -> User.withUsername(u.getName()).password(u.getPassword())
                        .roles(u.getRoles().toArray(String[]::new)).build())
                .toList();
        return new InMemoryUserDetailsManager(details);
    }

    @Bean
    AuthenticationManager consoleAuthentication(UserDetailsService users, PasswordEncoder encoder) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(provider);
        // Hawtio logs in through JAAS realm "hawtio"; it is answered from the same users
        ConsoleLoginModule.manager = manager;
        javax.security.auth.login.Configuration previous = null;
        try {
            previous = javax.security.auth.login.Configuration.getConfiguration();
        } catch (SecurityException e) {
            // no JAAS configuration file: only ours
        }
        javax.security.auth.login.Configuration.setConfiguration(new HawtioRealm(previous));
        return manager;
    }

    /** JAAS configuration with the "hawtio" realm answered by ConsoleLoginModule. */
    static final class HawtioRealm extends javax.security.auth.login.Configuration {
        private final javax.security.auth.login.Configuration previous;

        HawtioRealm(javax.security.auth.login.Configuration previous) {
            this.previous = previous;
        }

        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            if ("hawtio".equals(name)) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(ConsoleLoginModule.class.getName(),
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, java.util.Map.of())};
            }
            return previous == null ? null : previous.getAppConfigurationEntry(name);
        }
    }

    /** URLs the firewall refuses (encoded slashes, semicolons, ...) are answered in the NDXP error form (a SOAP fault on /soap/**). */
    @Bean
    RequestRejectedHandler ndxpRequestRejected(vn.gov.ndxp.adapters.ndxp.NdxpErrorPages pages) {
        return (request, response, e) -> pages.write(request.getRequestURI(), response, 400,
                "The request URL is not accepted (characters such as ; or encoded / are refused)");
    }

    /** The Jolokia access policy, in front of Jolokia. */
    @Bean
    FilterRegistrationBean<JolokiaAccessFilter> jolokiaAccess(ObjectMapper json, AuthenticationManager users) {
        FilterRegistrationBean<JolokiaAccessFilter> bean = new FilterRegistrationBean<>(new JolokiaAccessFilter(json, users));
        bean.addUrlPatterns("/actuator/jolokia", "/actuator/jolokia/*", "/actuator/hawtio/jolokia", "/actuator/hawtio/jolokia/*");
        bean.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return bean;
    }

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        http.securityMatcher("/actuator/**", "/ops/**", "/login", "/logout")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                        .requestMatchers(HttpMethod.GET, "/ops/**").hasAnyRole("operator", "viewer")
                        .requestMatchers("/ops/**").hasRole("operator")
                        // Hawtio and its Jolokia run their own login (JAAS realm "hawtio" above)
                        .requestMatchers("/actuator/hawtio/**", "/actuator/jolokia/**").permitAll()
                        .anyRequest().hasAnyRole("operator", "viewer"))
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults())
                .csrf(c -> c.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .ignoringRequestMatchers("/actuator/jolokia/**", "/actuator/hawtio/jolokia/**", "/ops/**",
                                // Hawtio's login page posts without a CSRF token; its own servlet checks the credentials
                                "/actuator/hawtio/auth/**"));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain services(HttpSecurity http) throws Exception {
        http.securityMatcher("/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }
}
