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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark side of a preview pass: each value cut to {@code cut} (characters for strings, bytes
 * for binary), arrays, maps, structs, variants and geometries longer than that replaced by their
 * text (in extra columns {@code t0, t1, ...}), and each row's estimated JSON size. Columns are
 * taken by position, so duplicate or odd names ({@code SELECT 1, 1}, {@code `a.b`}) do not matter.
 */
final class PreviewProjection {

    private final Dataset<Row> source;
    private final Column[] values;
    private final String[] names;
    private final List<Column> texts = new ArrayList<>();
    private final Column size;

    PreviewProjection(Dataset<Row> data, StructType schema, ValueKind[] kinds, int cut) {
        StructField[] fields = schema.fields();
        names = new String[fields.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = "c" + i;
        }
        // unique names resolve as they are, which saves analysing a renamed plan
        boolean byName = uniqueNames(fields);
        source = byName ? data : data.toDF(names);
        values = new Column[fields.length];
        Column total = lit(2L);
        Column longest = lit(cut);
        for (int i = 0; i < fields.length; i++) {
            Column c = byName ? data.col("`" + fields[i].name().replace("`", "``") + "`") : col(names[i]);
            DataType type = fields[i].dataType();
            Column length;
            switch (kinds[i]) {
                case BOUNDED -> {
                    values[i] = c;
                    length = octet_length(c.cast("string")).plus(ValueKind.namesLength(type));
                }
                case STRING -> {
                    values[i] = left(c, lit(cut + 1));
                    length = octet_length(values[i]);
                }
                case BINARY -> {
                    values[i] = substring(c, 1, cut + 1);
                    length = ceil(octet_length(values[i]).multiply(4).divide(3));
                }
                default -> {
                    Column text =
                            kinds[i] == ValueKind.SPATIAL ? hex(call_function("st_asbinary", c)) : c.cast("string");
                    Column textLength = octet_length(text);
                    values[i] = when(textLength.leq(longest), c);
                    texts.add(when(textLength.gt(longest), left(text, longest)));
                    length = least(textLength, longest).plus(ValueKind.namesLength(type));
                }
            }
            total = total.plus(coalesce(length.plus(separators(type)), lit(5)));
        }
        size = total.cast("long").as("size");
    }

    /** The cut values, then the texts. */
    Dataset<Row> values() {
        return select(null);
    }

    /**
     * The cut values and texts of rows estimated at most {@code shipBytes}, nulls for larger ones;
     * then the estimate.
     */
    Dataset<Row> values(long shipBytes) {
        return select(size.leq(lit(shipBytes)));
    }

    /** Only each row's estimated size. */
    Dataset<Row> sizes() {
        return source.select(size);
    }

    private Dataset<Row> select(Column ship) {
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add((ship == null ? values[i] : when(ship, values[i])).as(names[i]));
        }
        for (int t = 0; t < texts.size(); t++) {
            out.add((ship == null ? texts.get(t) : when(ship, texts.get(t))).as("t" + t));
        }
        if (ship != null) {
            out.add(size);
        }
        return source.select(out.toArray(Column[]::new));
    }

    private static boolean uniqueNames(StructField[] fields) {
        Set<String> seen = new HashSet<>();
        for (StructField f : fields) {
            if (!seen.add(f.name().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    /** A value's comma, and its quotes unless it is a number or a boolean; "null," takes 5. */
    private static int separators(DataType type) {
        return type instanceof NumericType || type instanceof BooleanType ? 1 : 3;
    }
}
