package dev.sparkjobs.driverhealth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.AdmissionProperties;
import dev.sparkjobs.admission.AdmissionSnapshot;
import dev.sparkjobs.admission.QueuedJob;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate's verdicts from injected readings and a hand-moved clock, on a real admission controller. */
class DriverHealthMonitorTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final AdmissionProperties.DriverHealth LIMITS =
            new AdmissionProperties.DriverHealth(true, 0.85, 0.3, 0.1, Duration.ofSeconds(20), INTERVAL);

    private final MutableClock clock = new MutableClock(T0);
    private final FakeReadings readings = new FakeReadings();
    private final List<QueuedJob> launched = new ArrayList<>();
    private final AdmissionController admission =
            new AdmissionController(new AdmissionProperties(2, 10, Duration.ofSeconds(1), Map.of()));
    private final DriverHealthMonitor monitor = new DriverHealthMonitor(LIMITS, readings, clock, admission);

    DriverHealthMonitorTest() {
        admission.launchWith(launched::add);
    }

    private static final class FakeReadings implements JvmReadings {
        double heap;
        Duration gc = Duration.ZERO;

        @Override
        public double heapAfterGc() {
            return heap;
        }

        @Override
        public Duration gcTime() {
            return gc;
        }
    }

    /** One check interval passes, in which the JVM spent {@code gcMillis} in GC pauses. */
    private void tick(double heap, long gcMillis) {
        clock.advance(INTERVAL);
        readings.heap = heap;
        readings.gc = readings.gc.plusMillis(gcMillis);
        monitor.check();
    }

    private JobId submit() {
        JobId id = JobId.random();
        admission.reserve("t");
        admission.enqueue(id, "t", "default", 0);
        return id;
    }

    @Test
    void aHealthyDriverPausesNothing() {
        monitor.check();
        for (int i = 0; i < 10; i++) {
            tick(0.5, 500); // 10 % of the time in GC
        }

        assertThat(monitor.state().strained()).isFalse();
        assertThat(monitor.state().heapAfterGc()).isEqualTo(0.5);
        assertThat(monitor.state().gcTimeShare()).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(admission.startsPaused()).isNull();
    }

    @Test
    void heapPastItsMaximumPausesStartsAndOnlyWellBelowItResumesThem() {
        monitor.check();
        tick(0.86, 0);

        assertThat(monitor.state().strained()).isTrue();
        assertThat(monitor.state().since()).isEqualTo(T0.plus(INTERVAL));
        AdmissionSnapshot.StartsPaused paused = admission.startsPaused();
        assertThat(paused.since()).isEqualTo(T0.plus(INTERVAL));
        assertThat(paused.reason())
                .isEqualTo("old-generation heap after GC is 86% of its maximum"
                        + " (starts pause above 85% and resume below 75%)");

        tick(0.80, 0); // below the maximum, not below the margin: hysteresis holds
        tick(0.75, 0);
        assertThat(admission.startsPaused()).isNotNull();
        assertThat(admission.startsPaused().since()).as("since the first pause").isEqualTo(T0.plus(INTERVAL));

        tick(0.74, 0);
        assertThat(admission.startsPaused()).isNull();
        assertThat(monitor.state().strained()).isFalse();
        assertThat(monitor.state().since()).isNull();
    }

    @Test
    void aReadingAtTheMaximumIsNotPastIt() {
        monitor.check();
        tick(0.85, 0);

        assertThat(admission.startsPaused()).isNull();
    }

    @Test
    void gcTimeShareIsJudgedOnlyOverAWholeWindow() {
        monitor.check();
        tick(0.2, 4_000); // 80 % over 5 s: not yet a whole window
        tick(0.2, 0);
        tick(0.2, 0);
        assertThat(admission.startsPaused()).as("window not covered yet").isNull();

        tick(0.2, 3_000); // 7 s over the last 20 s: 35 %
        assertThat(monitor.state().gcTimeShare()).isCloseTo(0.35, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(admission.startsPaused().reason())
                .isEqualTo("GC pauses took 35% of the last 20 s (starts pause above 30% and resume below 20%)");

        tick(0.2, 0); // the 4 s slide out: 3 s over 20 s = 15 %
        assertThat(admission.startsPaused()).isNull();
    }

    @Test
    void bothReasonsAreGivenWhileBothHold() {
        monitor.check();
        for (int i = 0; i < 4; i++) {
            tick(0.9, 2_000); // 40 % in GC
        }

        assertThat(admission.startsPaused().reason())
                .startsWith("old-generation heap after GC is 90%")
                .contains("; GC pauses took 40% of the last 20 s");
    }

    @Test
    void jobsWaitWhilePausedAndStartAtOnceOnRecovery() {
        monitor.check();
        tick(0.95, 0);
        JobId a = submit();
        JobId b = submit();
        JobId c = submit();
        assertThat(launched).as("submits are admitted, nothing starts").isEmpty();
        assertThat(admission.snapshot().queued()).isEqualTo(3);

        tick(0.5, 0);

        assertThat(launched).extracting(QueuedJob::id).containsExactly(a, b);
        assertThat(admission.snapshot().queued()).isEqualTo(1);
        assertThat(c).isNotNull();
    }
}
