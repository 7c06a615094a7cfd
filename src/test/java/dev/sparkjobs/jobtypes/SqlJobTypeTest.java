package dev.sparkjobs.jobtypes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.TestJobType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SqlJobTypeTest {

    private final SqlJobType sql =
            new SqlJobType(ResultProperties.defaults(), (statements, single, args, caller) -> {});
    private final ParamBinder binder = TestJobType.binder();

    private List<ParamError> errors(Map<String, Object> params) {
        return binder.check(sql, params);
    }

    private List<String> fields(Map<String, Object> params) {
        return errors(params).stream().map(ParamError::field).toList();
    }

    @Test
    void acceptsOneStatementWithArgsOrAListOfStatements() {
        assertThat(errors(Map.of("sql", "SELECT :a", "args", Map.of("a", 1), "maxRows", 10)))
                .isEmpty();
        assertThat(errors(Map.of("statements", List.of("SELECT 1", "SELECT 2"))))
                .isEmpty();
        assertThat(errors(binder.toParams(sql.exampleParams()))).isEmpty();
        SqlParams bound = binder.bindValid(sql, Map.of("statements", List.of("SELECT 1", "SELECT 2")));
        assertThat(bound.statementList()).containsExactly("SELECT 1", "SELECT 2");
        assertThat(bound.argValues()).isEmpty();
    }

    @Test
    void reportsEveryProblemByField() {
        assertThat(fields(Map.of())).containsExactly("params.sql");
        assertThat(fields(Map.of("sql", "a", "statements", List.of("b")))).containsExactly("params.statements");
        assertThat(fields(Map.of("sql", " "))).containsExactly("params.sql");
        assertThat(fields(Map.of("sql", 5))).containsExactly("params.sql");
        assertThat(fields(Map.of("statements", List.of()))).containsExactly("params.statements");
        assertThat(fields(Map.of("statements", List.of("ok", " ")))).containsExactly("params.statements[1]");
        assertThat(fields(Map.of("sql", "a", "maxRows", 10_001))).containsExactly("params.maxRows");
        assertThat(fields(Map.of("sql", "a", "maxRows", "ten"))).containsExactly("params.maxRows");
        assertThat(fields(Map.of("sql", "a", "args", Map.of("1bad", 1, "ok", List.of(1)))))
                .containsExactlyInAnyOrder("params.args.1bad", "params.args.ok");
        assertThat(fields(Map.of("sql", "a", "args", "x"))).containsExactly("params.args");
        assertThat(fields(Map.of("sql", "a", "typo", 1, "other", 2)))
                .containsExactlyInAnyOrder("params.typo", "params.other");
    }

    @Test
    void saysWhatIsWrongInTheCallersTerms() {
        assertThat(errors(Map.of())).singleElement().satisfies(e -> assertThat(e.message())
                .isEqualTo("required: give sql or statements"));
        assertThat(errors(Map.of("sql", "a", "statements", List.of("b"))))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("give sql or statements, not both"));
        assertThat(errors(Map.of("sql", "a", "maxRows", "ten"))).singleElement().satisfies(e -> assertThat(e.message())
                .isEqualTo("must be a whole number"));
        assertThat(errors(Map.of("sql", "a", "typo", 1))).singleElement().satisfies(e -> assertThat(e.message())
                .startsWith("unknown field; known fields: args, maxRows"));
    }

    @Test
    void derivesItsSchemaFromTheRecord() {
        Map<String, Object> schema = new ParamSchemas(JsonMapper.builder().build()).of(sql);
        assertThat(schema).containsEntry("type", "object").containsEntry("additionalProperties", false);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
        assertThat(properties).containsOnlyKeys("sql", "statements", "args", "maxRows");
        assertThat(number(properties.get("maxRows").get("minimum"))).isEqualTo(1);
        assertThat(number(properties.get("maxRows").get("maximum"))).isEqualTo(10_000);
        assertThat(number(properties.get("statements").get("maxItems"))).isEqualTo(100);
        assertThat((String) properties.get("sql").get("description")).contains("named markers");
        // args holds any names, each a JSON value
        assertThat(properties.get("args").get("additionalProperties")).isNotEqualTo(false);
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
