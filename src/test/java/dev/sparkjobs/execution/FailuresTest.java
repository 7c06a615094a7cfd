package dev.sparkjobs.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void keepsTheMessageAndDropsStackTraces() {
        var e = new RuntimeException(
                "Job aborted: boom\n\tat a.b.C.d(C.java:1)\n\tat e.f.G.h(G.java:2)\nDriver stacktrace:\nmore");
        var error = Failures.describe(new IllegalStateException("wrapper", e));
        assertThat(error.type()).isEqualTo("IllegalStateException");
        assertThat(Failures.message(e)).isEqualTo("Job aborted: boom\nmore");
    }

    @Test
    void capsVeryLongMessages() {
        assertThat(Failures.message(new RuntimeException("x".repeat(10_000)))).hasSize(Failures.MAX_MESSAGE + 1);
    }

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
