package dev.sparkjobs.jobtypes;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.left;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Fetches a preview's rows so that only a bounded number of bytes reaches the driver, whatever the
 * query returns: a preview is collected into the shared driver's heap, and a {@code limit} alone
 * bounds rows, not bytes.
 *
 * <p>When every column's values are bounded by its type (numbers, dates, ...) and the rows asked
 * for cannot exceed {@link #FIRST_PASS_FACTOR} × {@code maxBytes}, the rows are collected as they
 * are. Otherwise Spark cuts long values (strings and binary to {@code maxValueBytes}; arrays, maps,
 * structs and variants that are longer become their text, cut) and estimates each row's size; a
 * row estimated larger than its share of {@link #FIRST_PASS_FACTOR} × {@code maxBytes} comes back
 * without its values. Only when the preview would need such a row does a second pass run the
 * query again for just the rows that fit in {@code maxBytes}. Both passes use only Spark's own
 * functions, so executors need none of the service's classes.
 */
final class PreviewFetch {

    /** The first pass brings back at most this many times {@code maxBytes} of values. */
    static final int FIRST_PASS_FACTOR = 4;

    private final StructType schema;
    private final ValueKind[] kinds;
    private final int[] textColumn;
    private final int sizeColumn;
    private final int maxRows;
    private final int maxBytes;
    private final int maxValueBytes;
    private final int fetch;
    private final boolean plain;

    PreviewFetch(StructType schema, int maxRows, ResultProperties limits) {
        this.schema = schema;
        this.maxRows = maxRows;
        this.maxBytes = limits.maxBytesInt();
        this.maxValueBytes = limits.maxValueBytesInt();
        int n = schema.fields().length;
        this.kinds = new ValueKind[n];
        this.textColumn = new int[n];
        int texts = 0;
        for (int i = 0; i < n; i++) {
            kinds[i] = ValueKind.of(schema.fields()[i].dataType());
            boolean replaceable = kinds[i] == ValueKind.TEXT || kinds[i] == ValueKind.SPATIAL;
            textColumn[i] = replaceable ? n + texts++ : -1;
        }
        this.sizeColumn = n + texts;
        this.fetch = rowsToFetch(maxRows, maxBytes, n);
        long rowBound = boundedRowLength(schema);
        this.plain = rowBound >= 0 && rowBound * fetch <= (long) FIRST_PASS_FACTOR * maxBytes;
    }

    /** The most bytes a row takes in JSON when every column's type bounds its values; -1 otherwise. */
    static long boundedRowLength(StructType schema) {
        long length = 2;
        for (StructField f : schema.fields()) {
            var max = ValueKind.maxLength(f.dataType());
            if (max.isEmpty()) {
                return -1;
            }
            length += max.getAsInt() + 1;
        }
        return length;
    }

    /**
     * Rows the first pass asks for: one more than can be shown, so that a cut is noticed. No more
     * than could fit in {@code maxBytes} even if every value took one byte ({@code [1,1]}), plus
     * one.
     */
    static int rowsToFetch(int maxRows, int maxBytes, int columns) {
        long fitting = (maxBytes - 1L) / (2L * columns + 2);
        return (int) Math.min(maxRows, fitting) + 1;
    }

    ValueKind kind(int column) {
        return kinds[column];
    }

    boolean plain() {
        return plain;
    }

    /** The first pass: at most {@link #FIRST_PASS_FACTOR} × {@code maxBytes} of values. */
    Batch first(Dataset<Row> data) {
        if (plain) {
            return new Batch(data.limit(fetch).collectAsList(), Long.MAX_VALUE);
        }
        long share = (long) FIRST_PASS_FACTOR * maxBytes / fetch;
        return new Batch(guarded(data, share).limit(fetch).collectAsList(), share);
    }

    /** The second pass: the first {@code rows} rows, which the first pass estimated to fit. */
    Batch again(Dataset<Row> data, int rows) {
        return new Batch(guarded(data, maxBytes).limit(rows).collectAsList(), maxBytes);
    }

    /** Positional names, so that duplicate or odd names ({@code SELECT 1, 1}, {@code `a.b`}) do not matter. */
    private Dataset<Row> guarded(Dataset<Row> data, long shipBytes) {
        StructField[] fields = schema.fields();
        String[] names = new String[fields.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = "c" + i;
        }
        Dataset<Row> renamed = data.toDF(names);
        Column[] values = new Column[fields.length];
        List<Column> texts = new ArrayList<>();
        Column size = lit(2L);
        Column longest = lit(maxValueBytes);
        for (int i = 0; i < fields.length; i++) {
            Column c = col(names[i]);
            Column length;
            switch (kinds[i]) {
                case BOUNDED -> {
                    values[i] = c;
                    length = octet_length(c.cast("string")).plus(ValueKind.namesLength(fields[i].dataType()));
                }
                case STRING -> {
                    values[i] = left(c, lit(maxValueBytes + 1));
                    length = octet_length(values[i]);
                }
                case BINARY -> {
                    values[i] = substring(c, 1, maxValueBytes + 1);
                    length = ceil(octet_length(values[i]).multiply(4).divide(3));
                }
                default -> {
                    Column text =
                            kinds[i] == ValueKind.SPATIAL ? hex(call_function("st_asbinary", c)) : c.cast("string");
                    Column textLength = octet_length(text);
                    values[i] = when(textLength.leq(longest), c);
                    texts.add(when(textLength.gt(longest), left(text, longest)));
                    length = least(textLength, longest).plus(ValueKind.namesLength(fields[i].dataType()));
                }
            }
            size = size.plus(coalesce(length.plus(separators(fields[i].dataType())), lit(5)));
        }
        Column ship = size.leq(lit(shipBytes));
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(when(ship, values[i]).as(names[i]));
        }
        for (int t = 0; t < texts.size(); t++) {
            out.add(when(ship, texts.get(t)).as("t" + t));
        }
        out.add(size.cast("long").as("s"));
        return renamed.select(out.toArray(Column[]::new));
    }

    /** A value's comma, and its quotes unless it is a number or a boolean; "null," takes 5. */
    private static int separators(DataType type) {
        return type instanceof NumericType || type instanceof BooleanType ? 1 : 3;
    }

    /** One pass's rows: values in the query's column order, then texts of replaced values, then the size. */
    final class Batch {

        private final List<Row> rows;
        private final long shipBytes;

        Batch(List<Row> rows, long shipBytes) {
            this.rows = rows;
            this.shipBytes = shipBytes;
        }

        List<Row> rows() {
            return rows;
        }

        /** False when the row was estimated too large for this pass and came without its values. */
        boolean hasValues(Row row) {
            return plain || row.getLong(sizeColumn) <= shipBytes;
        }

        /** The text that stands for a value too long to show, cut by Spark; null when the value came. */
        String text(Row row, int column) {
            int t = textColumn[column];
            return t < 0 || row.isNullAt(t) ? null : row.getString(t);
        }

        /** How many of the first rows fit in {@code maxBytes} by Spark's estimate. */
        int fitting() {
            long used = 2;
            int k = 0;
            while (k < Math.min(rows.size(), maxRows)) {
                long size = plain ? 0 : rows.get(k).getLong(sizeColumn);
                if (used + size > maxBytes) {
                    break;
                }
                used += size;
                k++;
            }
            return k;
        }
    }
}
