package vn.gov.ndxp.adapters.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.login.AppConfigurationEntry;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.validation.annotation.Validated;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;
import vn.gov.ndxp.adapters.inbound.NdxpErrorPages;

/**
 * Two worlds: the operator console (Hawtio, Jolokia, actuator) behind a login, and the NDXP and SOAP
 * services, which authenticate every exchange themselves (platform JWTs) so that rejections are
 * answered in the NDXP error format and recorded like any other exchange.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SecurityConfiguration.ConsoleUsers.class, ConsoleProperties.class})
public class SecurityConfiguration {

    /** Console users: ndxp.security.users[i].{name,password,roles}; passwords in {bcrypt}/{noop} form. */
    @ConfigurationProperties("ndxp.security")
    @Validated
    public static class ConsoleUsers {
        /** Users of the operator console (Hawtio, Jolokia, the ops pages); none: nobody can log in. */
        @Valid
        private List<ConsoleUser> users = new ArrayList<>();

        public List<ConsoleUser> getUsers() { return users; }
        public void setUsers(List<ConsoleUser> v) { users = v; }
    }

    public static class ConsoleUser {
        /** Login name. */
        @NotBlank
        private String name;
        /** Password hash with its encoder's id, e.g. {bcrypt}$2a$10$...; unset or blank: the user cannot log in. */
        private String password;
        /** Console roles: operator (may act) and/or viewer (only looks). */
        private List<@Pattern(regexp = "operator|viewer") String> roles = new ArrayList<>();

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
    AuthenticationManager consoleAuthentication(UserDetailsService users, PasswordEncoder encoder,
            AuthenticationEventPublisher events) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(provider);
        // successes and failures (HTTP Basic and Hawtio's JAAS login alike) reach LoginThrottle
        manager.setAuthenticationEventPublisher(events);
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
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())};
            }
            return previous == null ? null : previous.getAppConfigurationEntry(name);
        }
    }

    /** URLs the firewall refuses (encoded slashes, semicolons, ...) are answered in the NDXP error form (a SOAP fault on /soap/**). */
    @Bean
    RequestRejectedHandler ndxpRequestRejected(NdxpErrorPages pages) {
        return (request, response, e) -> pages.write(request.getRequestURI(), response, 400,
                "The request URL is not accepted (characters such as ; or encoded / are refused)");
    }

    /** Jolokia paths: its own servlet and Hawtio's forward to it. */
    static final String[] JOLOKIA = {"/actuator/jolokia", "/actuator/jolokia/**", "/actuator/hawtio/jolokia", "/actuator/hawtio/jolokia/**"};

    @Bean
    LoginThrottle loginThrottle(ConsoleProperties console, NdxpProperties ndxp, ObjectMapper json) {
        return new LoginThrottle(console.getLoginThrottle(), ndxp.getHeaders(), json);
    }

    /** The filter is added to the console chain only, not to every request. */
    @Bean
    FilterRegistrationBean<LoginThrottle> loginThrottleNotAServletFilter(LoginThrottle throttle) {
        FilterRegistrationBean<LoginThrottle> bean = new FilterRegistrationBean<>(throttle);
        bean.setEnabled(false);
        return bean;
    }

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, ConsoleProperties console, LoginThrottle throttle,
            ServerProperties server) throws Exception {
        ConsoleRestrictor.allowedOrigins = Set.copyOf(console.getAllowedOrigins());
        ConsoleRequests requests = new ConsoleRequests(console.getAllowedOrigins());
        RequestMatcher jolokia = paths(JOLOKIA);
        // on a 403 Hawtio's frontend shows its login page; a 401 challenge would pop up the browser's dialog
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("ndxp-console");
        AuthenticationEntryPoint entry = (req, res, e) -> {
            if (jolokia.matches(req)) {
                res.setStatus(403);
            } else {
                basic.commence(req, res, e);
            }
        };
        CookieCsrfTokenRepository tokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        boolean secure = Boolean.TRUE.equals(server.getServlet().getSession().getCookie().getSecure());
        tokens.setCookieCustomizer(c -> c.sameSite("Strict").secure(secure).path("/"));
        // path matchers, not MVC ones: Jolokia is its own servlet, which MVC matchers do not see
        http.securityMatcher(paths("/actuator/**", "/ops/**", "/login", "/logout"))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(paths("/actuator/health/**", "/actuator/info", "/actuator/prometheus")).permitAll()
                        .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/ops/**"))
                        .hasAnyRole("operator", "viewer")
                        .requestMatchers(paths("/ops/**")).hasRole("operator")
                        // JSONP (Jolokia's callback parameter) would hand another site a user's answers through a
                        // <script> tag; Hawtio never asks for it
                        .requestMatchers(new AndRequestMatcher(jolokia,
                                r -> r.getParameter("callback") != null)).denyAll()
                        // what each role may do there is Jolokia's policy (ConsoleRestrictor)
                        .requestMatchers(jolokia).hasAnyRole("operator", "viewer")
                        // Hawtio's pages and its login servlet (JAAS realm "hawtio" above); its data is Jolokia
                        .requestMatchers(paths("/actuator/hawtio/**")).permitAll()
                        .anyRequest().hasAnyRole("operator", "viewer"))
                .formLogin(Customizer.withDefaults())
                .httpBasic(b -> b.authenticationEntryPoint(entry))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(entry, jolokia))
                .addFilterBefore(throttle, BasicAuthenticationFilter.class)
                .addFilterAfter(new HawtioSessionUserFilter(), BasicAuthenticationFilter.class)
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .cors(c -> c.configurationSource(requests.cors(jolokia)))
                .csrf(c -> c.csrfTokenRepository(tokens)
                        // Hawtio sends the XSRF-TOKEN cookie's value as it is (X-XSRF-TOKEN header)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(new AndRequestMatcher(CsrfFilter.DEFAULT_CSRF_MATCHER,
                                new NegatedRequestMatcher(requests::basicWithoutBrowserSession)))
                        // Hawtio's login form posts without a token: allowed from its own pages only
                        .ignoringRequestMatchers(r -> "/actuator/hawtio/auth/login".equals(r.getRequestURI()) && !requests.crossSite(r)));
        return http.build();
    }

    private static RequestMatcher paths(String... patterns) {
        return new OrRequestMatcher(Arrays.stream(patterns)
                .map(p -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(p)).toList());
    }

    /**
     * Everything else: NDXP services (their bearer token and allowed clients are checked by the inbound
     * guard), SOAP facades (address rule), health. No session, no login, no saved request: only the
     * filters such a request needs, as each one runs on every call.
     */
    @Bean
    @Order(2)
    SecurityFilterChain services(HttpSecurity http) throws Exception {
        http.securityMatcher("/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .servletApi(s -> s.disable())
                .sessionManagement(s -> s.disable())
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()));
        return http.build();
    }

    /**
     * No observation (trace span and timer) around each security filter of each request: HTTP requests
     * are observed once, by Spring's server observation (http_server_requests).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
