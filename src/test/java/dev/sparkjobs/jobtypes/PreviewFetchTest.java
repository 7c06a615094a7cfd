package dev.sparkjobs.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.JsonSize;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class PreviewFetchTest {

    private static final ResultProperties ONE_KB = new ResultProperties(DataSize.ofKilobytes(1), DataSize.ofBytes(100));

    private static StructType schema(DataType... types) {
        StructField[] fields = new StructField[types.length];
        for (int i = 0; i < types.length; i++) {
            fields[i] = new StructField("x", types[i], true, Metadata.empty());
        }
        return new StructType(fields);
    }

    @Test
    void fetchesOneRowMoreThanCanBeShown() {
        assertThat(PreviewFetch.rowsToFetch(100, 1 << 20, 3)).isEqualTo(101);
        assertThat(PreviewFetch.rowsToFetch(10_000, 1 << 20, 1)).isEqualTo(10_001);
        // 1000 columns: a row takes at least 2001 bytes plus a comma, so at most 523 rows fit
        assertThat(PreviewFetch.rowsToFetch(10_000, 1 << 20, 1000)).isEqualTo(523 + 1);
        assertThat(PreviewFetch.rowsToFetch(10, 1024, 0)).isEqualTo(11);
    }

    @Test
    void rowsBeyondTheBoundCannotFitEvenWithOneByteValues() {
        for (int columns = 1; columns < 50; columns++) {
            int fetch = PreviewFetch.rowsToFetch(Integer.MAX_VALUE, 1024, columns);
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                row.add(1);
            }
            List<List<Object>> rows = new ArrayList<>();
            for (int r = 0; r < fetch; r++) {
                rows.add(row);
            }
            assertThat(JsonSize.of(rows)).isGreaterThan(1024);
            assertThat(JsonSize.of(rows.subList(0, fetch - 1))).isLessThanOrEqualTo(1024);
        }
    }

    @Test
    void collectsBoundedRowsAsTheyAreWhenTheyCannotBeLarge() {
        assertThat(new PreviewFetch(schema(DataTypes.IntegerType), 100, ResultProperties.defaults()).plain())
                .isTrue();
        assertThat(new PreviewFetch(schema(), 100, ResultProperties.defaults()).plain())
                .isTrue();
        assertThat(new PreviewFetch(schema(DataTypes.StringType), 1, ResultProperties.defaults()).plain())
                .isFalse();
        // 10 longs: about 212 bytes a row, 10001 rows > 4 KB: cut in Spark
        DataType[] longs = new DataType[10];
        java.util.Arrays.fill(longs, DataTypes.LongType);
        assertThat(new PreviewFetch(schema(longs), 10, ONE_KB).plain()).isTrue();
        assertThat(new PreviewFetch(schema(longs), 10_000, ONE_KB).plain()).isFalse();
    }

    @Test
    void longValuesGetAnEqualShareOfTheFirstPass() {
        StructType oneString = schema(DataTypes.StringType);
        // 100 rows asked, 4 MiB for the pass: about 41 KB a row, within 64 KB
        assertThat(PreviewFetch.valueShare(oneString, 101, 4 << 20, 64 << 10)).isEqualTo((4 << 20) / 101 - 2);
        assertThat(PreviewFetch.valueShare(oneString, 2, 4 << 20, 64 << 10)).isEqualTo(64 << 10);
        // 10,000 rows, a string and a long: (419 - 2 - 21) bytes for the string
        assertThat(PreviewFetch.valueShare(schema(DataTypes.StringType, DataTypes.LongType), 10_001, 4 << 20, 64 << 10))
                .isEqualTo((4 << 20) / 10_001 - 2 - 21);
        // never less than 16
        assertThat(PreviewFetch.valueShare(schema(DataTypes.StringType, DataTypes.StringType), 10_001, 1024, 100))
                .isEqualTo(16);
        PreviewFetch fetch = new PreviewFetch(oneString, 100, ResultProperties.defaults());
        assertThat(fetch.firstCut()).isEqualTo((4 << 20) / 101 - 2);
    }

    @Test
    void theThirdPassTakesTheRowsThatFitByEstimate() {
        PreviewFetch fetch = new PreviewFetch(schema(DataTypes.StringType), 100, ONE_KB);
        assertThat(fetch.fitting(List.of(300L, 300L, 300L, 300L, 300L))).isEqualTo(3); // 2 + 3 × 300 <= 1024
        assertThat(fetch.fitting(List.of(300L, 300L))).isEqualTo(2);
        assertThat(fetch.fitting(List.of(2000L, 1L))).isZero();
        assertThat(new PreviewFetch(schema(DataTypes.StringType), 2, ONE_KB).fitting(List.of(1L, 1L, 1L)))
                .isEqualTo(2);
    }

    @Test
    void aBatchKnowsWhatSparkCutShorterThanThePreviewAllows() {
        PreviewFetch fetch = new PreviewFetch(
                schema(DataTypes.StringType, DataTypes.createArrayType(DataTypes.IntegerType)), 10_000, ONE_KB);
        PreviewFetch.Batch first = fetch.new Batch(List.of(), 16, false, 0);
        assertThat(first.cutShort(16)).isFalse();
        assertThat(first.cutShort(17)).isTrue();
        assertThat(first.replacedShort()).isTrue();
        PreviewFetch.Batch full = fetch.new Batch(List.of(), 100, false, 0);
        assertThat(full.cutShort(101)).isFalse();
        assertThat(full.replacedShort()).isFalse();
        Row row = RowFactory.create("s", null, "[1, 2", 300L);
        PreviewFetch.Batch sized = fetch.new Batch(List.of(row), 100, true, 200);
        assertThat(sized.hasValues(row)).isFalse();
        assertThat(sized.text(row, 1)).isEqualTo("[1, 2");
        assertThat(sized.text(row, 0)).isNull();
        assertThat(fetch.new Batch(List.of(row), 100, true, 300).hasValues(row)).isTrue();
    }
}
