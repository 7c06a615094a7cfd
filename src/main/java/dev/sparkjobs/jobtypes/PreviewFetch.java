package dev.sparkjobs.jobtypes;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Fetches a preview's rows so that only a bounded number of bytes reaches the driver, whatever the
 * query returns: a preview is collected into the shared driver's heap, and a {@code limit} alone
 * bounds rows, not bytes. Everything runs as Spark's own functions, so executors need none of the
 * service's classes.
 *
 * <ol>
 *   <li>The first pass asks for one row more than can be shown. When every column's type bounds
 *       its values (numbers, dates, ...) and those rows cannot exceed {@link #FIRST_PASS_FACTOR} ×
 *       {@code maxBytes}, they come as they are. Otherwise Spark cuts each long value to its share
 *       of that (never more than {@code maxValueBytes}): strings and binary to their first
 *       characters or bytes, arrays, maps, structs and variants that are longer to their text.
 *   <li>Only when a row the preview would show lost more to that share than {@code maxValueBytes}
 *       allows, Spark runs the query again for nothing but each row's estimated size, and
 *   <li>a third time for the rows that fit in {@code maxBytes}, cut to {@code maxValueBytes}.
 * </ol>
 *
 * Small results, the common case, take one pass with a cheap projection.
 */
final class PreviewFetch {

    /** The first pass brings back at most about this many times {@code maxBytes} of values. */
    static final int FIRST_PASS_FACTOR = 4;

    private final StructType schema;
    private final ValueKind[] kinds;
    private final int[] textColumn;
    private final int maxRows;
    private final int maxBytes;
    private final int maxValueBytes;
    private final int fetch;
    private final boolean plain;
    private final int firstCut;

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
        this.fetch = rowsToFetch(maxRows, maxBytes, n);
        long firstPassBytes = (long) FIRST_PASS_FACTOR * maxBytes;
        long rowBound = boundedRowLength(schema);
        this.plain = rowBound >= 0 && rowBound * fetch <= firstPassBytes;
        this.firstCut = plain ? maxValueBytes : valueShare(schema, fetch, firstPassBytes, maxValueBytes);
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
     * What the first pass keeps of each long value: an equal share of {@code passBytes} per row
     * and long column, after the columns whose types bound them; at least 16, at most {@code
     * maxValueBytes}. Characters for strings (so 4 bytes each at worst), bytes for the rest.
     */
    static int valueShare(StructType schema, int rows, long passBytes, int maxValueBytes) {
        long bounded = 2;
        int unbounded = 0;
        for (StructField f : schema.fields()) {
            var max = ValueKind.maxLength(f.dataType());
            if (max.isPresent()) {
                bounded += max.getAsInt() + 1;
            } else {
                unbounded++;
            }
        }
        long share = unbounded == 0 ? maxValueBytes : (passBytes / rows - bounded) / unbounded;
        return (int) Math.max(16, Math.min(maxValueBytes, share));
    }

    ValueKind kind(int column) {
        return kinds[column];
    }

    boolean plain() {
        return plain;
    }

    int firstCut() {
        return firstCut;
    }

    /** The first pass: about {@link #FIRST_PASS_FACTOR} × {@code maxBytes} of values at most. */
    Batch first(Dataset<Row> data) {
        if (plain) {
            return new Batch(data.limit(fetch).collectAsList(), maxValueBytes, false, Long.MAX_VALUE);
        }
        return new Batch(
                new PreviewProjection(data, schema, kinds, firstCut)
                        .values()
                        .limit(fetch)
                        .collectAsList(),
                firstCut,
                false,
                0);
    }

    /** The second pass: each row's estimated JSON size once cut to {@code maxValueBytes}; no values. */
    List<Long> sizes(Dataset<Row> data) {
        PreviewProjection p = new PreviewProjection(data, schema, kinds, maxValueBytes);
        return p.sizes().limit(fetch).collectAsList().stream()
                .map(r -> r.getLong(0))
                .toList();
    }

    /**
     * The third pass: the first {@code rows} rows, cut to {@code maxValueBytes}. A row estimated
     * larger than {@code maxBytes} (the data changed since the second pass) comes without values.
     */
    Batch again(Dataset<Row> data, int rows) {
        PreviewProjection p = new PreviewProjection(data, schema, kinds, maxValueBytes);
        return new Batch(p.values(maxBytes).limit(rows).collectAsList(), maxValueBytes, true, maxBytes);
    }

    /** How many of the first rows fit in {@code maxBytes} by the second pass's estimate. */
    int fitting(List<Long> sizes) {
        long used = 2;
        int k = 0;
        while (k < Math.min(sizes.size(), maxRows) && used + sizes.get(k) <= maxBytes) {
            used += sizes.get(k);
            k++;
        }
        return k;
    }

    /**
     * One pass's rows: values in the query's column order, then texts of replaced values, then (in
     * the third pass) the size.
     */
    final class Batch {

        private final List<Row> rows;
        private final int cut;
        private final boolean sized;
        private final long shipBytes;

        Batch(List<Row> rows, int cut, boolean sized, long shipBytes) {
            this.rows = rows;
            this.cut = cut;
            this.sized = sized;
            this.shipBytes = shipBytes;
        }

        List<Row> rows() {
            return rows;
        }

        /** False when the row was estimated too large for this pass and came without its values. */
        boolean hasValues(Row row) {
            return !sized || row.getLong(row.size() - 1) <= shipBytes;
        }

        /**
         * True when Spark cut a value of this length (characters or bytes) harder than {@code
         * maxValueBytes} asks, so the preview needs it again.
         */
        boolean cutShort(int length) {
            return cut < maxValueBytes && length > cut;
        }

        /** True when a value replaced by its text in this pass might have been shown in full. */
        boolean replacedShort() {
            return cut < maxValueBytes;
        }

        /** The text that stands for a value too long to show, cut by Spark; null when the value came. */
        String text(Row row, int column) {
            int t = textColumn[column];
            return t < 0 || row.isNullAt(t) ? null : row.getString(t);
        }
    }
}
