package dev.sparkjobs.jobtypes.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.errors.QueryCompilationErrors;
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
        return reader.load(expand(spark, source.pathList()).toArray(String[]::new));
    }

    /**
     * Every path expanded and checked on the driver ({@link SourcePaths#expand}): Spark reads the checked
     * matches, so neither a link in a root nor what a glob turns into at run time leads elsewhere.
     */
    private List<String> expand(SparkSession spark, List<String> given) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> expanded = new ArrayList<>();
        for (String path : given) {
            List<String> matches;
            try {
                matches = paths.expand(path, conf);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + path, e);
            }
            if (matches.isEmpty()) {
                Throwable missing = QueryCompilationErrors.dataPathNotExistError(paths.resolve(path));
                throw missing instanceof RuntimeException r ? r : new IllegalStateException(missing);
            }
            expanded.addAll(matches);
        }
        return expanded;
    }

    private Dataset<Row> jdbc(SparkSession spark, JdbcSource jdbc) {
        return spark.read()
                .format("jdbc")
                .options(jdbcOptions(connection(jdbc.connection()), jdbc))
                .load();
    }

    /**
     * The options of a JDBC read with the connection's URL, user, password and driver properties (read-only
     * unless the connection says otherwise, {@code read-only: false}); a query is
     * read as a subquery ({@code dbtable}), since Spark refuses {@code query} together with {@code partitionColumn}.
     */
    static Map<String, String> jdbcOptions(IngestProperties.Connection c, JdbcSource jdbc) {
        Map<String, String> options = new LinkedHashMap<>();
        if (c.readOnly()) {
            // the server then refuses any write a query or a function it calls tries; pgjdbc applies
            // readOnly only inside explicit transactions unless readOnlyMode is "always"
            options.put("readOnly", "true");
            if (c.url().startsWith("jdbc:postgresql:")) {
                options.put("readOnlyMode", "always");
            }
        }
        options.putAll(c.properties());
        options.put("url", c.url());
        if (c.user() != null) {
            options.put("user", c.user());
        }
        if (c.password() != null) {
            options.put("password", c.password());
        }
        options.put("dbtable", jdbc.table() != null ? jdbc.table() : "(" + jdbc.query() + ") " + QUERY_ALIAS);
        if (jdbc.fetchSize() != null) {
            options.put("fetchsize", jdbc.fetchSize().toString());
        }
        if (jdbc.partitioned()) {
            options.put("partitionColumn", jdbc.partitionColumn());
            options.put("lowerBound", jdbc.lowerBound().toString());
            options.put("upperBound", jdbc.upperBound().toString());
            options.put("numPartitions", jdbc.numPartitions().toString());
        }
        return options;
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
