package dev.sparkjobs.jobtypes;

import dev.sparkjobs.job.TableWrite;
import dev.sparkjobs.plugin.api.JobPlugin;
import dev.sparkjobs.security.Caller;
import java.util.List;

/**
 * A kind of job. Adding one is adding a Spring bean that implements this: the registry finds it, the
 * API accepts its name, binds and validates its parameter record ({@link ParamBinder}), and {@code GET
 * /job-types} and the OpenAPI document describe it ({@link ParamSchemas}).
 *
 * @param <P> the parameter record
 */
public interface JobType<P> extends JobPlugin<P> {

    /**
     * Checks valid parameters against what {@code caller} may do with the shared driver (the SQL
     * guardrails, allowed paths), before the job is accepted.
     *
     * @throws RuntimeException a refusal the API answers with 400
     */
    default void checkPolicy(P params, Caller caller) {}

    /**
     * The tables the job writes and how, so that conflicting operations on one Delta table do not run
     * at the same time. Empty when the job writes no table, or the type cannot tell.
     */
    default List<TableWrite> writes(P params) {
        return List.of();
    }

    /**
     * Whether a run that Delta failed with a commit conflict may simply run again: the job is one
     * write, so the conflict left nothing of it committed (one OPTIMIZE, VACUUM, ANALYZE, MERGE, UPDATE
     * or DELETE; an append made idempotent with {@code txnAppId}/{@code txnVersion}). False by default:
     * a job with a write that committed before the conflicting one would repeat that write.
     */
    default boolean repeatableOnConflict(P params) {
        return false;
    }
}
