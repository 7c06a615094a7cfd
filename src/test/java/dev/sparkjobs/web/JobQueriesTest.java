package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.job.JobState;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobQueriesTest {

    @Test
    void cursorsRoundTripAndForeignOnesAreRefused() {
        assertThat(JobQueries.decode(JobQueries.encode(42))).isEqualTo(42);
        for (String bad : List.of("zzz", "", "djE6LTE", "djE6YWJj", "%%%")) {
            assertThatThrownBy(() -> JobQueries.decode(bad)).isInstanceOf(BadRequestException.class);
        }
    }

    @Test
    void tagFiltersAreKeyColonValue() {
        var q = JobQueries.query(
                null, List.of(JobState.QUEUED), "sql", "etl", List.of("team:sales", "env:a:b"), 10, null);
        assertThat(q.tags()).containsEntry("team", "sales").containsEntry("env", "a:b");
        assertThatThrownBy(() -> JobQueries.query(null, null, null, null, List.of("novalue"), 10, null))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> JobQueries.query(null, null, null, null, List.of(":x"), 10, null))
                .isInstanceOf(BadRequestException.class);
    }
}
