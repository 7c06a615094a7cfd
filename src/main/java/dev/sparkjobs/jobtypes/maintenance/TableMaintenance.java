package dev.sparkjobs.jobtypes.maintenance;

import dev.sparkjobs.plugin.api.JobContext;
import dev.sparkjobs.plugin.api.JobStoppedException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Runs a job's operations, in order, on one table and says what each did. An operation that fails is
 * recorded and the table's later operations are skipped; Delta operations skip a table that is not a
 * Delta table. Only a stop ends the work early, by throwing.
 */
final class TableMaintenance {

    private static final int MAX_ERROR = 1_000;
    private static final String NOT_FOR_V2_TABLES = "NOT_SUPPORTED_COMMAND_FOR_V2_TABLE";

    private final JobContext context;
    private final SparkSession spark;
    private final List<Operation> operations;
    private final Clock clock;

    TableMaintenance(JobContext context, List<Operation> operations, Clock clock) {
        this.context = context;
        this.spark = context.spark();
        this.operations = operations;
        this.clock = clock;
    }

    List<OperationResult> run(TableNames.Target table) {
        List<OperationResult> results = new ArrayList<>();
        String skipWhy = null;
        Boolean delta = null;
        for (Operation op : operations) {
            context.checkNotStopped();
            Instant start = clock.instant();
            if (skipWhy == null && op.type().deltaOnly()) {
                try {
                    delta = delta != null ? delta : isDelta(table);
                } catch (Exception e) { // Spark's AnalysisException is checked, and Scala throws it undeclared
                    stopIfStopped(e);
                    results.add(failed(table, op, start, e));
                    skipWhy = "an earlier operation on this table failed";
                    continue;
                }
                if (!delta) {
                    results.add(OperationResult.skipped(table.name(), op.type(), start, "not a Delta table"));
                    continue;
                }
            }
            if (skipWhy != null) {
                results.add(OperationResult.skipped(table.name(), op.type(), start, skipWhy));
                continue;
            }
            try {
                results.add(run(table, op, start));
            } catch (Exception e) {
                stopIfStopped(e);
                results.add(failed(table, op, start, e));
                skipWhy = "an earlier operation on this table failed";
            }
        }
        return results;
    }

    private OperationResult run(TableNames.Target table, Operation op, Instant start) throws Exception {
        return switch (op.type()) {
            case OPTIMIZE -> optimize(table, op, start);
            case VACUUM -> vacuum(table, op, start);
            case ANALYZE -> analyze(table, op, start);
        };
    }

    private OperationResult optimize(TableNames.Target table, Operation op, Instant start) {
        StringBuilder sql = new StringBuilder("OPTIMIZE ").append(table.sql());
        if (op.where() != null) {
            // checked to be one expression; the line break ends a trailing -- comment
            sql.append(" WHERE (").append(op.where()).append("\n)");
        }
        if (op.zorderBy() != null) {
            sql.append(" ZORDER BY (").append(columns(op.zorderBy())).append(')');
        }
        long removed = 0, added = 0, bytesRemoved = 0, bytesAdded = 0;
        for (Row row : spark.sql(sql.toString()).collectAsList()) {
            Row metrics = row.getAs("metrics");
            removed += longOf(metrics, "numFilesRemoved");
            added += longOf(metrics, "numFilesAdded");
            bytesRemoved += longOf(metrics.getAs("filesRemoved"), "totalSize");
            bytesAdded += longOf(metrics.getAs("filesAdded"), "totalSize");
        }
        return succeeded(table, op, start, removed, added, bytesRemoved, bytesAdded);
    }

    /**
     * VACUUM answers with the table's path only; what it deleted is in the VACUUM START and VACUUM END
     * commits it writes to the table's history (logging is turned on in the job's session).
     */
    private OperationResult vacuum(TableNames.Target table, Operation op, Instant start) {
        long before = latestVersion(table);
        String retain = op.retentionHours() == null ? "" : " RETAIN " + op.retentionHours() + " HOURS";
        spark.sql("VACUUM " + table.sql() + retain).collectAsList();
        long deleted = 0, bytes = 0;
        for (Row row : spark.sql("DESCRIBE HISTORY " + table.sql() + " LIMIT 5").collectAsList()) {
            if (row.<Long>getAs("version") <= before) {
                continue;
            }
            Map<String, String> metrics = metricsOf(row);
            switch (String.valueOf(row.<String>getAs("operation"))) {
                case "VACUUM END" -> deleted += parse(metrics.get("numDeletedFiles"));
                case "VACUUM START" -> bytes += parse(metrics.get("sizeOfDataToDelete"));
                default -> {}
            }
        }
        return succeeded(table, op, start, deleted, 0, bytes, 0);
    }

    /** Spark's ANALYZE works on v1 tables only; Delta 4.4 tables are v2 and have none of their own. */
    private OperationResult analyze(TableNames.Target table, Operation op, Instant start) throws Exception {
        String sql = "ANALYZE TABLE " + table.sql() + " COMPUTE STATISTICS";
        if (op.columns() != null) {
            sql += " FOR COLUMNS " + columns(op.columns());
        }
        try {
            spark.sql(sql).collectAsList();
        } catch (Exception e) {
            if (e instanceof SparkThrowable st && NOT_FOR_V2_TABLES.equals(st.getCondition())) {
                return OperationResult.skipped(
                        table.name(),
                        op.type(),
                        start,
                        "ANALYZE TABLE is not supported for this table: " + describe(e));
            }
            throw e;
        }
        return succeeded(table, op, start, 0, 0, 0, 0);
    }

    private boolean isDelta(TableNames.Target table) throws Exception {
        var state = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState();
        TableIdentifier id = state.sqlParser().parseTableIdentifier(table.sql());
        CatalogTable metadata = state.catalog().getTableMetadata(id);
        return metadata.provider().isDefined()
                && metadata.provider().get().toLowerCase(Locale.ROOT).equals("delta");
    }

    private long latestVersion(TableNames.Target table) {
        List<Row> rows =
                spark.sql("DESCRIBE HISTORY " + table.sql() + " LIMIT 1").collectAsList();
        return rows.isEmpty() ? -1 : rows.get(0).<Long>getAs("version");
    }

    private OperationResult succeeded(
            TableNames.Target table, Operation op, Instant start, long removed, long added, long br, long ba) {
        return new OperationResult(
                table.name(),
                op.type(),
                OperationResult.Status.SUCCEEDED,
                start,
                clock.instant(),
                removed,
                added,
                br,
                ba,
                null);
    }

    private OperationResult failed(TableNames.Target table, Operation op, Instant start, Exception e) {
        return new OperationResult(
                table.name(),
                op.type(),
                OperationResult.Status.FAILED,
                start,
                clock.instant(),
                0,
                0,
                0,
                0,
                describe(e));
    }

    /** A stop shows in Spark as a cancelled job or an interrupt: it ends the work, it is no table's failure. */
    private void stopIfStopped(Exception e) {
        if (e instanceof JobStoppedException || context.isStopRequested()) {
            throw e instanceof JobStoppedException stopped ? stopped : new JobStoppedException(context.jobId());
        }
    }

    private static String columns(List<String> names) {
        return String.join(", ", names.stream().map(TableNames::quote).toList());
    }

    private static Map<String, String> metricsOf(Row row) {
        Object m = row.getAs("operationMetrics");
        if (m instanceof scala.collection.Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, String> java = CollectionConverters.asJava((scala.collection.Map<String, String>) map);
            return java;
        }
        return m instanceof Map<?, ?> map ? castMap(map) : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> castMap(Map<?, ?> map) {
        return (Map<String, String>) map;
    }

    private static long longOf(Row row, String field) {
        if (row == null) {
            return 0;
        }
        Object v = row.getAs(field);
        return v instanceof Number n ? n.longValue() : 0;
    }

    private static long parse(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Spark's error class and the first lines of its message, as the engine shows a failed job's. */
    static String describe(Throwable t) {
        Throwable shown = t;
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof SparkThrowable st && st.getCondition() != null) {
                shown = c;
                break;
            }
        }
        String type = shown instanceof SparkThrowable st && st.getCondition() != null
                ? st.getCondition()
                : shown.getClass().getSimpleName();
        String message = String.join(
                " ",
                String.valueOf(shown.getMessage())
                        .lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("at "))
                        .limit(3)
                        .toList());
        String s = message.startsWith("[" + type + "]") ? message : type + ": " + message;
        return s.length() > MAX_ERROR ? s.substring(0, MAX_ERROR) + "…" : s;
    }
}
