package dev.sparkjobs.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Health probes are always open (details only for admins); Prometheus and the API
 * docs are open unless configured otherwise; everything else needs an API key or a JWT, and the
 * {@link dev.sparkjobs.execution.JobService facade} then checks roles and tenants. A service with
 * neither keys nor a JWT issuer authenticates nobody, treats every caller as an admin of the default
 * tenant, and listens on loopback only ({@link LoopbackDefault}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    static final String[] PROBES = {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"};
    static final String[] API_DOCS = {"/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**"};

    @Bean
    SecurityProblems securityProblems(JsonMapper json) {
        return new SecurityProblems(json);
    }

    @Bean
    AuditLog auditLog(JsonMapper json, Clock clock) {
        return new AuditLog(json, clock);
    }

    /** Outside Spring Security's filters (order -100), so that it sees their 401s and 403s too. */
    @Bean
    FilterRegistrationBean<AuditFilter> auditFilter(AuditLog audit) {
        FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(new AuditFilter(audit));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
        return registration;
    }

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http, SecurityProperties properties, SecurityProblems problems, Environment env)
            throws Exception {
        AuthenticationMode mode = AuthenticationMode.of(env);
        checkExposure(env);
        http.csrf(AbstractHttpConfigurer::disable)
                .cors(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new CallerAttribute(), AuthorizationFilter.class);
        if (!mode.authenticates()) {
            http.addFilterBefore(new Unauthenticated(), AnonymousAuthenticationFilter.class)
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll());
            return http.build();
        }
        ApiKeys keys = new ApiKeys(properties.apiKeys());
        // before the resource server's filter, which would take an API key sent as a bearer token for a JWT
        http.addFilterBefore(new ApiKeyFilter(keys, mode.jwt(), problems), BearerTokenAuthenticationFilter.class);
        if (mode.jwt()) {
            http.oauth2ResourceServer(o -> o.bearerTokenResolver(unlessAuthenticated())
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems)
                    .jwt(j -> j.jwtAuthenticationConverter(new JwtCallers(properties.jwt()))));
        }
        http.authorizeHttpRequests(a -> {
            a.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
            a.requestMatchers(PROBES).permitAll();
            if (properties.open().prometheus()) {
                a.requestMatchers("/actuator/prometheus").permitAll();
            }
            if (properties.open().apiDocs()) {
                a.requestMatchers(API_DOCS).permitAll();
            }
            a.requestMatchers("/actuator/**").hasRole(Role.ADMIN.name());
            a.anyRequest().authenticated();
        });
        if (mode.jwt() && !env.containsProperty(AuthenticationMode.JWT_PREFIX + "audiences")) {
            log.warn("JWTs are accepted without an audience check: any token of this issuer that carries a tenant"
                    + " and roles gets in. Set spring.security.oauth2.resourceserver.jwt.audiences.");
        }
        log.info(
                "Authentication on: {} API key(s){}; roles and tenants apply to every /api call",
                properties.apiKeys().size(),
                mode.jwt() ? " and JWTs" : "");
        return http.build();
    }

    /**
     * Refuses to serve without authentication on an address other than loopback, unless that was
     * asked for; says loudly what it is doing either way.
     */
    static void checkExposure(Environment env) {
        if (AuthenticationMode.of(env).authenticates()) {
            return;
        }
        boolean allowed = env.getProperty("jobservice.security.allow-unauthenticated", Boolean.class, false);
        // Boot binds an empty address to "every interface", while the JDK resolves "" to loopback
        String address = env.getProperty("server.address", LoopbackDefault.LOOPBACK);
        String management = env.containsProperty("management.server.port")
                ? env.getProperty("management.server.address", address)
                : address;
        if (!allowed && !AuthenticationMode.isLoopback(management)) {
            throw new IllegalStateException("management.server.address=" + management + " is not loopback, and no"
                    + " authentication is configured. Configure it, or set"
                    + " jobservice.security.allow-unauthenticated=true to serve without authentication anyway.");
        }
        if (AuthenticationMode.isLoopback(address)) {
            log.info(
                    "Authentication off: no jobservice.security.api-keys and no JWT issuer configured, so the"
                            + " service listens on {} only and every caller is an admin. Configure keys or a JWT"
                            + " issuer to serve other addresses.",
                    address);
        } else if (allowed) {
            log.warn(
                    "AUTHENTICATION OFF ON A NETWORK ADDRESS: serving {} without authentication because"
                            + " jobservice.security.allow-unauthenticated=true. Anyone who reaches this port can run"
                            + " SQL on the shared driver and cancel every job.",
                    address);
        } else {
            throw new IllegalStateException("server.address=" + address + " is not loopback, and no"
                    + " authentication is configured (jobservice.security.api-keys or"
                    + " spring.security.oauth2.resourceserver.jwt.*). Configure one, or set"
                    + " jobservice.security.allow-unauthenticated=true to serve without authentication anyway.");
        }
    }

    /** A bearer token already taken as an API key is not a JWT to decode. */
    private static BearerTokenResolver unlessAuthenticated() {
        DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
        return request -> {
            Authentication current = SecurityContextHolder.getContext().getAuthentication();
            return current instanceof CallerAuthentication ? null : standard.resolve(request);
        };
    }

    /** Every request of a service that authenticates nobody comes from the all-powerful local caller. */
    private static final class Unauthenticated extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new CallerAuthentication(Caller.UNAUTHENTICATED, "none"));
            SecurityContextHolder.setContext(context);
            chain.doFilter(request, response);
        }
    }

    /** Leaves the authenticated caller on the request, for the controllers and the audit log. */
    private static final class CallerAttribute extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication a) {
                request.setAttribute(Caller.REQUEST_ATTRIBUTE, a.caller());
                request.setAttribute(AuditLog.METHOD_ATTRIBUTE, a.method());
            }
            chain.doFilter(request, response);
        }
    }
}
