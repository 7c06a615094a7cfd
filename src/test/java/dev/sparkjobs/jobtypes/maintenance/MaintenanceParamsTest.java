package dev.sparkjobs.jobtypes.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.TableWrite;
import dev.sparkjobs.jobtypes.ParamBinder;
import dev.sparkjobs.jobtypes.ParamError;
import dev.sparkjobs.support.TestJobType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.junit.jupiter.api.Test;

class MaintenanceParamsTest {

    private final MaintenanceJobType type = new MaintenanceJobType(
            MaintenanceProperties.defaults(), (table, caller) -> {}, (s, single, args, c) -> {}, Clock.systemUTC());
    private final ParamBinder binder = TestJobType.binder();

    private List<ParamError> errors(Map<String, Object> params) {
        return binder.check(type, params);
    }

    private List<String> fields(Map<String, Object> params) {
        return errors(params).stream().map(ParamError::field).toList();
    }

    private static Map<String, Object> tables(Object... operations) {
        return Map.of("tables", List.of("sales.orders"), "operations", List.of(operations));
    }

    @Test
    void acceptsListedTablesOrAPatternWithOperationsOfEachType() {
        assertThat(errors(Map.of(
                        "tables",
                        List.of("sales.orders", "orders", "spark_catalog.sales.t_1"),
                        "operations",
                        List.of(
                                Map.of("type", "OPTIMIZE", "where", "day >= '2026-01-01'", "zorderBy", List.of("id")),
                                Map.of("type", "VACUUM", "retentionHours", 168),
                                Map.of("type", "ANALYZE", "columns", List.of("id", "day"))),
                        "concurrency",
                        16,
                        "maxTables",
                        10)))
                .isEmpty();
        assertThat(errors(Map.of("pattern", "sales.fact_?_*", "operations", List.of(Map.of("type", "VACUUM")))))
                .isEmpty();
        assertThat(errors(binder.toParams(type.exampleParams()))).isEmpty();
    }

    @Test
    void namesTheFieldOfEveryStructuralProblem() {
        assertThat(fields(Map.of("operations", List.of(Map.of("type", "VACUUM")))))
                .containsExactly("params.tables");
        assertThat(fields(Map.of(
                        "tables", List.of("a.b"), "pattern", "a.*", "operations", List.of(Map.of("type", "VACUUM")))))
                .containsExactly("params.pattern");
        assertThat(fields(Map.of("tables", List.of("a.b")))).containsExactly("params.operations");
        assertThat(fields(Map.of("tables", List.of("a.b"), "operations", List.of())))
                .containsExactly("params.operations");
        assertThat(fields(tables(Map.of("type", "REINDEX")))).containsExactly("params.operations[0].type");
        assertThat(fields(tables(Map.of("retentionHours", 200)))).containsExactly("params.operations[0].type");
        assertThat(fields(tables(Map.of("type", "VACUUM", "retentionHours", -1))))
                .containsExactly("params.operations[0].retentionHours");
        assertThat(fields(Map.of(
                        "tables", List.of("a.b"), "operations", List.of(Map.of("type", "VACUUM")), "concurrency", 0)))
                .containsExactly("params.concurrency");
        assertThat(fields(Map.of(
                        "tables", List.of("a.b"), "operations", List.of(Map.of("type", "VACUUM")), "concurrency", 17)))
                .containsExactly("params.concurrency");
        assertThat(fields(Map.of(
                        "tables",
                        List.of("a.b", "a.b; DROP TABLE x", "a.b.c.d", "a-b"),
                        "operations",
                        List.of(Map.of("type", "VACUUM")))))
                .containsExactly("params.tables[1]", "params.tables[2]", "params.tables[3]");
        assertThat(fields(Map.of("pattern", "*", "operations", List.of(Map.of("type", "VACUUM")))))
                .containsExactly("params.pattern");
        assertThat(fields(Map.of("pattern", "sales.[ab]*", "operations", List.of(Map.of("type", "VACUUM")))))
                .containsExactly("params.pattern");
        assertThat(fields(tables(Map.of("type", "VACUUM", "typo", 1)))).containsExactly("params.operations[0].typo");
    }

    @Test
    void fieldsBelongToTheirOperationType() {
        assertThat(errors(tables(Map.of("type", "OPTIMIZE", "retentionHours", 200))))
                .singleElement()
                .isEqualTo(new ParamError("params.operations[0].retentionHours", "only for VACUUM, not for OPTIMIZE"));
        assertThat(fields(tables(
                        Map.of("type", "VACUUM"),
                        Map.of("type", "VACUUM", "where", "a = 1", "zorderBy", List.of("a"), "columns", List.of("a")))))
                .containsExactly(
                        "params.operations[1].columns", "params.operations[1].where", "params.operations[1].zorderBy");
        assertThat(fields(tables(Map.of("type", "ANALYZE", "where", "a = 1"))))
                .containsExactly("params.operations[0].where");
        assertThat(fields(tables(Map.of("type", "OPTIMIZE", "columns", List.of("a")))))
                .containsExactly("params.operations[0].columns");
    }

    @Test
    void aRetentionBelowTheOperatorsMinimumIsRefused() {
        assertThat(errors(tables(Map.of("type", "VACUUM", "retentionHours", 167))))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("params.operations[0].retentionHours");
                    assertThat(e.message()).startsWith("must be at least 168");
                });
        var allowsZero = new OperationValidator(0, new WherePredicate(CatalystSqlParser$.MODULE$));
        assertThat(allowsZero.isValid(Operation.vacuum(0), null)).isTrue();
    }

    @Test
    void columnsMustBeIdentifiers() {
        assertThat(fields(tables(Map.of("type", "OPTIMIZE", "zorderBy", List.of("a", "b c", "`x`")))))
                .containsExactly("params.operations[0].zorderBy[1]", "params.operations[0].zorderBy[2]");
        assertThat(fields(tables(Map.of("type", "ANALYZE", "columns", List.of("id); DROP TABLE t --")))))
                .containsExactly("params.operations[0].columns[0]");
        assertThat(fields(tables(Map.of("type", "ANALYZE", "columns", List.of()))))
                .containsExactly("params.operations[0].columns");
    }

    @Test
    void whereIsOneExpressionWithoutSubqueries() {
        assertThat(errors(tables(Map.of("type", "OPTIMIZE", "where", "day = '2026-01-01' AND id % 2 = 0 -- even"))))
                .isEmpty();
        for (String bad : List.of(
                "id IN (SELECT id FROM other.t)",
                "EXISTS (SELECT 1 FROM other.t)",
                "day = (SELECT max(day) FROM other.t)",
                "a = 1) ZORDER BY (b",
                "a = 1; DROP TABLE x",
                "a = ",
                " ")) {
            assertThat(fields(tables(Map.of("type", "OPTIMIZE", "where", bad))))
                    .as(bad)
                    .containsExactly("params.operations[0].where");
        }
        assertThat(errors(tables(Map.of("type", "OPTIMIZE", "where", "a IN (SELECT 1)"))))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("must not hold a subquery"));
    }

    @Test
    void writesAreTheListedTablesOnceEachPerOperationKind() {
        MaintenanceParams listed = binder.bindValid(
                type,
                Map.of(
                        "tables",
                        List.of("Sales.Orders", "sales.orders", "sales.items"),
                        "operations",
                        List.of(Map.of("type", "OPTIMIZE"), Map.of("type", "VACUUM"), Map.of("type", "OPTIMIZE"))));
        assertThat(type.writes(listed))
                .containsExactly(
                        new TableWrite("sales.orders", TableWrite.Kind.OPTIMIZE),
                        new TableWrite("sales.orders", TableWrite.Kind.VACUUM),
                        new TableWrite("sales.items", TableWrite.Kind.OPTIMIZE),
                        new TableWrite("sales.items", TableWrite.Kind.VACUUM));
        assertThat(type.writes(type.exampleParams())).isEmpty();
    }

    @Test
    void aGlobMatchesWholeNamesWithStarAndQuestionMark() {
        var glob = TableNames.Glob.of("sales.fact_?_*");
        assertThat(glob.schema()).isEqualTo("sales");
        assertThat(glob.names().matcher("fact_a_2026").matches()).isTrue();
        assertThat(glob.names().matcher("FACT_b_").matches()).isTrue();
        assertThat(glob.names().matcher("fact_ab_1").matches()).isFalse();
        assertThat(glob.names().matcher("xfact_a_1").matches()).isFalse();
        assertThat(glob.policyName()).isEqualTo("`sales`.`fact_?_*`");
        assertThat(TableNames.Target.listed("spark_catalog.sales.t").sql()).isEqualTo("`spark_catalog`.`sales`.`t`");
    }
}
