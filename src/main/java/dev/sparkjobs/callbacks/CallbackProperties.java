package dev.sparkjobs.callbacks;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where callbacks may go. By default a callback may reach any host whose every address is public;
 * loopback, link-local, cloud metadata, private and other special addresses are refused unless
 * listed (see {@link AllowList} and {@link CallbackPolicy}).
 *
 * @param allowedHosts host names, {@code *.domain} wildcards, IP addresses and CIDR ranges that may
 *     be reached although the rules would refuse them; empty by default
 * @param allowedSchemes {@code https}, {@code http} or both; nothing else is ever allowed
 * @param allowPrivateNetworks whether hosts not listed may resolve to private addresses (RFC 1918,
 *     CGNAT {@code 100.64.0.0/10}, IPv6 unique local): for a service whose callers are inside the
 *     same network
 * @param listedHostsOnly whether a host must be in {@code allowedHosts} to be reached at all
 */
@ConfigurationProperties("jobservice.callbacks")
@Validated
public record CallbackProperties(
        @DefaultValue List<String> allowedHosts,
        @DefaultValue({"https", "http"}) List<String> allowedSchemes,
        @DefaultValue("false") boolean allowPrivateNetworks,
        @DefaultValue("false") boolean listedHostsOnly) {

    private static final Set<String> SCHEMES = Set.of("https", "http");

    public CallbackProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        allowedSchemes = allowedSchemes == null
                ? List.of()
                : allowedSchemes.stream()
                        .map(s -> s == null ? "" : s.strip().toLowerCase(Locale.ROOT))
                        .toList();
        if (allowedSchemes.isEmpty() || !SCHEMES.containsAll(allowedSchemes)) {
            throw new IllegalArgumentException(
                    "jobservice.callbacks.allowed-schemes must be https, http or both, not " + allowedSchemes);
        }
        try {
            AllowList.parse(allowedHosts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jobservice.callbacks." + e.getMessage(), e);
        }
    }

    /** The defaults, for code that runs without Spring. */
    public static CallbackProperties defaults() {
        return new CallbackProperties(List.of(), List.of("https", "http"), false, false);
    }

    /** The parsed {@code allowedHosts}. */
    public AllowList allowList() {
        return AllowList.parse(allowedHosts);
    }
}
