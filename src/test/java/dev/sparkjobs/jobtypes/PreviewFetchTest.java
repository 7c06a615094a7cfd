package dev.sparkjobs.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;

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
    void theSecondPassTakesTheRowsThatFitByEstimate() {
        PreviewFetch fetch = new PreviewFetch(schema(DataTypes.StringType), 100, ONE_KB);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(RowFactory.create(null, 300L)); // values, size
        }
        PreviewFetch.Batch batch = fetch.new Batch(rows, 100);
        assertThat(batch.hasValues(rows.get(0))).isFalse();
        assertThat(batch.fitting()).isEqualTo(3); // 2 + 3 × 300 <= 1024 < 2 + 4 × 300
        PreviewFetch.Batch few = fetch.new Batch(rows.subList(0, 2), 1024);
        assertThat(few.hasValues(rows.get(0))).isTrue();
        assertThat(few.fitting()).isEqualTo(2);
        assertThat(new PreviewFetch(schema(DataTypes.StringType), 2, ONE_KB).new Batch(rows, 100).fitting())
                .isEqualTo(2);
    }
}
