package dev.sparkjobs.jobtypes.maintenance;

import java.util.List;

/**
 * Ends a maintenance job FAILED when any operation failed. The engine keeps no result for a failed job,
 * so the message names each failed operation (every entry is also in the job's log).
 */
class MaintenanceFailedException extends RuntimeException {

    private static final int MAX_LISTED = 20;

    MaintenanceFailedException(List<OperationResult> results) {
        super(message(results));
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
