package dev.sparkjobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class EngineClockTest {

    private final Clock clock = new EngineConfiguration().clock();

    @Test
    void itTellsTimeInWholeMicrosecondsAsBothStoresKeepIt() {
        var now = clock.instant();
        assertThat(now.truncatedTo(ChronoUnit.MICROS)).isEqualTo(now);
    }

    @Test
    void itAnswersInMillisecondsTooAsEveryClockMust() {
        long before = System.currentTimeMillis();
        long millis = clock.millis();
        assertThat(millis).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void itIsInUtc() {
        assertThat(clock.getZone()).isEqualTo(java.time.ZoneOffset.UTC);
    }
}
