package com.example.profile;

import dev.sparkjobs.plugin.api.JobContext;
import dev.sparkjobs.plugin.api.JobPlugin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * {@code column-profile}: per column of a table, its nulls, an estimate of its distinct values and
 * its least and greatest value, in one pass over the data. Each partition is profiled inside a Spark
 * task ({@link PartitionProfiler}); the job's thread merges what the tasks hand back.
 */
public final class ColumnProfilePlugin implements JobPlugin<ProfileParams> {

    @Override
    public String name() {
        return "column-profile";
    }

    @Override
    public String description() {
        return "Profiles columns of a table in one pass: per column its nulls, an estimate of its distinct"
                + " values, its least and greatest value. An example plug-in.";
    }

    @Override
    public Class<ProfileParams> paramsType() {
        return ProfileParams.class;
    }

    @Override
    public ProfileParams exampleParams() {
        return new ProfileParams(null, 1000L, List.of("id"), null);
    }

    @Override
    public Map<String, Object> run(JobContext context, ProfileParams params) {
        SparkSession spark = context.spark();
        String source = params.table() != null ? params.table() : "range(0, " + params.range() + ")";
        Dataset<Row> rows = params.table() != null
                ? spark.table(params.table())
                : spark.range(params.range()).toDF();
        List<String> known = Arrays.asList(rows.columns());
        for (String column : params.columns()) {
            if (!known.contains(column)) {
                throw new IllegalArgumentException(
                        "no column '" + column + "' in " + source + "; its columns: " + String.join(", ", known));
            }
        }
        rows = rows.select(params.columns().stream().map(functions::col).toArray(Column[]::new));
        if (params.fraction() < 1.0) {
            rows = rows.sample(params.fraction());
        }
        StructType schema = rows.schema();
        context.log()
                .info("profiling {} column(s) of {}, sample fraction {}", params.columns().size(), source,
                        params.fraction());
        context.checkNotStopped();

        context.progress("scan", 0, 1);
        List<Row> partials = rows.mapPartitions(
                        new PartitionProfiler(schema), Encoders.row(PartitionProfiler.output(schema)))
                .collectAsList();
        context.progress("scan", 1, 1);

        long total = partials.stream().mapToLong(p -> p.getLong(0)).sum();
        List<Map<String, Object>> columns = new ArrayList<>();
        for (int i = 0; i < schema.fields().length; i++) {
            context.checkNotStopped();
            columns.add(merge(schema, i, partials));
            context.progress("merge", i + 1, schema.fields().length);
        }
        context.log().info("profiled {} rows in {} partitions", total, partials.size());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("source", source);
        result.put("sampleFraction", params.fraction());
        result.put("rows", total);
        result.put("partitions", partials.size());
        result.put("columns", columns);
        return result;
    }

    /** One column's figures from every partition's. */
    private static Map<String, Object> merge(StructType schema, int i, List<Row> partials) {
        long nulls = 0;
        DistinctSketch distinct = new DistinctSketch();
        Object min = null;
        Object max = null;
        for (Row partial : partials) {
            Row column = partial.getStruct(i + 1);
            nulls += column.getLong(0);
            distinct.merge(column.getList(1));
            min = PartitionProfiler.least(min, column.get(2));
            max = PartitionProfiler.greatest(max, column.get(3));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", schema.fields()[i].name());
        out.put("type", schema.fields()[i].dataType().simpleString());
        out.put("nulls", nulls);
        out.put("distinct", distinct.estimate());
        out.put("distinctExact", distinct.exact());
        out.put("min", json(min));
        out.put("max", json(max));
        return out;
    }

    /** Numbers and booleans as they are; dates, timestamps and the rest as text. */
    private static Object json(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean || value instanceof String
                ? value
                : value.toString();
    }
}
