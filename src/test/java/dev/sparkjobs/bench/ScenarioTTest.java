package dev.sparkjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTTest {

    private static TinySide side(long wallUs, double jitMs, List<Long> blocks) {
        return new TinySide(
                1, "s", 100, wallUs, 0, jitMs, 0, 1, 1, List.of(), blocks, Double.NaN, -1, TinySide.Inside.NONE);
    }

    @Test
    void blocksAreMillisecondsPerJobBetweenCompletions() {
        // start at 0, then jobs done at 10, 20 (block 1: 10 µs a job), 50, 80 (block 2: 30 µs a job), 90
        List<Long> times = List.of(0L, 10_000L, 20_000L, 50_000L, 80_000L, 90_000L);
        assertThat(ScenarioT.blockList(times, 2)).containsExactly(10L, 30L);
    }

    @Test
    void aSideIsWarmWhenTheJitIsQuietAndItsBlocksAreFlat() {
        assertThat(side(10_000_000, 100, List.of(1000L, 990L, 1010L, 1000L)).warm())
                .isTrue();
    }

    @Test
    void aSideWhoseJitTookOverTwoPercentOfItsWindowIsNotWarm() {
        assertThat(side(10_000_000, 201, List.of(1000L, 1000L, 1000L)).warm()).isFalse();
    }

    @Test
    void aSideWhoseFirstBlockIsStillSlowIsNotWarm() {
        assertThat(side(10_000_000, 0, List.of(1200L, 1050L, 1000L, 1000L)).warm())
                .isFalse();
    }

    @Test
    void aPollWhoseConnectionWasClosedUnderItIsToldByItsRootCause() {
        Throwable closed = new java.util.concurrent.CompletionException(
                new java.io.IOException("HTTP/1.1 header parser received no bytes"));
        assertThat(TinyClient.rootCause(closed)).isInstanceOf(java.io.IOException.class);
        assertThat(TinyClient.rootCause(new IllegalStateException("x"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bothSidesGetTheWarmUpAskedFor() {
        assertThat(ScenarioT.Counts.of("medium", "")).isEqualTo(new ScenarioT.Counts(1200, 1000, 100, 5));
        assertThat(ScenarioT.Counts.of("medium", " 4000")).isEqualTo(new ScenarioT.Counts(4000, 1000, 100, 5));
        assertThat(ScenarioT.Counts.of("smoke", "")).isEqualTo(new ScenarioT.Counts(50, 50, 10, 2));
    }

    @Test
    void aHandoffIsTheGapFromTheLatestEndBeforeAStartToThatStart() {
        // slot A: 0-100, then 103-200; slot B: 10-150, then 160-300; one more at 205 after A's 200
        List<long[]> jobs = List.of(
                new long[] {0, 100}, new long[] {10, 150}, new long[] {103, 200}, new long[] {160, 300}, new long[] {
                    205, 400
                });
        // starts after the first: 10 (no end yet: not a handoff), 103 (3 after 100), 160 (10 after 150), 205 (5)
        assertThat(TinySide.meanHandoffMs(jobs)).isCloseTo(0.006, within(1e-9));
        assertThat(TinySide.meanHandoffMs(List.<long[]>of(new long[] {0, 5}))).isNaN();
    }

    @Test
    void theReportShowsEachSidesCpuPerJobByThreadGroup() {
        java.util.Map<String, Long> threads = new java.util.LinkedHashMap<>();
        ThreadCpu.GROUPS.forEach(g -> threads.put(g, 0L));
        threads.put("tasks", 2_500L);
        threads.put("http", 500L);
        TinySide service = new TinySide(
                2,
                "service",
                100,
                1_000_000,
                0,
                0,
                0,
                2,
                3,
                List.of(),
                List.of(),
                1000,
                1,
                new TinySide.Inside(12.25, 4.5, threads));
        StringBuilder md = new StringBuilder();
        TinyReport.inside(md, List.of(side(1_000_000, 0, List.of()), service));
        // 100 jobs: 25 ms of tasks, 5 of HTTP, 30 in all per job; the side without threads has no row
        assertThat(md.toString())
                .contains("| service | 12.3 | 4.5 | 25.0 | 0.0 | 0.0 | 0.0 | 5.0 | 0.0 | 0.0 | 0.0 | 0.0 | 30.0 |")
                .doesNotContain("| s |");
    }

    @Test
    void theHeadlineIsTheMedianOfThePairsAndARowComparesWithItsOwnPair() {
        List<TinySide> sides = List.of(
                named("raw pool", 1_000_000),
                named("service", 1_300_000),
                named(TinyRounds.inRound("raw pool", 2), 2_000_000),
                named(TinyRounds.inRound("service", 2), 2_100_000),
                named(TinyRounds.inRound("raw pool", 3), 1_000_000),
                named(TinyRounds.inRound("service", 3), 1_100_000));
        assertThat(TinyRounds.serviceRatios(sides, 1)).containsExactly(1.3, 1.05, 1.1);
        assertThat(TinyRounds.figures(sides)).containsEntry("t.w1.service_vs_raw", 1.1);
        assertThat(TinyRounds.median(List.of(1.0, 3.0))).isEqualTo(2.0);
        assertThat(TinyReport.roundOf("service (3)")).isEqualTo(3);
        assertThat(TinyReport.roundOf("service, FIFO")).isEqualTo(1);
    }

    @Test
    void aBaselineJarIsComparedWithTheJarUnderTestRoundByRound() {
        List<TinySide> sides = List.of(
                named("raw pool", 1_000_000),
                named("service", 1_300_000),
                named(TinyRounds.BASELINE, 1_400_000),
                named(TinyRounds.inRound("raw pool", 2), 1_000_000),
                named(TinyRounds.inRound("service", 2), 1_200_000),
                named(TinyRounds.inRound(TinyRounds.BASELINE, 2), 1_000_000));

        List<Double> ratios = TinyRounds.ratios(sides, 1, "service", TinyRounds.BASELINE);

        assertThat(ratios).hasSize(2);
        assertThat(ratios.get(0)).isCloseTo(1.3 / 1.4, within(1e-9));
        assertThat(ratios.get(1)).isCloseTo(1.2, within(1e-9));
        assertThat(TinyRounds.figures(sides))
                .as("the headline stays the service against the raw pool")
                .containsEntry("t.w1.service_vs_raw", 1.25);
    }

    private static TinySide named(String name, long wallUs) {
        return new TinySide(
                1, name, 100, wallUs, 0, 0, 0, 1, 1, List.of(), List.of(), Double.NaN, -1, TinySide.Inside.NONE);
    }

    @Test
    void theRawPoolReportsItsBlocksTheSameWay() {
        StringBuilder line = new StringBuilder();
        TinyJob.appendBlocks(line, "block", List.of(0L, 4_000L, 8_000L, 9_000L), 2);
        assertThat(line.toString()).isEqualTo(" block0_us=4");
    }
}
