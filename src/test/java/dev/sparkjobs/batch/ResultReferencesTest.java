package dev.sparkjobs.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.JobState;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResultReferencesTest {

    private static final Map<String, Object> EXTRACT_RESULT = extractResult();

    private static Map<String, Object> extractResult() {
        Map<String, Object> result = new HashMap<>();
        result.put("rowCount", 42);
        result.put("table", "bronze.orders");
        result.put("ratio", new BigDecimal("0.50"));
        result.put("done", true);
        result.put("nothing", null);
        result.put("rows", List.of(Map.of("id", 7, "name", "a"), Map.of("id", 8, "name", "b")));
        result.put("stats", Map.of("max", 3.5, "files", List.of("f1", "f2")));
        return result;
    }

    private static final Map<String, NodeStatus> UPSTREAM = Map.of(
            "extract", new NodeStatus("extract", JobState.SUCCEEDED, EXTRACT_RESULT),
            "load.v2", new NodeStatus("load.v2", JobState.SUCCEEDED, Map.of("path", "/data/x")),
            "broken", new NodeStatus("broken", JobState.FAILED, null),
            "empty", new NodeStatus("empty", JobState.SUCCEEDED, null),
            "later", NodeStatus.pending("later"));

    private static ResultReferences.Resolution resolve(Object value) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("p", value);
        return ResultReferences.resolve(params, UPSTREAM);
    }

    private static Object resolved(Object value) {
        ResultReferences.Resolution r = resolve(value);
        assertThat(r.errors()).isEmpty();
        assertThat(r.ok()).isTrue();
        return r.params().get("p");
    }

    private static String error(Object value) {
        ResultReferences.Resolution r = resolve(value);
        assertThat(r.ok()).isFalse();
        assertThat(r.params()).isNull();
        assertThat(r.errors()).hasSize(1);
        return r.errors().get(0);
    }

    @Test
    void aWholeReferenceKeepsItsJsonType() {
        assertThat(resolved("${jobs.extract.result.rowCount}")).isEqualTo(42);
        assertThat(resolved("${jobs.extract.result.done}")).isEqualTo(true);
        assertThat(resolved("${jobs.extract.result.table}")).isEqualTo("bronze.orders");
        assertThat(resolved("${jobs.extract.result.stats}"))
                .isEqualTo(Map.of("max", 3.5, "files", List.of("f1", "f2")));
        assertThat(resolved("${jobs.extract.result.rows}")).asList().hasSize(2);
        assertThat(resolved("${jobs.extract.result.nothing}")).isNull();
    }

    @Test
    void followsNestedFieldsAndListIndexes() {
        assertThat(resolved("${jobs.extract.result.rows.1.id}")).isEqualTo(8);
        assertThat(resolved("${jobs.extract.result.stats.files.0}")).isEqualTo("f1");
        assertThat(resolved("${jobs.extract.result.stats.max}")).isEqualTo(3.5);
    }

    @Test
    void aKeyMayHoldDots() {
        assertThat(resolved("${jobs.load.v2.result.path}")).isEqualTo("/data/x");
    }

    @Test
    void interpolatesScalarsIntoText() {
        assertThat(resolved("SELECT * FROM ${jobs.extract.result.table} WHERE id > ${jobs.extract.result.rows.0.id}"))
                .isEqualTo("SELECT * FROM bronze.orders WHERE id > 7");
        assertThat(resolved("n=${jobs.extract.result.rowCount}, r=${jobs.extract.result.ratio},"
                        + " ok=${jobs.extract.result.done}, max=${jobs.extract.result.stats.max}"))
                .isEqualTo("n=42, r=0.50, ok=true, max=3.5");
        assertThat(resolved(" ${jobs.extract.result.rowCount}")).isEqualTo(" 42"); // not whole: text
    }

    @Test
    void leavesOtherDollarsAndBracesAlone() {
        assertThat(resolved("costs $5 and ${x} and ${jobs and $jobs.a.result.x and {jobs.a.result.x}"))
                .isEqualTo("costs $5 and ${x} and ${jobs and $jobs.a.result.x and {jobs.a.result.x}");
        assertThat(resolved("${env.HOME}/${jobs.extract.result.table}")).isEqualTo("${env.HOME}/bronze.orders");
    }

    @Test
    void resolvesReferencesInNestedMapsAndLists() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("sql", "SELECT ${jobs.extract.result.rowCount}");
        params.put("limit", 10);
        params.put("source", Map.of("paths", List.of("${jobs.extract.result.stats.files.1}", "fixed")));
        params.put("ids", List.of("${jobs.extract.result.rows.0.id}", List.of("${jobs.extract.result.done}")));

        ResultReferences.Resolution r = ResultReferences.resolve(params, UPSTREAM);

        assertThat(r.ok()).isTrue();
        assertThat(r.params())
                .containsExactly(
                        Map.entry("sql", "SELECT 42"),
                        Map.entry("limit", 10),
                        Map.entry("source", Map.of("paths", List.of("f2", "fixed"))),
                        Map.entry("ids", List.of(7, List.of(true))));
        assertThat(params.get("sql")).isEqualTo("SELECT ${jobs.extract.result.rowCount}"); // left as it was
    }

    @Test
    void aMissingFieldNamesWhereItLooked() {
        assertThat(error("${jobs.extract.result.stats.min}"))
                .isEqualTo("params.p: ${jobs.extract.result.stats.min} cannot be resolved: result.stats has no field"
                        + " 'min'");
        assertThat(error("${jobs.extract.result.rows.2.id}"))
                .isEqualTo("params.p: ${jobs.extract.result.rows.2.id} cannot be resolved: result.rows is a list of"
                        + " 2, '2' is not an index of it");
        assertThat(error("${jobs.extract.result.rows.first}")).endsWith("'first' is not an index of it");
        assertThat(error("${jobs.extract.result.rows.-1}")).endsWith("'-1' is not an index of it");
        assertThat(error("${jobs.extract.result.rowCount.x}"))
                .endsWith("cannot be resolved: result.rowCount is a number, it has no 'x'");
        assertThat(error("${jobs.extract.result.nothing.x}")).endsWith("result.nothing is null, it has no 'x'");
    }

    @Test
    void anUpstreamThatDidNotSucceedHasNothingToReference() {
        assertThat(error("${jobs.broken.result.x}"))
                .isEqualTo("params.p: ${jobs.broken.result.x} cannot be resolved: 'broken' ended FAILED");
        assertThat(error("${jobs.later.result.x}")).endsWith("'later' has not run");
        assertThat(error("${jobs.empty.result.x}")).endsWith("'empty' succeeded without a result");
        assertThat(error("${jobs.stranger.result.x}")).endsWith("'stranger' is not upstream of this job");
    }

    @Test
    void anObjectListOrNullCannotBeEmbeddedInText() {
        assertThat(error("ids: ${jobs.extract.result.rows}"))
                .isEqualTo("params.p: ${jobs.extract.result.rows} cannot be resolved: it is a list, which cannot be"
                        + " embedded in text (reference it as the whole value to pass it as is)");
        assertThat(error("${jobs.extract.result.stats}!")).contains("it is an object, which cannot be embedded");
        assertThat(error("x${jobs.extract.result.nothing}")).endsWith("it is null, which cannot be embedded in text");
    }

    @Test
    void everyFailedReferenceIsReportedWithItsParamPath() {
        Map<String, Object> params = Map.of(
                "a", List.of("ok", "${jobs.broken.result.x} and ${jobs.extract.result.nope}"),
                "b", Map.of("c", "${jobs.a.result}"));
        ResultReferences.Resolution r = ResultReferences.resolve(params, UPSTREAM);
        assertThat(r.errors())
                .containsExactlyInAnyOrder(
                        "params.a[1]: ${jobs.broken.result.x} cannot be resolved: 'broken' ended FAILED",
                        "params.a[1]: ${jobs.extract.result.nope} cannot be resolved: result has no field 'nope'",
                        "params.b.c: ${jobs.a.result} cannot be resolved: malformed: expected"
                                + " ${jobs.<key>.result.<path>}");
    }

    @Test
    void checkFindsMalformedReferences() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("whole", "${jobs.a.result}");
        params.put("noKey", "x ${jobs..x} y");
        params.put("noResult", "${jobs.a.rows.0}");
        params.put("emptyField", "${jobs.a.result.x..y}");
        params.put("trailingDot", "${jobs.a.result.x.}");
        params.put("badKey", "${jobs.a b.result.x}");
        params.put("unclosed", "SELECT ${jobs.a.result.x");
        params.put("nested", "${jobs.a.result.${jobs.a.result.y}}");
        params.put("fine", "$ ${ ${x} ${jobs.a.result.rows.0.id}");

        List<BatchProblem> problems = ResultReferences.check("jobs[1].params", params, Set.of("a"));

        assertThat(problems)
                .containsExactly(
                        new BatchProblem(
                                "jobs[1].params.whole",
                                "malformed reference ${jobs.a.result}: expected ${jobs.<key>.result.<path>}"),
                        new BatchProblem(
                                "jobs[1].params.noKey",
                                "malformed reference ${jobs..x}: expected ${jobs.<key>.result.<path>}"),
                        new BatchProblem(
                                "jobs[1].params.noResult",
                                "malformed reference ${jobs.a.rows.0}: expected ${jobs.<key>.result.<path>}"),
                        new BatchProblem(
                                "jobs[1].params.emptyField",
                                "malformed reference ${jobs.a.result.x..y}: the path has an empty field name"),
                        new BatchProblem(
                                "jobs[1].params.trailingDot",
                                "malformed reference ${jobs.a.result.x.}: the path has an empty field name"),
                        new BatchProblem(
                                "jobs[1].params.badKey",
                                "malformed reference ${jobs.a b.result.x}: 'a b' is not a job key"),
                        new BatchProblem(
                                "jobs[1].params.unclosed",
                                "malformed reference ${jobs.a.result.x: it has no closing }"),
                        new BatchProblem(
                                "jobs[1].params.nested",
                                "malformed reference ${jobs.a.result.${jobs.a.result.y}: a reference cannot contain"
                                        + " another"));
    }

    @Test
    void checkFindsTheEmptyKey() {
        assertThat(ResultReferences.check("params", Map.of("x", "${jobs..result.x}"), Set.of()))
                .containsExactly(
                        new BatchProblem("params.x", "malformed reference ${jobs..result.x}: the key is empty"));
    }

    @Test
    void checkRefusesAKeyThatIsNotUpstream() {
        Map<String, Object> params = Map.of(
                "deep", Map.of("list", List.of("a", "${jobs.sibling.result.x}")), "ok", "${jobs.parent.result.x}");
        assertThat(ResultReferences.check("params", params, Set.of("parent", "grandparent")))
                .containsExactly(new BatchProblem(
                        "params.deep.list[1]",
                        "${jobs.sibling.result.x} names 'sibling', which is not upstream of this job (a job it depends"
                                + " on, directly or through others)"));
        assertThat(ResultReferences.check("params", Map.of("x", "${jobs.grandparent.result.y}"), Set.of("grandparent")))
                .isEmpty();
    }

    @Test
    void knowsWhetherParamsHoldReferences() {
        assertThat(ResultReferences.hasReferences(Map.of("sql", "SELECT 1", "n", 3, "m", Map.of("x", "${x}"))))
                .isFalse();
        assertThat(ResultReferences.hasReferences(Map.of("m", Map.of("l", List.of("${jobs.a.result.x}")))))
                .isTrue();
        assertThat(ResultReferences.hasReferences(Map.of())).isFalse();
    }

    @Test
    void paramsWithoutReferencesResolveToThemselves() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("sql", "SELECT '${x}'");
        params.put("n", null);
        ResultReferences.Resolution r = ResultReferences.resolve(params, Map.of());
        assertThat(r.ok()).isTrue();
        assertThat(r.params()).isEqualTo(params);
    }

    @Test
    void resolvedParamsMayNotOutgrowTheLimitOfARequest() {
        Map<String, NodeStatus> big = Map.of(
                "big",
                new NodeStatus(
                        "big",
                        JobState.SUCCEEDED,
                        Map.of("blob", "x".repeat(600_000), "rows", List.of("é".repeat(300_000)))));

        ResultReferences.Resolution twice = ResultReferences.resolve(
                Map.of("a", "${jobs.big.result.blob}", "b", List.of("${jobs.big.result.blob}")), big);
        ResultReferences.Resolution once = ResultReferences.resolve(Map.of("a", "${jobs.big.result.blob}"), big);
        ResultReferences.Resolution wide =
                ResultReferences.resolve(Map.of("a", "${jobs.big.result.blob}", "b", "${jobs.big.result.rows}"), big);

        assertThat(once.ok()).as("600 kB fit").isTrue();
        assertThat(twice.ok()).isFalse();
        assertThat(twice.errors())
                .singleElement()
                .asString()
                .startsWith("params: ")
                .contains("1200", "1048576");
        assertThat(wide.ok()).as("two bytes for each é: 1.2 MB").isFalse();
    }
}
