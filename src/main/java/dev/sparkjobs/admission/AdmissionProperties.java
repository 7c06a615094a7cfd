package dev.sparkjobs.admission;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How much work the shared driver takes on, and from whom.
 *
 * @param maxRunning jobs running at once; unset means the driver's cores (at least 2)
 * @param maxQueued jobs waiting at once; one more is refused with 429
 * @param retryAfter what a refused caller is told to wait
 * @param pools FAIR pools a job may name; {@code default} always exists
 * @param tenants limits and pools of named tenants
 * @param tenantDefaults limits of every tenant for what its entry in {@code tenants} does not set
 * @param driverHealth when the driver JVM is too short of memory to start more jobs
 * @param weights each job type's share of a running slot, over the built-in ones ({@link #BUILT_IN_WEIGHTS});
 *     a type in neither weighs 1. Every cap on running jobs counts these weights, not jobs.
 * @param maxThreads the most jobs that run at once however light they are: the job executor's threads
 */
@ConfigurationProperties("jobservice.admission")
@Validated
public record AdmissionProperties(
        @Positive Integer maxRunning,
        @DefaultValue("1000") @Positive int maxQueued,
        @DefaultValue("30s") Duration retryAfter,
        Map<String, @Valid Pool> pools,
        Map<String, @Valid Tenant> tenants,
        @DefaultValue @Valid TenantLimits tenantDefaults,
        @DefaultValue @Valid DriverHealth driverHealth,
        Map<String, @DecimalMin(MIN_WEIGHT_TEXT) Double> weights,
        @DefaultValue("64") @Positive int maxThreads) {

    public static final String DEFAULT_POOL = "default";

    /** The lightest a job may be: at most 20 jobs per running slot. */
    public static final double MIN_WEIGHT = 0.05;

    static final String MIN_WEIGHT_TEXT = "0.05";

    /**
     * Weights of the service's own types. A maintenance job (OPTIMIZE, VACUUM, ANALYZE) is I/O-bound:
     * its driver thread mostly waits on file listings and deletes, and it holds few cores, so four of
     * them take the room of one SQL or ingest job.
     */
    public static final Map<String, Double> BUILT_IN_WEIGHTS = Map.of("sql", 1.0, "ingest", 1.0, "maintenance", 0.25);

    /**
     * One FAIR pool.
     *
     * @param maxRunning jobs of this pool running at once; unset means the global cap
     * @param weight the pool's share of the cluster relative to other pools
     * @param minShare cores the pool gets before weights apply
     */
    public record Pool(
            @Positive Integer maxRunning,
            @DefaultValue("1") @Positive int weight,
            @DefaultValue("0") @PositiveOrZero int minShare) {}

    /**
     * One tenant's share of the service.
     *
     * @param maxRunning its jobs running at once; unset means {@code tenant-defaults.max-running}
     * @param maxQueued its jobs waiting at once; unset means {@code tenant-defaults.max-queued}
     * @param pools the FAIR pools its jobs may name, the first being where a job naming none runs;
     *     empty means any pool, and {@code default} for a job naming none
     */
    public record Tenant(@Positive Integer maxRunning, @Positive Integer maxQueued, List<String> pools) {
        public Tenant {
            pools = pools == null ? List.of() : List.copyOf(pools);
        }
    }

    /**
     * Per-tenant caps; unset means no cap of its own beyond the global ones.
     *
     * @param maxRunning a tenant's jobs running at once
     * @param maxQueued a tenant's jobs waiting at once
     */
    public record TenantLimits(@Positive Integer maxRunning, @Positive Integer maxQueued) {}

    /**
     * The driver-health gate: while the driver JVM is short of memory, admission starts no job
     * (submits are still accepted up to the caps). Starts pause when either reading passes its
     * maximum and resume once both are below their maximum less {@code recoveryMargin}.
     *
     * @param enabled whether the driver is watched at all
     * @param maxHeapAfterGc old-generation heap left by the last collection, as a share of its maximum
     * @param maxGcTimeShare share of wall time spent in GC pauses over {@code window}
     * @param recoveryMargin how far below a maximum a reading must fall before starts resume
     * @param window the span the GC time share is measured over
     * @param checkInterval how often the driver is sampled
     */
    public record DriverHealth(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0.85") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") double maxHeapAfterGc,
            @DefaultValue("0.3") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") double maxGcTimeShare,
            @DefaultValue("0.1") @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) double recoveryMargin,
            @DefaultValue("1m") Duration window,
            @DefaultValue("5s") Duration checkInterval) {

        public static final DriverHealth DEFAULTS =
                new DriverHealth(true, 0.85, 0.3, 0.1, Duration.ofMinutes(1), Duration.ofSeconds(5));

        public DriverHealth {
            if (checkInterval.isZero() || checkInterval.isNegative()) {
                throw new IllegalArgumentException("driver-health.check-interval must be positive");
            }
            if (recoveryMargin >= Math.min(maxHeapAfterGc, maxGcTimeShare)) {
                throw new IllegalArgumentException("driver-health.recovery-margin (" + recoveryMargin
                        + ") must be below both maxima, or starts would never resume");
            }
            if (window.compareTo(checkInterval) <= 0) {
                throw new IllegalArgumentException("driver-health.window (" + window
                        + ") must be longer than check-interval (" + checkInterval + ")");
            }
        }
    }

    /** Global caps and pools only: no per-tenant limits, the driver-health gate as by default. */
    public AdmissionProperties(Integer maxRunning, int maxQueued, Duration retryAfter, Map<String, Pool> pools) {
        this(maxRunning, maxQueued, retryAfter, pools, Map.of(), null, null);
    }

    /** The built-in weights and 64 threads at most. */
    public AdmissionProperties(
            Integer maxRunning,
            int maxQueued,
            Duration retryAfter,
            Map<String, Pool> pools,
            Map<String, Tenant> tenants,
            TenantLimits tenantDefaults,
            DriverHealth driverHealth) {
        this(maxRunning, maxQueued, retryAfter, pools, tenants, tenantDefaults, driverHealth, null, 64);
    }

    @ConstructorBinding
    public AdmissionProperties {
        pools = pools == null ? Map.of() : Map.copyOf(pools);
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        tenantDefaults = tenantDefaults == null ? new TenantLimits(null, null) : tenantDefaults;
        driverHealth = driverHealth == null ? DriverHealth.DEFAULTS : driverHealth;
        weights = weights == null ? Map.of() : Map.copyOf(weights);
        int cap = maxRunning != null ? maxRunning : defaultMaxRunning();
        weights.forEach((type, w) -> {
            // heavier than every slot together, its jobs would never start
            if (w > cap) {
                throw new IllegalArgumentException(
                        "weights." + type + " (" + w + ") is more than max-running (" + cap + ")");
            }
        });
        Set<String> known = poolNames(pools);
        tenants.forEach((name, tenant) -> tenant.pools().forEach(pool -> {
            // a typo here would send every job of the tenant to 400 at submit: refuse to start instead
            if (!known.contains(pool)) {
                throw new IllegalArgumentException("tenant '" + name + "' names pool '" + pool
                        + "', which is not configured; known pools: " + String.join(", ", known));
            }
        }));
    }

    public int effectiveMaxRunning() {
        return maxRunning != null ? maxRunning : defaultMaxRunning();
    }

    private static int defaultMaxRunning() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Threads for jobs: as many as the lightest jobs fill {@code max-running} with (a job may be as
     * light as {@link #MIN_WEIGHT}), at most {@code max-threads}, at least {@code max-running}.
     */
    public int effectiveMaxThreads() {
        int lightest = (int) Math.floor(effectiveMaxRunning() / MIN_WEIGHT + 1e-9);
        return Math.max(effectiveMaxRunning(), Math.min(maxThreads, lightest));
    }

    /** Every type's weight: the built-in ones with the configured ones over them, by name. */
    public Map<String, Double> weightTable() {
        Map<String, Double> table = new TreeMap<>(BUILT_IN_WEIGHTS);
        table.putAll(weights);
        return table;
    }

    /** A job type's weight; 1 for a type without one (a plug-in's). */
    public double weightOf(String type) {
        Double w = weights.get(type);
        return w != null ? w : BUILT_IN_WEIGHTS.getOrDefault(type, 1.0);
    }

    public Set<String> poolNames() {
        return poolNames(pools);
    }

    private static Set<String> poolNames(Map<String, Pool> pools) {
        Set<String> names = new TreeSet<>(pools.keySet());
        names.add(DEFAULT_POOL);
        return names;
    }

    public int poolMaxRunning(String pool) {
        Pool p = pools.get(pool);
        int global = effectiveMaxRunning();
        return p == null || p.maxRunning() == null ? global : Math.min(global, p.maxRunning());
    }

    /** The tenant's running cap: its own, else the default, never more than the global one. */
    public int tenantMaxRunning(String tenant) {
        Tenant t = tenant(tenant);
        return capped(t == null ? null : t.maxRunning(), tenantDefaults.maxRunning(), effectiveMaxRunning());
    }

    /** The tenant's queue cap: its own, else the default, never more than the global one. */
    public int tenantMaxQueued(String tenant) {
        Tenant t = tenant(tenant);
        return capped(t == null ? null : t.maxQueued(), tenantDefaults.maxQueued(), maxQueued);
    }

    /** The pools the tenant may use, its default first; empty when it may use any. */
    public List<String> tenantPools(String tenant) {
        Tenant t = tenant(tenant);
        return t == null ? List.of() : t.pools();
    }

    /** The tenant's own entry; none for null, which stands for a tenant without one. */
    private Tenant tenant(String name) {
        return name == null ? null : tenants.get(name);
    }

    private static int capped(Integer own, Integer fallback, int global) {
        Integer cap = own != null ? own : fallback;
        return cap == null ? global : Math.min(global, cap);
    }
}
