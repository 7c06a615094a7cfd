package dev.sparkjobs.driverhealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GcTimeWindowTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static Duration gc(int millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void overLessThanTheWindowTheShareIsMeasuredButNotComplete() {
        GcTimeWindow w = new GcTimeWindow(Duration.ofSeconds(10));

        assertThat(w.add(at(0), gc(0))).isEqualTo(new GcTimeWindow.Share(0, false));
        GcTimeWindow.Share s = w.add(at(5), gc(2_500));

        assertThat(s.value()).isCloseTo(0.5, within(1e-9));
        assertThat(s.complete()).isFalse();
        assertThat(w.add(at(10), gc(2_500)))
                .as("from the first sample, exactly the window")
                .isEqualTo(new GcTimeWindow.Share(0.25, true));
    }

    @Test
    void oldPausesSlideOutOfTheWindow() {
        GcTimeWindow w = new GcTimeWindow(Duration.ofSeconds(10));
        w.add(at(0), gc(0));
        w.add(at(5), gc(4_000)); // four seconds of pauses between 0 and 5
        assertThat(w.add(at(10), gc(4_000)).value()).isCloseTo(0.4, within(1e-9));

        GcTimeWindow.Share later = w.add(at(15), gc(4_500));

        assertThat(later.value()).as("base is the sample at 5 s").isCloseTo(0.05, within(1e-9));
        assertThat(later.complete()).isTrue();
    }

    @Test
    void aLateSampleStillMeasuresAgainstTheNewestBaseAtOrBeforeTheWindowStart() {
        GcTimeWindow w = new GcTimeWindow(Duration.ofSeconds(10));
        w.add(at(0), gc(0));
        w.add(at(3), gc(3_000));

        GcTimeWindow.Share s = w.add(at(30), gc(3_000)); // the check thread was held up

        assertThat(s.value()).as("over 27 s since the sample at 3 s").isCloseTo(0, within(1e-9));
        assertThat(s.complete()).isTrue();
    }

    @Test
    void aClockThatStandsStillOrGoesBackGivesNoShare() {
        GcTimeWindow w = new GcTimeWindow(Duration.ofSeconds(10));
        w.add(at(5), gc(0));

        assertThat(w.add(at(5), gc(100))).isEqualTo(new GcTimeWindow.Share(0, false));
        assertThat(w.add(at(4), gc(200))).isEqualTo(new GcTimeWindow.Share(0, false));
    }
}
