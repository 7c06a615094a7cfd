package dev.sparkjobs.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.JsonSize;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.VariantType$;
import org.apache.spark.sql.types.YearMonthIntervalType;
import org.junit.jupiter.api.Test;

class ValueKindTest {

    private static StructType struct(StructField... fields) {
        return new StructType(fields);
    }

    private static StructField field(String name, DataType type) {
        return new StructField(name, type, true, Metadata.empty());
    }

    @Test
    void onlyTypesThatBoundTheirValuesAreNeverCut() {
        for (DataType t : List.of(
                DataTypes.NullType,
                DataTypes.BooleanType,
                DataTypes.ByteType,
                DataTypes.ShortType,
                DataTypes.IntegerType,
                DataTypes.LongType,
                DataTypes.FloatType,
                DataTypes.DoubleType,
                DataTypes.createDecimalType(38, 18),
                DataTypes.DateType,
                DataTypes.TimestampType,
                DataTypes.TimestampNTZType,
                DataTypes.CalendarIntervalType,
                DayTimeIntervalType.apply(),
                YearMonthIntervalType.apply(),
                struct(field("a", DataTypes.IntegerType), field("b", struct(field("c", DataTypes.DateType)))))) {
            assertThat(ValueKind.of(t)).as(t.simpleString()).isEqualTo(ValueKind.BOUNDED);
        }
        assertThat(ValueKind.of(DataTypes.StringType)).isEqualTo(ValueKind.STRING);
        assertThat(ValueKind.of(DataTypes.BinaryType)).isEqualTo(ValueKind.BINARY);
        assertThat(ValueKind.of(DataTypes.createArrayType(DataTypes.IntegerType)))
                .isEqualTo(ValueKind.TEXT);
        assertThat(ValueKind.of(DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType)))
                .isEqualTo(ValueKind.TEXT);
        assertThat(ValueKind.of(struct(field("a", DataTypes.IntegerType), field("s", DataTypes.StringType))))
                .isEqualTo(ValueKind.TEXT);
        assertThat(ValueKind.of(VariantType$.MODULE$)).isEqualTo(ValueKind.TEXT);
    }

    @Test
    void boundsHoldForTheLongestValuesAPreviewWrites() {
        assertLongestFits(DataTypes.LongType, Long.MIN_VALUE);
        assertLongestFits(DataTypes.IntegerType, Integer.MIN_VALUE);
        assertLongestFits(DataTypes.ShortType, Short.MIN_VALUE);
        assertLongestFits(DataTypes.ByteType, Byte.MIN_VALUE);
        assertLongestFits(DataTypes.BooleanType, false);
        assertLongestFits(DataTypes.NullType, (Object) null);
        assertLongestFits(DataTypes.DoubleType, -2.2250738585072014E-308, -Double.MIN_VALUE, "-Infinity");
        assertLongestFits(DataTypes.FloatType, -1.17549435E-38f, -Float.MIN_VALUE, "-Infinity");
        assertLongestFits(
                DataTypes.createDecimalType(38, 18),
                new BigDecimal("-99999999999999999999.999999999999999999"),
                new BigDecimal("1.000000000000000000E-18"));
        assertLongestFits(DataTypes.DateType, LocalDate.of(-9999, 12, 31).toString());
        assertLongestFits(
                DataTypes.TimestampType,
                Instant.parse("-9999-12-31T23:59:59.999999Z").toString());
        assertLongestFits(
                DataTypes.TimestampNTZType,
                LocalDateTime.of(-9999, 12, 31, 23, 59, 59, 999_999_000).toString());
        assertLongestFits(
                DayTimeIntervalType.apply(),
                Duration.ofNanos(Long.MIN_VALUE / 1000 * 1000).toString());
        assertLongestFits(
                DayTimeIntervalType.apply(),
                Duration.ofSeconds(Long.MIN_VALUE / 1_000_000, -775_808_000).toString());
        assertLongestFits(
                YearMonthIntervalType.apply(), Period.of(-178956970, -8, 0).toString());
        assertLongestFits(
                DataTypes.CalendarIntervalType,
                "-178956970 years -8 months -2147483648 days -2562047788 hours -0 minutes -54.775808 seconds");
    }

    private static void assertLongestFits(DataType type, Object... longest) {
        for (Object v : longest) {
            assertThat(JsonSize.of(v))
                    .as("%s %s", type.simpleString(), v)
                    .isLessThanOrEqualTo(ValueKind.maxLength(type).getAsInt());
        }
    }

    @Test
    void aStructsBoundIncludesItsFieldNames() {
        StructType s = struct(field("a_long_field_name", DataTypes.IntegerType), field("b", DataTypes.BooleanType));
        Map<String, Object> longest = new LinkedHashMap<>();
        longest.put("a_long_field_name", Integer.MIN_VALUE);
        longest.put("b", false);
        assertThat(ValueKind.maxLength(s).getAsInt()).isGreaterThanOrEqualTo((int) JsonSize.of(longest));
        assertThat(ValueKind.namesLength(s)).isEqualTo(("\"a_long_field_name\":" + "\"b\":").length());
        assertThat(ValueKind.namesLength(DataTypes.StringType)).isZero();
    }
}
