package dev.sparkjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTest {

    @TempDir
    Path out;

    @Test
    void figuresOfLaterRunsReplaceOnlyTheirOwnKeysAndSayWhichRunTheyCameFrom() throws Exception {
        Figures.put(out, "2026-11-21", Map.of("a.jvm_vs_raw", 9.29, "a.service_vs_raw", 0.988));
        Figures.put(out, "2026-11-22", Map.of("a.service_vs_raw", 1.01, "c.cancel_p99_ms", Double.NaN));

        Map<String, String> figures = Figures.read(out);

        assertThat(Figures.get(figures, "a.jvm_vs_raw")).isEqualTo(9.29);
        assertThat(figures).containsEntry("a.jvm_vs_raw.date", "2026-11-21");
        assertThat(Figures.get(figures, "a.service_vs_raw")).isEqualTo(1.01);
        assertThat(figures).containsEntry("a.service_vs_raw.date", "2026-11-22");
        assertThat(figures).as("a figure that was not measured is not written").doesNotContainKey("c.cancel_p99_ms");
    }

    @Test
    void theTargetsTableSaysMetMissedOrNotMeasured() throws Exception {
        Figures.put(out, "2026-11-22", Map.of("c.cancel_p99_ms", 120.0, "t.w2.service_vs_raw", 1.17));

        String md = Summary.targets(Figures.read(out), "medium");

        assertThat(md)
                .contains("| Cancel → Spark work stopped, p99 (server) | ≤ 300 ms | 120 ms | 2026-11-22 | yes |")
                .contains(
                        "| Tiny jobs, W2 (`GROUP BY`): service / raw pool | ≤ 1.05 x | 1.17 x | 2026-11-22 | **no** |")
                .contains("| Heap for 100,000 queued jobs | ≤ 100 MB | not measured |  |  |");
    }

    @Test
    void thePictureHasAGroupOnlyWhereAllThreeBarsWereMeasured() throws Exception {
        Figures.put(
                out,
                "2026-11-22",
                Map.of("a.jvm_vs_raw", 9.29, "a.service_vs_raw", 0.988, "t.w1.service_vs_raw", 1.04));

        var service = Summary.chart(Figures.read(out), "medium").getSeriesMap().get("the service (HTTP, queue, store)");
        assertThat(service.getXData()).map(Object::toString).containsExactly("seed jobs (1M rows to Delta)");
        assertThat(service.getYData()).map(Number::doubleValue).containsExactly(0.988);
        assertThat(Summary.chart(Map.of(), "medium")).isNull();

        System.setProperty("java.awt.headless", "true");
        Summary.write(out, "medium");
        assertThat(out.resolve("summary.png")).exists();
        assertThat(Files.size(out.resolve("summary.png"))).isPositive();
        assertThat(out.resolve("targets.md")).content().contains("# Targets (medium)");
    }

    @Test
    void tinyJobFiguresAreRatiosToTheRawPoolOfTheSameWorkload() {
        var figures = TinyRounds.figures(java.util.List.of(
                side(1, "raw pool", 100_000),
                side(1, "service", 104_000),
                side(1, TinyRounds.JVM_PER_JOB, 6_000_000),
                side(2, "raw pool", 200_000),
                side(2, "service", 234_000)));

        assertThat(figures.get("t.w1.service_vs_raw")).isCloseTo(1.04, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(figures.get("t.w1.jvm_vs_raw")).isCloseTo(60.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(figures.get("t.w2.service_vs_raw")).isCloseTo(1.17, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(figures).doesNotContainKey("t.w2.jvm_vs_raw");
    }

    @Test
    void seedFiguresTakeTheBestVariantsAtTheLargestJobCount() {
        var rows = java.util.List.of(
                new ScenarioA.Row(12, "a: JVM + SparkSession per job, sequential", 256_000, 0, 0, ""),
                new ScenarioA.Row(48, "a: JVM + SparkSession per job, sequential", 917_100, 0, 0, ""),
                new ScenarioA.Row(48, "a: JVM + SparkSession per job, 2 at a time", 914_300, 0, 0, ""),
                new ScenarioA.Row(48, "c: one warm session, raw ThreadPoolExecutor(4)", 98_700, 0, 0, ""),
                new ScenarioA.Row(48, "d: service over HTTP, max-running 2", 99_100, 0, 0, ""),
                new ScenarioA.Row(48, "d: service over HTTP, max-running 4", 97_500, 0, 0, ""));

        var figures = Bench.figures(rows, null);

        assertThat(figures.get("a.jvm_vs_raw"))
                .isCloseTo(914_300 / 98_700.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(figures.get("a.service_vs_raw"))
                .isCloseTo(97_500 / 98_700.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(figures).doesNotContainKeys("b.queue_only_p99_ms_1000", "c.cancel_p99_ms");
    }

    private static TinySide side(int workload, String name, long wallUs) {
        return new TinySide(
                workload,
                name,
                1,
                wallUs,
                0,
                0,
                0,
                1,
                1,
                java.util.List.of(),
                java.util.List.of(),
                Double.NaN,
                -1,
                TinySide.Inside.NONE);
    }

    @Test
    void storeFiguresAreTheJarUnderTestsStatusReadAndWorstListPage() {
        var rows = java.util.List.of(
                new ScenarioS.Row("baseline", "status (GET /jobs/{id})", stats(90)),
                new ScenarioS.Row(ScenarioS.THIS, "status (GET /jobs/{id})", stats(12)),
                new ScenarioS.Row(ScenarioS.THIS, "list, default", stats(8)),
                new ScenarioS.Row(ScenarioS.THIS, "list, state=FAILED", stats(19)),
                new ScenarioS.Row("baseline", "list, state=FAILED", stats(57)),
                new ScenarioS.Row(ScenarioS.THIS_PG, "status (GET /jobs/{id})", stats(6)),
                new ScenarioS.Row(ScenarioS.THIS_PG, "list, default", stats(31)),
                new ScenarioS.Row(ScenarioS.THIS_PG, "list, tag=team:t3", stats(4)));

        var figures = ScenarioS.figures(rows);

        assertThat(figures)
                .containsEntry("s.h2.status_p99_ms", 12.0)
                .containsEntry("s.h2.list_p99_ms", 19.0)
                .containsEntry("s.pg.status_p99_ms", 6.0)
                .containsEntry("s.pg.list_p99_ms", 31.0);
    }

    @Test
    void eachScenarioHasALetterOfItsOwnApartFromTheBuiltInOnes() {
        var letters = Scenarios.ALL.stream().map(Scenario::letter).toList();

        assertThat(letters).doesNotHaveDuplicates().doesNotContain("A", "B", "C", "D");
    }

    private static Stats stats(double p99) {
        return new Stats(100, 1, p99, p99, p99);
    }

    @Test
    void queueFiguresComeOnlyFromARunAtTheTargetsDepth() {
        var deep = new ScenarioQ.Row(
                ScenarioQ.THIS, 100_000, 700, java.util.List.of(), new double[0], 20_000, 24_500, 100_000, "");
        var shallow = new ScenarioQ.Row(
                ScenarioQ.THIS, 10_000, 700, java.util.List.of(), new double[0], 20_000, 9_000, 10_000, "");

        assertThat(ScenarioQ.figures(deep))
                .containsEntry("q.heap_mb_100k", 70.0)
                .containsEntry("q.restart_ready_s_100k", 24.5);
        assertThat(ScenarioQ.figures(shallow)).isEmpty();
    }
}
