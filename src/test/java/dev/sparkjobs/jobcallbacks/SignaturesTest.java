package dev.sparkjobs.jobcallbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    private static final byte[] BODY = "{\"event\":\"job.finished\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTheTimestampADotAndTheBodyWithHmacSha256() {
        // computed independently: printf '1700000000.{"event":"job.finished"}' | openssl dgst -sha256 -hmac
        // s3cret-s3cret-16
        assertThat(Signatures.sign("s3cret-s3cret-16", 1_700_000_000L, BODY))
                .isEqualTo("sha256=a9df52eb47dd24eb83ff5d7552b2003d44c77d209716aef84e017238b6683a33");
    }

    @Test
    void anotherTimestampBodyOrSecretGivesAnotherSignature() {
        var base = Signatures.sign("s3cret-s3cret-16", 1_700_000_000L, BODY);
        assertThat(Signatures.sign("s3cret-s3cret-16", 1_700_000_001L, BODY)).isNotEqualTo(base);
        assertThat(Signatures.sign("s3cret-s3cret-17", 1_700_000_000L, BODY)).isNotEqualTo(base);
        assertThat(Signatures.sign("s3cret-s3cret-16", 1_700_000_000L, "{}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(base);
    }
}
