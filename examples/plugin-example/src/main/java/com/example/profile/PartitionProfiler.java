package com.example.profile;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Profiles one partition, inside a Spark task: an executor loads this class from the plug-in's jar,
 * which the service added to Spark. Hands back one row: the partition's row count and, per column,
 * its nulls, a distinct-count sketch, and its least and greatest value.
 */
final class PartitionProfiler implements MapPartitionsFunction<Row, Row> {

    private final StructType input;

    PartitionProfiler(StructType input) {
        this.input = input;
    }

    /** The schema of the rows {@link #call} returns, for columns of {@code input}. */
    static StructType output(StructType input) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("rows", DataTypes.LongType, false));
        for (StructField column : input.fields()) {
            DataType bound = ordered(column.dataType()) ? column.dataType() : DataTypes.StringType;
            fields.add(DataTypes.createStructField(
                    column.name(),
                    DataTypes.createStructType(new StructField[] {
                        DataTypes.createStructField("nulls", DataTypes.LongType, false),
                        DataTypes.createStructField(
                                "hashes", ArrayType.apply(DataTypes.LongType, false), false),
                        DataTypes.createStructField("min", bound, true),
                        DataTypes.createStructField("max", bound, true)
                    }),
                    false));
        }
        return DataTypes.createStructType(fields);
    }

    /** Types whose values Spark hands over as {@link Comparable}s of one class. */
    static boolean ordered(DataType type) {
        return type instanceof NumericType
                || type instanceof StringType
                || type instanceof BooleanType
                || type instanceof DateType
                || type instanceof TimestampType
                || type instanceof TimestampNTZType;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        int n = input.fields().length;
        long count = 0;
        long[] nulls = new long[n];
        DistinctSketch[] sketches = new DistinctSketch[n];
        Object[] min = new Object[n];
        Object[] max = new Object[n];
        boolean[] ordered = new boolean[n];
        for (int i = 0; i < n; i++) {
            sketches[i] = new DistinctSketch();
            ordered[i] = ordered(input.fields()[i].dataType());
        }
        TaskContext task = TaskContext.get();
        while (rows.hasNext()) {
            Row row = rows.next();
            if (++count % 4096 == 0 && task != null) {
                task.killTaskIfInterrupted(); // a cancelled job's task ends here, not when its rows run out
            }
            for (int i = 0; i < n; i++) {
                Object value = row.get(i);
                if (value == null) {
                    nulls[i]++;
                    continue;
                }
                sketches[i].add(value);
                if (ordered[i]) {
                    min[i] = least(min[i], value);
                    max[i] = greatest(max[i], value);
                }
            }
        }
        Object[] out = new Object[n + 1];
        out[0] = count;
        for (int i = 0; i < n; i++) {
            // Spark's Row encoder takes a Scala Seq for an array column
            Seq<Long> hashes = CollectionConverters.asScala(sketches[i].hashes()).toSeq();
            out[i + 1] = RowFactory.create(nulls[i], hashes, min[i], max[i]);
        }
        return List.of(RowFactory.create(out)).iterator();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object least(Object a, Object b) {
        if (a == null) {
            return b;
        }
        return b == null || ((Comparable) a).compareTo(b) <= 0 ? a : b;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object greatest(Object a, Object b) {
        if (a == null) {
            return b;
        }
        return b == null || ((Comparable) a).compareTo(b) >= 0 ? a : b;
    }
}
