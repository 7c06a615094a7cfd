package dev.sparkjobs.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated {@link Caller}, however it proved itself (API key, JWT, or none on a service that
 * authenticates nobody). Its authorities are {@code ROLE_VIEWER}, {@code ROLE_SUBMITTER} and {@code
 * ROLE_ADMIN}, which actuator's {@code show-details: when-authorized} checks.
 */
final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;
    private final String method;

    CallerAuthentication(Caller caller, String method) {
        super(caller.roles().stream()
                .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList());
        this.caller = caller;
        this.method = method;
        setAuthenticated(true);
    }

    Caller caller() {
        return caller;
    }

    /** How the caller authenticated: {@code api-key}, {@code jwt} or {@code none}. */
    String method() {
        return method;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller.name();
    }
}
