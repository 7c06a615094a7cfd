package dev.sparkjobs.jobtypes.maintenance;

import dev.sparkjobs.plugin.api.JobFailedException;
import java.util.List;
import java.util.Map;

/**
 * Ends a maintenance job FAILED when any operation failed, keeping the whole result (every table's
 * entries, the ones that succeeded too); the message names the failed operations.
 */
class MaintenanceFailedException extends JobFailedException {

    private static final int MAX_LISTED = 20;

    MaintenanceFailedException(List<OperationResult> results, Map<String, Object> result) {
        super(message(results), result);
    }

    private static String message(List<OperationResult> results) {
        List<OperationResult> failed = results.stream()
                .filter(r -> r.status() == OperationResult.Status.FAILED)
                .toList();
        long tables = failed.stream().map(OperationResult::table).distinct().count();
        long succeeded = results.stream()
                .filter(r -> r.status() == OperationResult.Status.SUCCEEDED)
                .count();
        StringBuilder m = new StringBuilder()
                .append(failed.size())
                .append(" of ")
                .append(results.size())
                .append(" operations failed, on ")
                .append(tables)
                .append(tables == 1 ? " table" : " tables")
                .append("; ")
                .append(succeeded)
                .append(" succeeded:");
        failed.stream().limit(MAX_LISTED).forEach(r -> m.append('\n').append(r.describe()));
        if (failed.size() > MAX_LISTED) {
            m.append("\n… and ").append(failed.size() - MAX_LISTED).append(" more (see the job's log)");
        }
        return m.toString();
    }
}
