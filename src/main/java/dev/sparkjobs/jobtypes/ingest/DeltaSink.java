package dev.sparkjobs.jobtypes.ingest;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.functions;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes a DataFrame into a Delta table, once per job. Every commit carries the job's id as its
 * {@code userMetadata} (so the table's history names the job) and a Delta transaction id, {@code
 * (jobservice-<jobId>, 1)}: Delta skips a write whose transaction it has already committed, so a run
 * of the same job after its write was committed (the same attempt launched twice, or a retry after a
 * crash between the commit and the job's end) writes nothing again. The version is the same for every
 * attempt on purpose; the job writes once.
 */
final class DeltaSink {

    static final String APP_ID_PREFIX = "jobservice-";
    static final long TXN_VERSION = 1;

    private static final String CONF_APP_ID = "spark.databricks.delta.write.txnAppId";
    private static final String CONF_VERSION = "spark.databricks.delta.write.txnVersion";
    private static final String CONF_USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
    private static final int HISTORY_SEARCHED = 50;

    /** Where the write went: the version before it, and the commit of this job (null if none is found). */
    record Outcome(long versionBefore, Row commit) {}

    private final SparkSession spark;
    private final String jobId;
    private final IngestTarget target;

    DeltaSink(SparkSession spark, String jobId, IngestTarget target) {
        this.spark = spark;
        this.jobId = jobId;
        this.target = target;
    }

    Outcome write(Dataset<Row> rows, IngestParams p) {
        long before = currentVersion();
        if (target.table() != null) {
            createSchemaIfMissing(target.table());
        }
        // the writer option alone does not reach the commit of a table's creation (saveAsTable); the conf does
        var conf = spark.conf();
        conf.set(CONF_USER_METADATA, jobId);
        try {
            if (p.writeMode() == WriteMode.merge && before >= 0) {
                merge(rows, p.mergeKeys());
            } else {
                // the first merge into a table that does not exist yet creates it with the rows
                save(rows, p, p.writeMode() == WriteMode.overwrite ? SaveMode.Overwrite : SaveMode.Append);
            }
        } finally {
            conf.unset(CONF_USER_METADATA);
        }
        return new Outcome(before, commitOfThisJob());
    }

    private void save(Dataset<Row> rows, IngestParams p, SaveMode mode) {
        DataFrameWriter<Row> writer = rows.write()
                .format("delta")
                .mode(mode)
                .option("txnAppId", APP_ID_PREFIX + jobId)
                .option("txnVersion", TXN_VERSION)
                .option("userMetadata", jobId);
        if (p.partitionBy() != null) {
            writer = writer.partitionBy(p.partitionBy().toArray(String[]::new));
        }
        if (p.replaceWhere() != null) {
            writer = writer.option("replaceWhere", p.replaceWhere());
        }
        if (target.table() != null) {
            writer.saveAsTable(target.table());
        } else {
            writer.save(target.path());
        }
    }

    /**
     * MERGE on the keys: matches updated, the rest inserted. The DeltaTable API takes no writer
     * options, so the transaction id goes through the job session's conf, unset after.
     */
    private void merge(Dataset<Row> rows, List<String> keys) {
        String on =
                keys.stream().map(k -> "t." + quote(k) + " <=> s." + quote(k)).collect(Collectors.joining(" AND "));
        var conf = spark.conf();
        conf.set(CONF_APP_ID, APP_ID_PREFIX + jobId);
        conf.set(CONF_VERSION, TXN_VERSION);
        try {
            table().as("t")
                    .merge(rows.as("s"), on)
                    .whenMatched()
                    .updateAll()
                    .whenNotMatched()
                    .insertAll()
                    .execute();
        } finally {
            conf.unset(CONF_APP_ID);
            conf.unset(CONF_VERSION);
        }
    }

    /** The table's latest version, or -1 when there is no Delta table yet. */
    long currentVersion() {
        if (!exists()) {
            return -1;
        }
        return table().history(1).select("version").head().getLong(0);
    }

    private boolean exists() {
        if (target.table() != null) {
            return spark.catalog().tableExists(target.table());
        }
        return DeltaTable.isDeltaTable(spark, target.path());
    }

    private DeltaTable table() {
        return target.table() != null
                ? DeltaTable.forName(spark, target.table())
                : DeltaTable.forPath(spark, target.path());
    }

    /** The newest commit whose userMetadata is this job's id, among the latest ones. */
    private Row commitOfThisJob() {
        if (!exists()) {
            return null;
        }
        List<Row> mine = table().history(HISTORY_SEARCHED)
                .where(functions.col("userMetadata").equalTo(jobId))
                .orderBy(functions.col("version").desc())
                .limit(1)
                .collectAsList();
        return mine.isEmpty() ? null : mine.get(0);
    }

    private void createSchemaIfMissing(String table) {
        List<String> parts = CollectionConverters.asJava(CatalystSqlParser$.MODULE$.parseMultipartIdentifier(table));
        if (parts.size() < 2) {
            return;
        }
        String namespace = parts.subList(0, parts.size() - 1).stream()
                .map(DeltaSink::quote)
                .collect(Collectors.joining("."));
        spark.sql("CREATE SCHEMA IF NOT EXISTS " + namespace);
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
