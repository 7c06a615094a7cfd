package dev.sparkjobs.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/** Whether the service authenticates callers, read from the configuration as it stands. */
record AuthenticationMode(boolean apiKeys, boolean jwt) {

    static final String JWT_PREFIX = "spring.security.oauth2.resourceserver.jwt.";

    static AuthenticationMode of(Environment env) {
        boolean keys = Binder.get(env)
                .bind("jobservice.security.api-keys", Bindable.listOf(SecurityProperties.ApiKey.class))
                .map(l -> !l.isEmpty())
                .orElse(false);
        boolean jwt = has(env, "issuer-uri") || has(env, "jwk-set-uri") || has(env, "public-key-location");
        return new AuthenticationMode(keys, jwt);
    }

    private static boolean has(Environment env, String name) {
        String value = env.getProperty(JWT_PREFIX + name);
        return value != null && !value.isBlank();
    }

    boolean authenticates() {
        return apiKeys || jwt;
    }

    /** True for loopback addresses and names that resolve only to loopback, e.g. {@code localhost}. */
    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false; // Boot takes a blank address for every interface
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(address)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
