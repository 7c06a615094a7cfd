package dev.sparkjobs.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.TableWrite.Kind;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableWriteTest {

    /** Kinds that remove or rewrite files: two of them on one table fail one another's commit. */
    private static final Set<Kind> REWRITING =
            EnumSet.of(Kind.OVERWRITE, Kind.MERGE, Kind.UPDATE, Kind.DELETE, Kind.OPTIMIZE, Kind.VACUUM);

    @Test
    void oneTableHasOneNameHoweverItWasWritten() {
        TableWrite plain = new TableWrite("sales.trips", TableWrite.Kind.MERGE);
        assertThat(new TableWrite(" `Sales`.`Trips` ", TableWrite.Kind.MERGE)).isEqualTo(plain);
        assertThat(new TableWrite("spark_catalog.sales.trips", TableWrite.Kind.MERGE))
                .isEqualTo(plain);
        assertThat(new TableWrite("trips", TableWrite.Kind.OPTIMIZE).table()).isEqualTo("default.trips");
        assertThat(new TableWrite("trips", TableWrite.Kind.OPTIMIZE)
                        .conflictsWith(new TableWrite("default.trips", TableWrite.Kind.MERGE)))
                .isTrue();
        assertThat(new TableWrite("delta.`/data/t`", TableWrite.Kind.MERGE).table())
                .isEqualTo("delta.`/data/t`");
    }

    @Test
    void everyPairOfKindsOnOneTableConflictsExactlyWhenBothRewriteFiles() {
        for (Kind a : Kind.values()) {
            for (Kind b : Kind.values()) {
                boolean expected = REWRITING.contains(a) && REWRITING.contains(b);
                TableWrite x = new TableWrite("sales.orders", a);
                TableWrite y = new TableWrite("sales.orders", b);
                assertThat(x.conflictsWith(y)).as(a + " vs " + b).isEqualTo(expected);
                assertThat(y.conflictsWith(x))
                        .as("symmetric: " + b + " vs " + a)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void writesToDifferentTablesNeverConflict() {
        for (Kind a : Kind.values()) {
            for (Kind b : Kind.values()) {
                assertThat(new TableWrite("sales.orders", a).conflictsWith(new TableWrite("sales.items", b)))
                        .as(a + " vs " + b)
                        .isFalse();
            }
        }
    }

    @Test
    void namesCompareWithoutCaseOrSurroundingSpace() {
        assertThat(new TableWrite(" Sales.Orders ", Kind.MERGE)
                        .conflictsWith(new TableWrite("sales.orders", Kind.OPTIMIZE)))
                .isTrue();
        assertThat(new TableWrite("Sales.Orders", Kind.MERGE).table()).isEqualTo("sales.orders");
    }
}
