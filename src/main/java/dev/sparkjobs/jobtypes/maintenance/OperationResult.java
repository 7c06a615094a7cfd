package dev.sparkjobs.jobtypes.maintenance;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one operation did to one table: an entry of the job's {@code results}.
 *
 * @param filesRemoved data files the operation removed from the table (OPTIMIZE) or deleted from
 *     storage (VACUUM); 0 for ANALYZE and for entries that did not succeed
 * @param error Spark's error class and message, or why the operation was skipped; null on success
 */
record OperationResult(
        String table,
        Operation.Type operation,
        Status status,
        Instant startedAt,
        Instant endedAt,
        long filesRemoved,
        long filesAdded,
        long bytesRemoved,
        long bytesAdded,
        String error) {

    enum Status {
        SUCCEEDED,
        FAILED,
        /** Not run: not a Delta table, or an earlier operation on the table failed. */
        SKIPPED
    }

    static OperationResult skipped(String table, Operation.Type operation, Instant at, String why) {
        return new OperationResult(table, operation, Status.SKIPPED, at, at, 0, 0, 0, 0, why);
    }

    long durationMs() {
        return endedAt.toEpochMilli() - startedAt.toEpochMilli();
    }

    /** As JSON values, for the job's result. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", table);
        m.put("operation", operation.name());
        m.put("status", status.name());
        m.put("startedAt", startedAt.toString());
        m.put("endedAt", endedAt.toString());
        m.put("durationMs", durationMs());
        m.put("filesRemoved", filesRemoved);
        m.put("filesAdded", filesAdded);
        m.put("bytesRemoved", bytesRemoved);
        m.put("bytesAdded", bytesAdded);
        if (error != null) {
            m.put("error", error);
        }
        return m;
    }

    /** One line for the job's log and its error message. */
    String describe() {
        String what = table + " " + operation + " " + status + " in " + durationMs() + " ms";
        return error == null
                ? what + " (files -" + filesRemoved + " +" + filesAdded + ", bytes -" + bytesRemoved + " +" + bytesAdded
                        + ")"
                : what + ": " + error;
    }
}
