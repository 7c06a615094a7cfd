package dev.sparkjobs.jobtypes.ingest;

import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Turns an ingest's {@code source} into a DataFrame: files through Spark's readers, or a JDBC read. */
final class SourceReader {

    /** The alias Spark itself gives a query read as a table; needed by most servers for a subquery. */
    private static final String QUERY_ALIAS = "spark_ingest_query";

    private final SourcePaths paths;
    private final Map<String, IngestProperties.Connection> connections;

    SourceReader(SourcePaths paths, Map<String, IngestProperties.Connection> connections) {
        this.paths = paths;
        this.connections = connections;
    }

    Dataset<Row> read(SparkSession spark, IngestSource source) {
        return source.jdbc() != null ? jdbc(spark, source.jdbc()) : files(spark, source);
    }

    private Dataset<Row> files(SparkSession spark, IngestSource source) {
        DataFrameReader reader = spark.read().format(source.format().name()).options(source.optionMap());
        if (source.schema() != null) {
            reader = reader.schema(StructType.fromDDL(source.schema()));
        }
        String[] resolved = source.pathList().stream().map(paths::resolve).toArray(String[]::new);
        return reader.load(resolved);
    }

    /**
     * A JDBC read with the connection's URL, user, password and driver properties; a query is read as a
     * subquery ({@code dbtable}), since Spark refuses {@code query} together with {@code partitionColumn}.
     */
    private Dataset<Row> jdbc(SparkSession spark, JdbcSource jdbc) {
        IngestProperties.Connection c = connection(jdbc.connection());
        DataFrameReader reader = spark.read().format("jdbc").options(c.properties());
        reader = reader.option("url", c.url());
        if (c.user() != null) {
            reader = reader.option("user", c.user());
        }
        if (c.password() != null) {
            reader = reader.option("password", c.password());
        }
        reader =
                reader.option("dbtable", jdbc.table() != null ? jdbc.table() : "(" + jdbc.query() + ") " + QUERY_ALIAS);
        if (jdbc.fetchSize() != null) {
            reader = reader.option("fetchsize", jdbc.fetchSize());
        }
        if (jdbc.partitioned()) {
            reader = reader.option("partitionColumn", jdbc.partitionColumn())
                    .option("lowerBound", jdbc.lowerBound())
                    .option("upperBound", jdbc.upperBound())
                    .option("numPartitions", jdbc.numPartitions());
        }
        return reader.load();
    }

    IngestProperties.Connection connection(String name) {
        IngestProperties.Connection c = connections.get(name);
        if (c == null) {
            // checked at submit; a connection removed from the configuration since is a failed job
            throw new IllegalStateException("the connection '" + name + "' is not configured");
        }
        return c;
    }
}
