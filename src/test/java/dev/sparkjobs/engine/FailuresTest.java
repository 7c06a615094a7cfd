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

    @Test
    void findsADeltaCommitConflictAnywhereInTheCauseChain() {
        var conflicts = java.util.List.<Throwable>of(
                new io.delta.exceptions.ConcurrentAppendException("Files were added to the root of the table"),
                new io.delta.exceptions.ConcurrentDeleteReadException("a file was deleted"),
                new io.delta.exceptions.ConcurrentDeleteDeleteException("a file was deleted twice"),
                new io.delta.exceptions.ConcurrentTransactionException("same txnAppId"),
                new io.delta.exceptions.MetadataChangedException("metadata changed"),
                new io.delta.exceptions.ProtocolChangedException("protocol changed"),
                new io.delta.exceptions.ConcurrentWriteException("a concurrent write"));
        for (Throwable conflict : conflicts) {
            var wrapped = new IllegalStateException("job failed", new RuntimeException("commit", conflict));
            var error = Failures.describe(wrapped);
            assertThat(error.type()).as(conflict.getClass().getName()).isEqualTo("DELTA_CONFLICT");
            assertThat(error.message()).isEqualTo(Failures.message(conflict));
        }
    }

    @Test
    void otherConcurrentModificationsAreNoDeltaConflict() {
        var error = Failures.describe(new java.util.ConcurrentModificationException("a list changed"));
        assertThat(error.type()).isEqualTo("ConcurrentModificationException");
        assertThat(Failures.deltaConflict(new RuntimeException("plain"))).isNull();
    }
}
