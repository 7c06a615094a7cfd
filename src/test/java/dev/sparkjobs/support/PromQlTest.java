package dev.sparkjobs.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheMetricsBehindFunctionsAggregationsAndMatchers() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (type, le) "
                        + "(rate(jobservice_jobs_run_seconds_bucket{application=\"x\", instance=~\"$instance\"}"
                        + "[$__rate_interval])))"))
                .containsExactly("jobservice_jobs_run_seconds_bucket");
    }

    @Test
    void findsBothSidesOfBinaryOperatorsButNoKeywordsOrNumbers() {
        assertThat(PromQl.metricNames("sum without (pool) (a_total{state=~\"FAILED|x\"} offset 5m) / on (instance) "
                        + "group_left (tenant) b_count > bool 0.2 or c:recorded:rate5m unless up == 1e3"))
                .containsExactlyInAnyOrder("a_total", "b_count", "c:recorded:rate5m", "up");
    }

    @Test
    void readsAGrafanaLabelValuesQuery() {
        assertThat(PromQl.metricNames("label_values(jobservice_tenant_jobs_running{instance=~\"$instance\"}, tenant)"))
                .containsExactly("jobservice_tenant_jobs_running");
    }

    @Test
    void aLabelNameInAMatcherIsNoMetric() {
        assertThat(PromQl.metricNames("{__name__=\"x\"} + max(y) by (z)")).containsExactly("y");
    }
}
