package dev.sparkjobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StopPhasesTest {

    private static final Instant ASKED = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void eachPhaseIsMillisecondsAfterTheStopWasAskedForToATenth() {
        StopPhases phases = new StopPhases(
                RunningJob.StopReason.CANCELLED,
                ASKED,
                ASKED.plusNanos(1_234_567),
                ASKED.plusMillis(40),
                ASKED.plusNanos(250_050_000),
                ASKED.plusMillis(300));

        assertThat(phases.line(ASKED.plusMillis(312)))
                .isEqualTo("CANCELLED issued=1.2 returned=40.0 quiet=250.1 sessionBack=300.0 recorded=312.0");
    }

    @Test
    void aPhaseThatDidNotHappenOrAStopWithoutItsAskingTimeIsADash() {
        StopPhases noScope = new StopPhases(
                RunningJob.StopReason.TIMED_OUT, ASKED, ASKED.plusMillis(3), ASKED.plusMillis(9), null, null);
        StopPhases notAsked = new StopPhases(RunningJob.StopReason.SHUTDOWN, null, null, ASKED, ASKED, ASKED);

        assertThat(noScope.line(null)).isEqualTo("TIMED_OUT issued=3.0 returned=9.0 quiet=- sessionBack=- recorded=-");
        assertThat(notAsked.line(ASKED)).isEqualTo("SHUTDOWN issued=- returned=- quiet=- sessionBack=- recorded=-");
    }
}
