package dev.sparkjobs.jobtypes.maintenance;

import dev.sparkjobs.guardrails.SqlGuard;
import dev.sparkjobs.guardrails.TablePolicy;
import dev.sparkjobs.job.TableWrite;
import dev.sparkjobs.jobtypes.JobType;
import dev.sparkjobs.plugin.api.JobContext;
import dev.sparkjobs.security.Caller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Delta table maintenance over many tables: VACUUM, OPTIMIZE and ANALYZE, in the order given, on listed
 * tables or on those a pattern finds when the job runs, several tables at once (docs/maintenance.md).
 *
 * <p>The job SUCCEEDS when every operation succeeded or was skipped, with one result entry per table and
 * operation. It FAILS when any operation failed; the other tables are still worked on, and since a
 * failed job keeps no result, the error message names the failed operations and every entry is logged
 * with the job.
 */
@Component
public class MaintenanceJobType implements JobType<MaintenanceParams> {

    static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
    static final String VACUUM_LOGGING = "spark.databricks.delta.vacuum.logging.enabled";
    static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

    private final MaintenanceProperties properties;
    private final TablePolicy tables;
    private final SqlGuard guard;
    private final Clock clock;

    public MaintenanceJobType(MaintenanceProperties properties, TablePolicy tables, SqlGuard guard, Clock clock) {
        this.properties = properties;
        this.tables = tables;
        this.guard = guard;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "maintenance";
    }

    @Override
    public String description() {
        return "Delta table maintenance: VACUUM, OPTIMIZE (optionally Z-ordered) and ANALYZE, in the order given,"
                + " on listed tables or those of a schema matching a pattern, several tables at once. Returns one"
                + " entry per table and operation; fails when any operation failed, after trying every table.";
    }

    @Override
    public Class<MaintenanceParams> paramsType() {
        return MaintenanceParams.class;
    }

    @Override
    public MaintenanceParams exampleParams() {
        return new MaintenanceParams(
                null, "samples.*", List.of(Operation.optimize(null, null), Operation.vacuum(168)), 2, null);
    }

    @Override
    public void checkPolicy(MaintenanceParams params, Caller caller) {
        if (params.tables() != null) {
            params.tables().forEach(t -> tables.checkTable(t, caller));
        } else {
            tables.checkTable(TableNames.Glob.of(params.pattern()).policyName(), caller);
        }
        for (Operation op : params.operations()) {
            if (op.where() != null) {
                // the caller's SQL rules (functions, reflection) hold for a predicate as for a query
                guard.check(List.of("SELECT 1 WHERE (" + op.where() + "\n)"), true, Map.of(), caller);
            }
        }
    }

    /** The listed tables only: a pattern's tables are known only when the job runs. */
    @Override
    public List<TableWrite> writes(MaintenanceParams params) {
        if (params.tables() == null) {
            return List.of();
        }
        Set<TableWrite> writes = new LinkedHashSet<>();
        for (String table : TableNames.distinct(params.tables())) {
            for (Operation op : params.operations()) {
                writes.add(new TableWrite(table, op.type().write()));
            }
        }
        return List.copyOf(writes);
    }

    @Override
    public Map<String, Object> run(JobContext context, MaintenanceParams params) throws Exception {
        List<TableNames.Target> targets = params.tables() != null
                ? TableNames.distinct(params.tables()).stream()
                        .map(TableNames.Target::listed)
                        .toList()
                : TableNames.Glob.of(params.pattern()).resolve(context.spark());
        if (targets.size() > params.maxTablesOrDefault()) {
            throw new IllegalArgumentException(targets.size() + " tables to maintain, more than maxTables "
                    + params.maxTablesOrDefault() + "; nothing was done");
        }
        int concurrency = Math.min(params.concurrencyOrDefault(), properties.maxConcurrency());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tables", targets.stream().map(TableNames.Target::name).toList());
        result.put("concurrency", concurrency);
        if (targets.isEmpty()) {
            result.put("note", "the pattern " + params.pattern() + " matches no table");
            result.put("results", List.of());
            return result;
        }
        context.log().info("maintaining {} tables, {} at a time", targets.size(), concurrency);
        configureSession(context, params);
        List<OperationResult> results =
                new MaintenanceRun(context, params.operations(), concurrency, clock).run(targets);
        List<Map<String, Object>> entries = new ArrayList<>();
        results.forEach(r -> entries.add(r.toMap()));
        result.put("succeeded", count(results, OperationResult.Status.SUCCEEDED));
        result.put("failed", count(results, OperationResult.Status.FAILED));
        result.put("skipped", count(results, OperationResult.Status.SKIPPED));
        result.put("results", entries);
        if (results.stream().anyMatch(r -> r.status() == OperationResult.Status.FAILED)) {
            throw new MaintenanceFailedException(results, result);
        }
        return result;
    }

    /**
     * In the job's own session only (reset when the job ends): VACUUM writes what it deleted to the
     * table's history, where the result reads it; a retention the operator allows below Delta's default
     * needs Delta's retention check off; VACUUM's file listing may be told to use fewer tasks.
     */
    private void configureSession(JobContext context, MaintenanceParams params) {
        var conf = context.spark().conf();
        boolean vacuum = false;
        boolean shortRetention = false;
        for (Operation op : params.operations()) {
            vacuum |= op.type() == Operation.Type.VACUUM;
            shortRetention |= op.retentionHours() != null
                    && op.retentionHours() < MaintenanceProperties.DELTA_DEFAULT_RETENTION_HOURS;
        }
        if (vacuum) {
            conf.set(VACUUM_LOGGING, "true");
            if (properties.vacuumListingParallelism() > 0) {
                conf.set(LISTING_PARALLELISM, String.valueOf(properties.vacuumListingParallelism()));
            }
        }
        if (shortRetention) {
            conf.set(RETENTION_CHECK, "false");
        }
    }

    private static long count(List<OperationResult> results, OperationResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }
}
