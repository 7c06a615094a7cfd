package dev.sparkjobs.admission;

import java.util.List;
import java.util.Set;

/** Which pool a submission runs in: its tenant's pools bound the choice, when it has a list. */
final class PoolChoice {

    private final AdmissionProperties properties;
    private final Set<String> known;

    PoolChoice(AdmissionProperties properties) {
        this.properties = properties;
        this.known = properties.poolNames();
    }

    String poolFor(String tenant, String requested) {
        List<String> allowed = properties.tenantPools(tenant);
        if (allowed.isEmpty()) {
            String pool = requested == null ? AdmissionProperties.DEFAULT_POOL : requested;
            if (!known.contains(pool)) {
                throw new PoolNotAllowedException(
                        "unknown pool '" + pool + "'; known pools: " + String.join(", ", known));
            }
            return pool;
        }
        if (requested == null) {
            return allowed.get(0);
        }
        if (!allowed.contains(requested)) {
            throw new PoolNotAllowedException("tenant '" + tenant + "' may not use pool '" + requested
                    + "'; its pools: " + String.join(", ", allowed));
        }
        return requested;
    }
}
