package dev.sparkjobs.security;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is asking, once authenticated: a name for the audit log and the job's {@code submittedBy}, the
 * tenant whose jobs it may see, and its roles.
 */
public record Caller(String name, String tenant, Set<Role> roles) {

    public static final String DEFAULT_TENANT = "default";

    /** The request attribute under which authentication leaves the caller of an HTTP request. */
    public static final String REQUEST_ATTRIBUTE = Caller.class.getName();

    /**
     * The caller of a service that authenticates nobody (it listens on loopback only, or was opened
     * explicitly): may do everything, in the default tenant.
     */
    public static final Caller UNAUTHENTICATED = new Caller("anonymous", DEFAULT_TENANT, EnumSet.allOf(Role.class));

    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tenant, "tenant");
        roles = roles == null || roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** Holds the role, or is an admin. */
    public boolean may(Role role) {
        return isAdmin() || roles.contains(role);
    }

    /** Sees jobs of {@code jobTenant}: its own tenant's, or every tenant's as an admin. */
    public boolean sees(String jobTenant) {
        return isAdmin() || tenant.equals(jobTenant);
    }
}
