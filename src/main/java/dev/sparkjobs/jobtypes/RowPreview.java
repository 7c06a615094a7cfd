package dev.sparkjobs.jobtypes;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
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
 * order), {@code rowCount} (rows in the preview) and {@code truncated} (more rows existed).
 */
public final class RowPreview {

    private RowPreview() {}

    public static Map<String, Object> of(Dataset<Row> data, int maxRows) {
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
        List<Row> collected = data.limit(maxRows + 1).collectAsList();
        boolean truncated = collected.size() > maxRows;
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : truncated ? collected.subList(0, maxRows) : collected) {
            rows.add(values(row, schema));
        }
        result.put("columns", columns);
        result.put("rows", rows);
        result.put("rowCount", rows.size());
        result.put("truncated", truncated);
        return result;
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
