package dev.sparkjobs.jobcallbacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.jobcallbacks.RetrySchedule.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(5, Duration.ofSeconds(2), Duration.ofSeconds(30));

    @ParameterizedTest(name = "{0} on attempt 1 → {1}")
    @CsvSource({
        "200, DELIVERED",
        "201, DELIVERED",
        "204, DELIVERED",
        "301, GIVE_UP",
        "302, GIVE_UP",
        "400, GIVE_UP",
        "401, GIVE_UP",
        "404, GIVE_UP",
        "408, RETRY",
        "429, RETRY",
        "500, RETRY",
        "503, RETRY",
    })
    void judgesAnAnswer(int status, Verdict verdict) {
        assertThat(schedule.judge(1, status)).isEqualTo(verdict);
    }

    @Test
    void noAnswerIsRetriedUntilTheLastAttempt() {
        assertThat(schedule.judge(4, null)).isEqualTo(Verdict.RETRY);
        assertThat(schedule.judge(5, null)).isEqualTo(Verdict.GIVE_UP);
        assertThat(schedule.judge(5, 503)).isEqualTo(Verdict.GIVE_UP);
        assertThat(schedule.judge(5, 200)).isEqualTo(Verdict.DELIVERED);
    }

    @Test
    void delaysDoubleUpToTheCap() {
        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(schedule.delayAfter(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(schedule.delayAfter(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(schedule.delayAfter(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.delayAfter(500)).isEqualTo(Duration.ofSeconds(30));
    }
}
