package dev.sparkjobs.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchGraphTest {

    static NodeSpec node(String key, String... deps) {
        return NodeSpec.of(key, deps);
    }

    static List<BatchProblem> problems(NodeSpec... nodes) {
        return catchThrowableOfType(InvalidBatchException.class, () -> BatchGraph.of(Arrays.asList(nodes)))
                .problems();
    }

    @Test
    void aDiamondKeepsRequestOrderAndKnowsItsNeighbours() {
        BatchGraph g = BatchGraph.of(List.of(node("a"), node("b", "a"), node("c", "a"), node("d", "b", "c")));

        assertThat(g.nodes()).extracting(NodeSpec::key).containsExactly("a", "b", "c", "d");
        assertThat(g.node("d").dependsOn()).containsExactly("b", "c");
        assertThat(g.node("d").runIf()).isEqualTo(RunIf.ALL_SUCCESS);
        assertThat(g.upstream("d")).containsExactly("b", "c", "a");
        assertThat(g.upstream("a")).isEmpty();
        assertThat(g.downstream("a")).containsExactly("b", "c", "d");
        assertThat(g.downstream("c")).containsExactly("d");
        assertThat(g.edges())
                .containsExactly(new Edge("a", "b"), new Edge("a", "c"), new Edge("b", "d"), new Edge("c", "d"));
        assertThatThrownBy(() -> g.node("x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.upstream("x")).hasMessageContaining("'x'");
    }

    @Test
    void aDependencyMayComeLaterInTheRequest() {
        BatchGraph g = BatchGraph.of(List.of(node("load", "extract"), node("extract")));
        assertThat(g.upstream("load")).containsExactly("extract");
        assertThat(g.edges()).containsExactly(new Edge("extract", "load"));
    }

    @Test
    void collectsEveryProblemWithItsFieldPath() {
        List<BatchProblem> problems = problems(
                node("a"),
                node("a", "a"),
                node("b", "nope", "a", "a"),
                node("bad key"),
                node(""),
                node("c", "bad key"),
                node("-x"));

        assertThat(problems)
                .containsExactly(
                        new BatchProblem("jobs[1].key", "duplicate key 'a' (also jobs[0].key)"),
                        new BatchProblem(
                                "jobs[3].key",
                                "'bad key' is not a key: 1 to 64 of A-Z a-z 0-9 _ . - starting with a letter or"
                                        + " digit"),
                        new BatchProblem("jobs[4].key", "must not be blank"),
                        new BatchProblem(
                                "jobs[6].key",
                                "'-x' is not a key: 1 to 64 of A-Z a-z 0-9 _ . - starting with a letter or digit"),
                        new BatchProblem("jobs[1].dependsOn[0]", "'a' depends on itself"),
                        new BatchProblem("jobs[2].dependsOn[0]", "unknown key 'nope'"),
                        new BatchProblem("jobs[2].dependsOn[2]", "'a' is listed twice"));
    }

    @Test
    void aNullNodeOrDependencyIsAProblemNotACrash() {
        assertThat(problems(node("a"), null, new NodeSpec(null, Arrays.asList("a", null, " "), null, null)))
                .containsExactly(
                        new BatchProblem("jobs[1]", "must not be null"),
                        new BatchProblem("jobs[2].key", "must not be blank"),
                        new BatchProblem("jobs[2].dependsOn[1]", "must not be blank"),
                        new BatchProblem("jobs[2].dependsOn[2]", "must not be blank"));
    }

    @Test
    void keysFollowThePattern() {
        String longest = "k".repeat(64);
        BatchGraph.of(List.of(node("A1"), node("x.y_z-9"), node(longest), node("0")));
        assertThat(problems(node("k".repeat(65)), node("a/b"), node("_a"), node(".a")))
                .extracting(BatchProblem::field)
                .containsExactly("jobs[0].key", "jobs[1].key", "jobs[2].key", "jobs[3].key");
    }

    @Test
    void aBatchHasOneToAThousandJobs() {
        assertThat(problems()).containsExactly(new BatchProblem("jobs", "a batch has 1 to 1000 jobs; was 0"));
        List<NodeSpec> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(node("n" + i));
        }
        assertThat(catchThrowableOfType(InvalidBatchException.class, () -> BatchGraph.of(many))
                        .problems())
                .extracting(BatchProblem::message)
                .containsExactly("a batch has 1 to 1000 jobs; was 1001");
        assertThat(BatchGraph.of(many.subList(0, 1000)).nodes()).hasSize(1000);
    }

    @Test
    void namesACycleInOrderOnce() {
        List<BatchProblem> problems = problems(node("x"), node("a", "c"), node("b", "a"), node("c", "b", "x"));
        assertThat(problems)
                .containsExactly(new BatchProblem(
                        "jobs[1].dependsOn[0]", "dependency cycle: a -> c -> b -> a (each depends on the next)"));
    }

    @Test
    void namesEachDistinctCycleOnceWhereverItStarts() {
        // two separate rings, and a figure eight: p <-> q and q <-> r share q
        List<BatchProblem> problems = problems(
                node("a", "b"), node("b", "a"), node("p", "q"), node("q", "p", "r"), node("r", "q"), node("s", "r"));
        assertThat(problems)
                .extracting(BatchProblem::message)
                .containsExactly(
                        "dependency cycle: a -> b -> a (each depends on the next)",
                        "dependency cycle: p -> q -> p (each depends on the next)",
                        "dependency cycle: r -> q -> r (each depends on the next)");
        assertThat(problems)
                .extracting(BatchProblem::field)
                .containsExactly("jobs[0].dependsOn[0]", "jobs[2].dependsOn[0]", "jobs[4].dependsOn[0]");
    }

    @Test
    void reportsTheShortestCycleThroughTheFirstNodeOfALoop() {
        // a -> b -> c -> a and the shortcut a -> c -> a
        List<BatchProblem> problems = problems(node("a", "b", "c"), node("b", "c"), node("c", "a"));
        assertThat(problems)
                .containsExactly(
                        new BatchProblem(
                                "jobs[0].dependsOn[1]", "dependency cycle: a -> c -> a (each depends on the next)"),
                        new BatchProblem(
                                "jobs[1].dependsOn[0]",
                                "dependency cycle: b -> c -> a -> b (each depends on the next)"));
    }

    @Test
    void reportsCyclesAlongsideOtherProblems() {
        List<BatchProblem> problems = problems(node("a", "b"), node("b", "a", "ghost"));
        assertThat(problems)
                .containsExactly(
                        new BatchProblem("jobs[1].dependsOn[1]", "unknown key 'ghost'"),
                        new BatchProblem(
                                "jobs[0].dependsOn[0]", "dependency cycle: a -> b -> a (each depends on the next)"));
    }

    @Test
    void aThousandNodeRingIsOneCycleAndNeedsNoDeepStack() {
        List<NodeSpec> ring = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ring.add(node("n" + i, "n" + ((i + 1) % 1000)));
        }
        List<BatchProblem> problems = catchThrowableOfType(InvalidBatchException.class, () -> BatchGraph.of(ring))
                .problems();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("jobs[0].dependsOn[0]");
            assertThat(p.message())
                    .startsWith("dependency cycle: n0 -> n1 -> n2 -> ")
                    .contains("n999 -> n0 (");
        });
    }

    @Test
    void theExceptionMessageSummarisesEveryProblem() {
        var e = catchThrowableOfType(
                InvalidBatchException.class, () -> BatchGraph.of(List.of(node("a", "x"), node("a"))));
        assertThat(e)
                .hasMessage(
                        "invalid batch: jobs[1].key: duplicate key 'a' (also jobs[0].key); jobs[0].dependsOn[0]: unknown key 'x'");
    }

    @Test
    void aLongChainKnowsItsWholeUpstreamAndDownstream() {
        List<NodeSpec> chain = new ArrayList<>();
        chain.add(node("n0"));
        for (int i = 1; i < 1000; i++) {
            chain.add(node("n" + i, "n" + (i - 1)));
        }
        BatchGraph g = BatchGraph.of(chain);
        assertThat(g.upstream("n999")).hasSize(999).first().isEqualTo("n998");
        assertThat(g.downstream("n0")).hasSize(999).last().isEqualTo("n999");
        assertThat(g.edges()).hasSize(999);
    }
}
