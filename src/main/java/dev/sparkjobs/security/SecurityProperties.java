package dev.sparkjobs.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the service. With no {@code apiKeys} and no JWT issuer configured, the service
 * authenticates nobody and therefore listens on 127.0.0.1 only, unless {@code allowUnauthenticated}.
 *
 * @param apiKeys keys callers send as {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}
 * @param jwt how a JWT's claims become a caller (the issuer itself is Spring's {@code
 *     spring.security.oauth2.resourceserver.jwt.*})
 * @param allowUnauthenticated serve without authentication on an address other than loopback; a
 *     deliberate, loudly logged choice for a network that is protected otherwise
 * @param open what stays reachable without credentials besides the health probes
 */
@ConfigurationProperties("jobservice.security")
@Validated
public record SecurityProperties(
        List<@Valid ApiKey> apiKeys,
        @Valid @DefaultValue Jwt jwt,
        @DefaultValue("false") boolean allowUnauthenticated,
        @Valid @DefaultValue Open open) {

    public SecurityProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    /**
     * One API key. Only its SHA-256 is configured: a key of 32 random bytes needs no slow hash, and
     * the configuration then holds nothing a reader could call the API with.
     *
     * @param name the caller's name in the audit log and in a job's {@code submittedBy}
     * @param sha256 the key's SHA-256, 64 hex digits ({@code printf %s "$KEY" | sha256sum})
     */
    public record ApiKey(
            @NotBlank String name,
            @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits (a SHA-256)") String sha256,
            @NotBlank
                    @Pattern(
                            regexp = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}",
                            message = "must be 1 to 64 letters, digits, _ . -")
                    String tenant,
            @NotEmpty Set<Role> roles) {}

    /**
     * Where a token's claims are read.
     *
     * @param nameClaim the caller's name
     * @param tenantClaim the caller's tenant; a token without it is refused unless {@code defaultTenant}
     * @param rolesClaim the roles, a list or a space-separated string ({@code viewer}, {@code submitter},
     *     {@code admin}); a dotted path reads a nested claim, e.g. {@code realm_access.roles}
     * @param defaultTenant the tenant of a token without the tenant claim; unset: such a token is refused
     */
    public record Jwt(
            @DefaultValue("sub") @NotBlank String nameClaim,
            @DefaultValue("tenant") @NotBlank String tenantClaim,
            @DefaultValue("roles") @NotBlank String rolesClaim,
            String defaultTenant) {}

    /**
     * @param prometheus {@code /actuator/prometheus} without credentials (scrapers seldom send any)
     * @param apiDocs Swagger UI and {@code /v3/api-docs} without credentials (the UI's Authorize button
     *     then takes a key or a token for the calls it makes)
     */
    public record Open(@DefaultValue("true") boolean prometheus, @DefaultValue("true") boolean apiDocs) {}
}
