package dev.sparkjobs.admission;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How much work the shared driver takes on.
 *
 * @param maxRunning jobs running at once; unset means the driver's cores (at least 2)
 * @param maxQueued jobs waiting at once; one more is refused with 429
 * @param retryAfter what a refused caller is told to wait
 * @param pools FAIR pools a job may name; {@code default} always exists
 */
@ConfigurationProperties("jobservice.admission")
@Validated
public record AdmissionProperties(
        @Positive Integer maxRunning,
        @DefaultValue("1000") @Positive int maxQueued,
        @DefaultValue("30s") Duration retryAfter,
        Map<String, @Valid Pool> pools) {

    public static final String DEFAULT_POOL = "default";

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

    public AdmissionProperties {
        pools = pools == null ? Map.of() : Map.copyOf(pools);
    }

    public int effectiveMaxRunning() {
        return maxRunning != null
                ? maxRunning
                : Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    public Set<String> poolNames() {
        Set<String> names = new TreeSet<>(pools.keySet());
        names.add(DEFAULT_POOL);
        return names;
    }

    public int poolMaxRunning(String pool) {
        Pool p = pools.get(pool);
        int global = effectiveMaxRunning();
        return p == null || p.maxRunning() == null ? global : Math.min(global, p.maxRunning());
    }
}
