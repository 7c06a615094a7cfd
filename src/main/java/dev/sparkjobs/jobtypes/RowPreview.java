package dev.sparkjobs.jobtypes;

import dev.sparkjobs.job.JsonSize;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The first rows of a result as JSON values: {@code columns}, {@code rows} (arrays in column
 * order), {@code rowCount} (rows in the preview) and {@code truncated}; when truncated, {@code
 * truncatedBy} says why: {@code "rows"} (more than {@code maxRows} rows existed) or {@code
 * "bytes"} (rows were left out or values cut to stay within {@link ResultProperties}; this wins when
 * both apply). Rows are shown whole, in order, while their JSON fits in {@code maxBytes}; what
 * reaches the driver is bounded by {@link PreviewFetch}.
 */
public final class RowPreview {

    private RowPreview() {}

    public static Map<String, Object> of(Dataset<Row> data, int maxRows, ResultProperties limits) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (data == null) {
            return result;
        }
        StructType schema = data.schema();
        List<Map<String, Object>> columns = new ArrayList<>();
        for (StructField f : schema.fields()) {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", f.name());
            column.put("type", f.dataType().simpleString());
            columns.add(column);
        }
        PreviewFetch fetch = new PreviewFetch(schema, maxRows, limits);
        PreviewFetch.Batch first = fetch.first(data);
        Shown shown = show(first, fetch, schema, maxRows, limits);
        if (shown.needsValues()) {
            shown = show(fetch.again(data, fetch.fitting(fetch.sizes(data))), fetch, schema, maxRows, limits);
        }
        int available = Math.min(first.rows().size(), maxRows);
        boolean byBytes = shown.valuesCut() || shown.rows().size() < available;
        boolean byRows = first.rows().size() > maxRows;
        result.put("columns", columns);
        result.put("rows", shown.rows());
        result.put("rowCount", shown.rows().size());
        result.put("truncated", byBytes || byRows);
        if (byBytes || byRows) {
            result.put("truncatedBy", byBytes ? "bytes" : "rows");
        }
        return result;
    }

    /**
     * Rows as shown, and why showing stopped early.
     *
     * @param needsValues a row that fits came without its values, or with a value cut shorter than
     *     the preview allows: fetch again
     */
    private record Shown(List<List<Object>> rows, boolean valuesCut, boolean needsValues) {}

    /**
     * A row's top-level values as shown.
     *
     * @param cut a value was cut to {@code maxValueBytes} or replaced by its text
     * @param cutShort a value came cut shorter than the preview allows
     */
    private record Values(List<Object> values, boolean cut, boolean cutShort) {}

    private static Shown show(
            PreviewFetch.Batch batch, PreviewFetch fetch, StructType schema, int maxRows, ResultProperties limits) {
        List<List<Object>> rows = new ArrayList<>();
        boolean valuesCut = false;
        long used = 2;
        for (Row row : batch.rows()) {
            if (rows.size() == maxRows) {
                break;
            }
            if (!batch.hasValues(row)) {
                return new Shown(rows, valuesCut, true);
            }
            Values values = topValues(row, batch, fetch, schema, limits.maxValueBytesInt());
            long size = JsonSize.of(values.values()) + (rows.isEmpty() ? 0 : 1);
            if (used + size > limits.maxBytes().toBytes()) {
                break; // even as cut here it does not fit: no need to look closer
            }
            if (values.cutShort()) {
                return new Shown(rows, valuesCut, true);
            }
            used += size;
            rows.add(values.values());
            valuesCut |= values.cut();
        }
        return new Shown(rows, valuesCut, false);
    }

    /** A row's top-level values, with the cuts {@link PreviewFetch} started finished to exact bytes. */
    private static Values topValues(
            Row row, PreviewFetch.Batch batch, PreviewFetch fetch, StructType schema, int maxValueBytes) {
        StructField[] fields = schema.fields();
        List<Object> out = new ArrayList<>(fields.length);
        boolean cut = false;
        boolean cutShort = false;
        for (int i = 0; i < fields.length; i++) {
            String text = batch.text(row, i);
            if (text != null) {
                cut = true;
                cutShort |= batch.replacedShort();
                out.add(JsonSize.cut(text, maxValueBytes));
            } else if (row.isNullAt(i)) {
                out.add(null);
            } else if (fetch.kind(i) == ValueKind.STRING) {
                String s = row.getString(i);
                String shown = JsonSize.cut(s, maxValueBytes);
                cut |= shown.length() < s.length();
                cutShort |= batch.cutShort(s.codePointCount(0, s.length())); // Spark cuts characters
                out.add(shown);
            } else if (fetch.kind(i) == ValueKind.BINARY) {
                byte[] bytes = (byte[]) row.get(i);
                cut |= bytes.length > maxValueBytes;
                cutShort |= batch.cutShort(bytes.length);
                out.add(scalar(bytes.length > maxValueBytes ? Arrays.copyOf(bytes, maxValueBytes) : bytes));
            } else {
                out.add(value(row, i, fields[i].dataType()));
            }
        }
        return new Values(out, cut, cutShort);
    }

    private static List<Object> values(Row row, StructType schema) {
        List<Object> out = new ArrayList<>(schema.fields().length);
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            out.add(row.isNullAt(i) ? null : value(row, i, fields[i].dataType()));
        }
        return out;
    }

    private static Object value(Row row, int i, DataType type) {
        if (type instanceof StructType struct) {
            Row nested = row.getStruct(i);
            Map<String, Object> m = new LinkedHashMap<>();
            List<Object> vals = values(nested, struct);
            for (int k = 0; k < struct.fields().length; k++) {
                m.put(struct.fields()[k].name(), vals.get(k));
            }
            return m;
        }
        if (type instanceof ArrayType) {
            List<Object> out = new ArrayList<>();
            for (Object o : row.getList(i)) {
                out.add(scalar(o));
            }
            return out;
        }
        if (type instanceof MapType) {
            Map<String, Object> out = new LinkedHashMap<>();
            row.getJavaMap(i).forEach((k, v) -> out.put(String.valueOf(scalar(k)), scalar(v)));
            return out;
        }
        return scalar(row.get(i));
    }

    private static Object scalar(Object v) {
        if (v == null
                || v instanceof String
                || v instanceof Boolean
                || v instanceof Integer
                || v instanceof Long
                || v instanceof Short
                || v instanceof Byte
                || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? d.toString() : d;
        }
        if (v instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? f.toString() : f;
        }
        if (v instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof Instant || v instanceof LocalDate || v instanceof LocalDateTime) {
            return v.toString();
        }
        if (v instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return String.valueOf(v);
    }
}
