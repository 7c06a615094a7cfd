package dev.sparkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobRowsTest {

    @Test
    void aSummaryReadsEveryColumnOfAFullReadButParamsAndResultInTheSameOrder() {
        List<String> full = new ArrayList<>(columns(JobRows.COLUMNS));
        full.removeAll(List.of("params", "result"));

        assertThat(columns(JobRows.SUMMARY_COLUMNS)).containsExactlyElementsOf(full);
        assertThat(columns(JobRows.COLUMNS)).contains("params", "result");
    }

    private static List<String> columns(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).toList();
    }
}
