package dev.sparkjobs.jobcallbacks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallbackRequestsTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Authorization|Bearer abc|",
                "X-Tenant|sales|",
                "Host|evil.example|set by the service",
                "content-length|5|set by the service",
                "Transfer-Encoding|chunked|set by the service",
                "Connection|keep-alive|set by the service",
                "X-Signature|sha256=00|set by the service",
                "Bad Name|x|token characters",
                "X-Bell|a\u0007b|printable ASCII",
            })
    void checksHeaders(String name, String value, String problem) {
        var found = CallbackRequests.headerProblem(name, value);
        if (problem == null) {
            assertThat(found).isNull();
        } else {
            assertThat(found).contains(problem);
        }
    }
}
