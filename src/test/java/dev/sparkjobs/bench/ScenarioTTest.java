package dev.sparkjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTTest {

    private static ScenarioT.Side side(long wallUs, double jitMs, List<Long> blocks) {
        return new ScenarioT.Side(1, "s", 100, wallUs, 0, jitMs, 0, 1, 1, List.of(), blocks, Double.NaN, -1);
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
        assertThat(ScenarioT.rootCause(closed)).isInstanceOf(java.io.IOException.class);
        assertThat(ScenarioT.rootCause(new IllegalStateException("x"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bothSidesGetTheWarmUpAskedFor() {
        assertThat(ScenarioT.Counts.of("medium", "")).isEqualTo(new ScenarioT.Counts(1200, 1000, 100, 5));
        assertThat(ScenarioT.Counts.of("medium", " 4000")).isEqualTo(new ScenarioT.Counts(4000, 1000, 100, 5));
        assertThat(ScenarioT.Counts.of("smoke", "")).isEqualTo(new ScenarioT.Counts(50, 50, 10, 2));
    }

    @Test
    void theRawPoolReportsItsBlocksTheSameWay() {
        StringBuilder line = new StringBuilder();
        TinyJob.appendBlocks(line, "block", List.of(0L, 4_000L, 8_000L, 9_000L), 2);
        assertThat(line.toString()).isEqualTo(" block0_us=4");
    }
}
