package dev.sparkjobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.AdmissionProperties;
import dev.sparkjobs.metrics.JobMetrics;
import dev.sparkjobs.spark.JobSessions;
import dev.sparkjobs.support.PoolFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * The answer to a store failure, from the exceptions a real Hikari pool and H2 throw: a pool with no
 * connection free is "busy", a database that does not answer is "unavailable".
 */
class StoreProblemsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProblemAdvice advice = new ProblemAdvice(new JobMetrics(
            registry,
            new AdmissionController(new AdmissionProperties(1, 10, Duration.ofSeconds(1), Map.of())),
            new JobSessions(null, 0)));

    @Test
    void aSubmitThatFindsNoFreeConnectionIsToldTheServiceIsBusy() {
        ResponseEntity<Object> answer = advice.storeUnavailable(PoolFailures.busyInTransaction(), submit());

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        ProblemDetail p = (ProblemDetail) answer.getBody();
        assertThat(p.getType()).hasToString("urn:spark-job-service:problem:service-busy");
        assertThat(p.getTitle()).isEqualTo("Service busy");
        assertThat(p.getDetail()).contains("more requests in flight than job store connections", "retry");
        assertThat(rejected("busy")).isEqualTo(1);
    }

    @Test
    void aReadThatFindsNoFreeConnectionIsBusyTooButNoRefusedSubmit() {
        ResponseEntity<Object> answer = advice.storeUnavailable(PoolFailures.busyOnRead(), read());

        assertThat(((ProblemDetail) answer.getBody()).getType())
                .hasToString("urn:spark-job-service:problem:service-busy");
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(rejected("busy")).isZero();
    }

    @Test
    void aDatabaseThatCannotBeOpenedStaysUnavailable() {
        ResponseEntity<Object> answer = advice.storeUnavailable(PoolFailures.unreachableInTransaction(), submit());

        assertUnavailable(answer);
        assertThat(rejected("busy")).isZero();
    }

    @Test
    void aDatabaseClosedUnderThePoolStaysUnavailable() {
        assertUnavailable(advice.storeUnavailable(PoolFailures.closedOnRead(), read()));
    }

    private static void assertUnavailable(ResponseEntity<Object> answer) {
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        ProblemDetail p = (ProblemDetail) answer.getBody();
        assertThat(p.getType()).hasToString("urn:spark-job-service:problem:store-unavailable");
        assertThat(p.getTitle()).isEqualTo("Job store unavailable");
    }

    private double rejected(String reason) {
        Counter c =
                registry.find("jobservice.jobs.rejected").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    private static ServletWebRequest submit() {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", "/api/v1/jobs");
        r.setServletPath("/api/v1/jobs");
        return new ServletWebRequest(r);
    }

    private static ServletWebRequest read() {
        MockHttpServletRequest r = new MockHttpServletRequest("GET", "/api/v1/jobs/x");
        r.setServletPath("/api/v1/jobs/x");
        return new ServletWebRequest(r);
    }
}
