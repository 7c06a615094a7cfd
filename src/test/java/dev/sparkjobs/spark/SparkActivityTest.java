package dev.sparkjobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparkActivityTest {

    @Test
    void pendingTasksAreThoseNeitherRunningNorDone() {
        assertThat(SparkActivity.pending(10, 2, 3)).isEqualTo(5);
        assertThat(SparkActivity.pending(10, 0, 10)).isZero();
        // speculative copies: running and done can exceed the stage's tasks
        assertThat(SparkActivity.pending(4, 2, 3)).isZero();
    }
}
