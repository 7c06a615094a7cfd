package dev.sparkjobs.jobtypes.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private final Redaction redaction = new Redaction(List.of("s3cr3t", "s3cr3t-longer", ""));

    @Test
    void replacesEverySecretLongestFirst() {
        assertThat(redaction.redact("password=s3cr3t-longer and s3cr3t")).isEqualTo("password=*** and ***");
        assertThat(redaction.redact("nothing here")).isEqualTo("nothing here");
    }

    @Test
    void leavesAFailureWithoutSecretsAsItIs() {
        RuntimeException e = new IllegalStateException("connection refused");
        assertThat(redaction.redact(e)).isSameAs(e);
    }

    @Test
    void replacesAFailureWhoseChainShowsASecretKeepingItsCondition() {
        RuntimeException e = new RuntimeException("wrapper", new IllegalArgumentException("bad password s3cr3t"));
        RuntimeException r = redaction.redact(e);
        assertThat(r).isNotSameAs(e).hasNoCause();
        assertThat(r.getMessage()).isEqualTo("wrapper");
        assertThat(((SparkThrowable) r).getCondition()).isEqualTo("RuntimeException");

        RuntimeException props = new IngestFailureWithCondition("FAILED_JDBC.CONNECTION", "url?password=s3cr3t");
        RuntimeException rp = redaction.redact(new RuntimeException("outer", props));
        assertThat(rp.getMessage()).isEqualTo("url?password=***");
        assertThat(((SparkThrowable) rp).getCondition()).isEqualTo("FAILED_JDBC.CONNECTION");
    }

    @Test
    void theConnectionDoesNotShowItsSecrets() {
        var c = new IngestProperties.Connection(
                "jdbc:postgresql://db/x?password=s3cr3t", "u", "s3cr3t", Map.of("sslpassword", "k3y"), List.of(), null);
        assertThat(c.toString()).doesNotContain("s3cr3t").doesNotContain("k3y").contains("sslpassword");
        assertThat(c.secrets()).containsExactlyInAnyOrder("s3cr3t", "k3y");
    }

    private static final class IngestFailureWithCondition extends RuntimeException implements SparkThrowable {
        private final String condition;

        IngestFailureWithCondition(String condition, String message) {
            super(message);
            this.condition = condition;
        }

        @Override
        public String getCondition() {
            return condition;
        }
    }
}
