package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import org.junit.jupiter.api.Test;

class ObservabilityIT extends AbstractIT {

    @Test
    void prometheusShowsTheJobMeters() {
        // params the sql type refuses: rejected by the facade, which counts it (an empty params object
        // is refused by the body's own constraints first, and counted by nobody)
        assertThat(api.submit("{\"type\":\"sql\",\"params\":{\"sqll\":\"x\"}}").status())
                .isEqualTo(400);
        api.awaitFinal(api.submitOk(sql("SELECT 1")));
        api.awaitFinal(api.submitOk(sql("SELECT * FROM missing_for_metrics")));

        // a long-poll wakes when the end is recorded, a moment before the job's slot is given back
        String metrics = org.awaitility.Awaitility.await("the slots are free again")
                .atMost(java.time.Duration.ofSeconds(30))
                .until(
                        () -> api.get("/actuator/prometheus").raw(),
                        m -> m.matches("(?s).*\\njobservice_jobs_running\\{[^}]*} 0\\.0\\n.*"));

        assertThat(metrics)
                .containsPattern("jobservice_jobs_submitted_total\\{[^}]*type=\"sql\"[^}]*} [1-9]")
                .containsPattern(
                        "jobservice_jobs_finished_total\\{[^}]*state=\"SUCCEEDED\"[^}]*type=\"sql\"[^}]*} [1-9]")
                .containsPattern("jobservice_jobs_finished_total\\{[^}]*state=\"FAILED\"[^}]*type=\"sql\"[^}]*} [1-9]")
                .containsPattern("jobservice_jobs_rejected_total\\{[^}]*reason=\"invalid\"[^}]*} [1-9]")
                .containsPattern("jobservice_jobs_running\\{[^}]*} 0")
                .containsPattern("jobservice_jobs_queued\\{[^}]*} 0")
                .containsPattern("jobservice_pool_jobs_running\\{[^}]*pool=\"etl\"[^}]*} 0")
                .containsPattern("jobservice_pool_jobs_queued\\{[^}]*pool=\"serial\"[^}]*} 0")
                .containsPattern("jobservice_jobs_queue_wait_seconds_bucket\\{[^}]*type=\"sql\"")
                .containsPattern("jobservice_jobs_run_seconds_bucket\\{[^}]*type=\"sql\"");
    }

    @Test
    void requestsAreTimedOnceAndNotOncePerSecurityFilter() {
        api.awaitFinal(api.submitOk(sql("SELECT 1")));

        assertThat(api.get("/actuator/prometheus").raw())
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*uri=\"/api/v1/jobs\"")
                .doesNotContain("spring_security_");
    }

    @Test
    void aSubmitRefusedBeforeTheFacadeIsCountedToo() {
        double before = rejectedInvalid();
        assertThat(api.submit("{\"type\":\"sql\",\"params\":{}}").status()).isEqualTo(400); // @Size on params
        assertThat(api.submit("{\"type\":").status()).isEqualTo(400); // not JSON
        assertThat(api.post("/api/v1/jobs", sql("SELECT 1"), "Content-Type", "text/plain")
                        .status())
                .isEqualTo(415);
        assertThat(rejectedInvalid() - before).isEqualTo(3.0);
    }

    private double rejectedInvalid() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "jobservice_jobs_rejected_total\\{[^}]*reason=\"invalid\"[^}]*} ([0-9.E]+)")
                .matcher(api.get("/actuator/prometheus").raw());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void readinessIncludesTheSparkSession() {
        Api.Response ready = api.get("/actuator/health/readiness");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().path("status").asString()).isEqualTo("UP");
        assertThat(ready.body().path("components").path("spark").path("status").asString())
                .isEqualTo("UP");
        assertThat(ready.body()
                        .path("components")
                        .path("spark")
                        .path("details")
                        .path("master")
                        .asString())
                .isEqualTo("local[2]");
    }

    @Test
    void swaggerUiIsServed() {
        Api.Response ui = api.get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
    }
}
