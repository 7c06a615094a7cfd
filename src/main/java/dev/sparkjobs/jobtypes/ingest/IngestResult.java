package dev.sparkjobs.jobtypes.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;

/** An ingest's result, from the Delta commit it made: what the table's history says was written. */
final class IngestResult {

    private IngestResult() {}

    static Map<String, Object> of(String target, WriteMode mode, DeltaSink.Outcome outcome) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("target", target);
        result.put("mode", mode.name());
        Row commit = outcome.commit();
        if (commit == null) {
            // nothing of this job in the table's recent history (another writer committed many times since)
            result.put("rowsWritten", null);
            result.put("deltaVersion", null);
            result.put("filesAdded", null);
            result.put("bytesAdded", null);
            return result;
        }
        Map<String, String> m = commit.getJavaMap(commit.fieldIndex("operationMetrics"));
        long version = commit.getLong(commit.fieldIndex("version"));
        if (mode == WriteMode.merge && m.containsKey("numTargetRowsInserted")) {
            long updated = number(m, "numTargetRowsUpdated");
            long inserted = number(m, "numTargetRowsInserted");
            result.put("rowsWritten", updated + inserted);
            result.put("deltaVersion", version);
            result.put("filesAdded", number(m, "numTargetFilesAdded"));
            result.put("bytesAdded", number(m, "numTargetBytesAdded"));
            result.put("rowsUpdated", updated);
            result.put("rowsInserted", inserted);
        } else {
            long rows = number(m, "numOutputRows");
            result.put("rowsWritten", rows);
            result.put("deltaVersion", version);
            result.put("filesAdded", number(m, "numFiles", "numAddedFiles"));
            result.put("bytesAdded", number(m, "numOutputBytes", "numAddedBytes"));
            if (mode == WriteMode.merge) { // the first merge, which created the table
                result.put("rowsUpdated", 0L);
                result.put("rowsInserted", rows);
            }
        }
        result.put("operation", commit.getString(commit.fieldIndex("operation")));
        // the commit is older than the write: an earlier run of this job made it, Delta skipped this one
        result.put("alreadyWritten", version <= outcome.versionBefore());
        return result;
    }

    /** The first of the metrics present, 0 when none is. */
    private static long number(Map<String, String> metrics, String... names) {
        for (String name : names) {
            String v = metrics.get(name);
            if (v != null) {
                try {
                    return Long.parseLong(v);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
