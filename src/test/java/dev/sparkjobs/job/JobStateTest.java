package dev.sparkjobs.job;

import static dev.sparkjobs.job.JobState.CANCELLED;
import static dev.sparkjobs.job.JobState.FAILED;
import static dev.sparkjobs.job.JobState.QUEUED;
import static dev.sparkjobs.job.JobState.RUNNING;
import static dev.sparkjobs.job.JobState.SKIPPED;
import static dev.sparkjobs.job.JobState.SUCCEEDED;
import static dev.sparkjobs.job.JobState.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobStateTest {

    private static final Map<JobState, Set<JobState>> LEGAL = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED, FAILED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, QUEUED)); // QUEUED: a retry
    // SKIPPED is absent on both sides: nothing moves into it (a skipped job is born so) or out of it

    @Test
    void everyPairIsLegalExactlyWhenTheTableSaysSo() {
        int checked = 0;
        for (JobState from : JobState.values()) {
            for (JobState to : JobState.values()) {
                boolean expected = LEGAL.getOrDefault(from, Set.of()).contains(to);
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(49);
    }

    @Test
    void terminalStatesAreExactlyTheOnesWithNoWayOut() {
        assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::isTerminal))
                .containsExactlyInAnyOrder(SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, SKIPPED);
    }
}
