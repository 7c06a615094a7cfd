package dev.sparkjobs.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;

/**
 * Makes a caller of a validated JWT: its name, tenant and roles from the configured claims. Roles
 * the service does not know are ignored; a token without a name, or without a tenant where no
 * default is configured, is refused as an invalid token.
 */
final class JwtCallers implements Converter<Jwt, AbstractAuthenticationToken> {

    private final SecurityProperties.Jwt claims;

    JwtCallers(SecurityProperties.Jwt claims) {
        this.claims = claims;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        return new CallerAuthentication(caller(jwt.getClaims()), "jwt");
    }

    Caller caller(Map<String, Object> tokenClaims) {
        String name = string(read(tokenClaims, claims.nameClaim()));
        if (name == null || name.isBlank()) {
            throw invalid("the token has no '" + claims.nameClaim() + "' claim");
        }
        String tenant = string(read(tokenClaims, claims.tenantClaim()));
        if (tenant == null || tenant.isBlank()) {
            tenant = claims.defaultTenant();
        }
        if (tenant == null || tenant.isBlank()) {
            throw invalid("the token has no '" + claims.tenantClaim() + "' claim");
        }
        return new Caller(name, tenant, roles(read(tokenClaims, claims.rolesClaim())));
    }

    private static Object read(Map<String, Object> tokenClaims, String path) {
        Object value = tokenClaims.get(path);
        if (value != null || !path.contains(".")) {
            return value;
        }
        Object at = tokenClaims;
        for (String part : path.split("\\.")) {
            if (!(at instanceof Map<?, ?> map)) {
                return null;
            }
            at = map.get(part);
        }
        return at;
    }

    private static String string(Object value) {
        return value instanceof String s ? s : value == null ? null : value.toString();
    }

    private static Set<Role> roles(Object value) {
        List<String> names = new ArrayList<>();
        if (value instanceof String s) {
            names.addAll(List.of(s.trim().split("[\\s,]+")));
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> names.add(String.valueOf(v)));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String n : names) {
            for (Role r : Role.values()) {
                if (r.name().equals(n.toUpperCase(Locale.ROOT))) {
                    roles.add(r);
                }
            }
        }
        return roles;
    }

    private static OAuth2AuthenticationException invalid(String description) {
        BearerTokenError error = BearerTokenErrors.invalidToken(description);
        return new OAuth2AuthenticationException(error, description);
    }
}
