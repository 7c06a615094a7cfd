package dev.sparkjobs.jobtypes;

import dev.sparkjobs.job.JsonSize;
import java.util.OptionalInt;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.CalendarIntervalType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.GeographyType;
import org.apache.spark.sql.types.GeometryType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimeType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.YearMonthIntervalType;

/**
 * How a column's values are kept small before they leave Spark. Only types whose values can be
 * arbitrarily long need a cut; the rest have a bound known from the schema alone.
 */
enum ValueKind {
    /** Numbers, booleans, dates, times, intervals, null, and structs of those: never cut. */
    BOUNDED,
    /** Cut to the first bytes. */
    STRING,
    /** Cut to the first bytes (shown in Base64). */
    BINARY,
    /** Arrays, maps, structs holding any of these, variants and anything else: when too long, replaced by text. */
    TEXT,
    /** Geometry and geography: Spark cannot cast them to text, so their size is that of their WKB. */
    SPATIAL;

    static ValueKind of(DataType type) {
        if (maxLength(type).isPresent()) {
            return BOUNDED;
        }
        if (type instanceof StringType) {
            return STRING;
        }
        if (type instanceof BinaryType) {
            return BINARY;
        }
        if (type instanceof GeometryType || type instanceof GeographyType) {
            return SPATIAL;
        }
        return TEXT;
    }

    /**
     * The most bytes one value of {@code type} takes in a preview's JSON, when the type bounds it;
     * empty when a value can be arbitrarily long.
     */
    static OptionalInt maxLength(DataType type) {
        if (type instanceof NullType) {
            return OptionalInt.of(4);
        }
        if (type instanceof BooleanType) {
            return OptionalInt.of(5);
        }
        if (type instanceof ByteType) {
            return OptionalInt.of(4);
        }
        if (type instanceof ShortType) {
            return OptionalInt.of(6);
        }
        if (type instanceof IntegerType) {
            return OptionalInt.of(11);
        }
        if (type instanceof LongType) {
            return OptionalInt.of(20);
        }
        if (type instanceof FloatType) {
            return OptionalInt.of(17);
        }
        if (type instanceof DoubleType) {
            return OptionalInt.of(26);
        }
        if (type instanceof DecimalType d) {
            // sign, point, and an exponent when BigDecimal.toString chooses scientific notation
            return OptionalInt.of(d.precision() + 10);
        }
        if (type instanceof DateType) {
            return OptionalInt.of(16);
        }
        if (type instanceof TimestampType || type instanceof TimestampNTZType) {
            return OptionalInt.of(36);
        }
        if (type instanceof TimeType) {
            return OptionalInt.of(24);
        }
        if (type instanceof DayTimeIntervalType || type instanceof YearMonthIntervalType) {
            return OptionalInt.of(40);
        }
        if (type instanceof CalendarIntervalType) {
            return OptionalInt.of(128);
        }
        if (type instanceof StructType struct) {
            long size = 2 + Math.max(0, struct.fields().length - 1);
            for (StructField f : struct.fields()) {
                OptionalInt field = maxLength(f.dataType());
                if (field.isEmpty()) {
                    return OptionalInt.empty();
                }
                size += JsonSize.string(f.name()) + 1 + field.getAsInt();
            }
            return size <= Integer.MAX_VALUE ? OptionalInt.of((int) size) : OptionalInt.empty();
        }
        return OptionalInt.empty();
    }

    /**
     * What a struct's field names add to its JSON beyond the values, which Spark's text of a struct
     * leaves out (nested structs too: a preview shows them as objects).
     */
    static int namesLength(DataType type) {
        if (!(type instanceof StructType struct)) {
            return 0;
        }
        long size = 0;
        for (StructField f : struct.fields()) {
            size += JsonSize.string(f.name()) + 1 + namesLength(f.dataType());
        }
        return (int) Math.min(size, Integer.MAX_VALUE);
    }
}
