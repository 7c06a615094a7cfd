package dev.sparkjobs.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Test
    void fingerprintIgnoresMapOrderButNotValues() {
        var a = new Submission(
                "sql",
                null,
                new java.util.LinkedHashMap<>(java.util.Map.of("sql", "s", "maxRows", 1)),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "k");
        var reordered = new java.util.LinkedHashMap<String, Object>();
        reordered.put("maxRows", 1);
        reordered.put("sql", "s");
        var b = new Submission("sql", null, reordered, null, null, null, null, null, null, null, "k");
        var c = new Submission(
                "sql", null, java.util.Map.of("sql", "t", "maxRows", 1), null, null, null, null, null, null, null, "k");
        var retried = new Submission("sql", null, reordered, null, null, null, null, 2, null, java.util.Set.of(), "k");
        assertThat(Fingerprint.of(a))
                .isEqualTo(Fingerprint.of(b))
                .isNotEqualTo(Fingerprint.of(c))
                .isNotEqualTo(Fingerprint.of(retried));
    }
}
