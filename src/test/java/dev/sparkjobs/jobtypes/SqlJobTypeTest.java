package dev.sparkjobs.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlJobTypeTest {

    private final SqlJobType sql =
            new SqlJobType(ResultProperties.defaults(), (statements, single, args, caller) -> {});

    private List<String> fields(Map<String, Object> params) {
        return sql.validate(params).stream().map(ParamError::field).toList();
    }

    @Test
    void acceptsOneStatementWithArgsOrAListOfStatements() {
        assertThat(sql.validate(Map.of("sql", "SELECT :a", "args", Map.of("a", 1), "maxRows", 10)))
                .isEmpty();
        assertThat(sql.validate(Map.of("statements", List.of("SELECT 1", "SELECT 2"))))
                .isEmpty();
        assertThat(sql.validate(sql.exampleParams())).isEmpty();
    }

    @Test
    void reportsEveryProblemByField() {
        assertThat(fields(Map.of())).containsExactly("params.sql");
        assertThat(fields(Map.of("sql", "a", "statements", List.of("b")))).containsExactly("params.statements");
        assertThat(fields(Map.of("sql", " "))).containsExactly("params.sql");
        assertThat(fields(Map.of("sql", 5))).containsExactly("params.sql");
        assertThat(fields(Map.of("statements", List.of()))).containsExactly("params.statements");
        assertThat(fields(Map.of("statements", List.of("ok", 3)))).containsExactly("params.statements[1]");
        assertThat(fields(Map.of("sql", "a", "maxRows", 10_001))).containsExactly("params.maxRows");
        assertThat(fields(Map.of("sql", "a", "maxRows", "ten"))).containsExactly("params.maxRows");
        assertThat(fields(Map.of("sql", "a", "args", Map.of("1bad", 1, "ok", List.of(1)))))
                .containsExactlyInAnyOrder("params.args.1bad", "params.args.ok");
        assertThat(fields(Map.of("sql", "a", "args", "x"))).containsExactly("params.args");
        assertThat(fields(Map.of("sql", "a", "typo", 1))).containsExactly("params.typo");
    }

    @Test
    void describesItsParameters() {
        assertThat(sql.parameters())
                .extracting(ParameterDoc::name)
                .containsExactly("sql", "statements", "args", "maxRows");
    }
}
