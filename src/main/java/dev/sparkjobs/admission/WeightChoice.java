package dev.sparkjobs.admission;

/**
 * The weight a job runs with. It must fit under every cap that applies to the job (global, pool,
 * tenant), or it could never start; a type's weight heavier than that is brought down to it. A job
 * may ask to be heavier than its type (it only takes more room for itself); only an admin may ask to
 * be lighter, since a lighter job lets more jobs share the driver than its type was measured for.
 */
final class WeightChoice {

    private final AdmissionProperties properties;

    WeightChoice(AdmissionProperties properties) {
        this.properties = properties;
    }

    double weightFor(String type, String tenant, String pool, Double requested, boolean admin) {
        int room = room(tenant, pool);
        double own = properties.weightOf(type);
        if (requested == null) {
            return Math.min(own, room);
        }
        if (requested.isNaN() || requested < AdmissionProperties.MIN_WEIGHT || requested > room) {
            throw new WeightNotAllowedException("must be between " + AdmissionProperties.MIN_WEIGHT + " and " + room
                    + " (the smallest of max-running, the pool's and the tenant's)");
        }
        if (requested < own && !admin) {
            throw new WeightNotAllowedException(
                    "only an admin may make a job lighter than its type's weight (" + own + " for " + type + ")");
        }
        return requested;
    }

    /** The weight, brought down to the smallest cap that applies to the job when it is heavier. */
    double fit(String tenant, String pool, double weight) {
        return Math.min(weight, room(tenant, pool));
    }

    /** The smallest cap on running jobs that applies to a job of the tenant in the pool. */
    private int room(String tenant, String pool) {
        return Math.min(
                properties.effectiveMaxRunning(),
                Math.min(properties.poolMaxRunning(pool), properties.tenantMaxRunning(tenant)));
    }
}
