package dev.sparkjobs.engine;

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
    void replacesNulSoThatEveryStoreTakesTheMessage() {
        assertThat(Failures.message(new RuntimeException("bad \u0000 byte"))).isEqualTo("bad \uFFFD byte");
    }
}
