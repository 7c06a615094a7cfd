package dev.sparkjobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FreshTest {

    @Test
    void readsAgainOnlyOnceTheValueIsOlderThanItsFreshness() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        AtomicInteger reads = new AtomicInteger();
        DriverGauges.Fresh<Integer> fresh =
                new DriverGauges.Fresh<>(reads::incrementAndGet, Duration.ofSeconds(1), now::get);

        assertThat(fresh.get()).isEqualTo(1);
        now.addAndGet(999_999_999L);
        assertThat(fresh.get()).isEqualTo(1);
        now.addAndGet(1);
        assertThat(fresh.get()).isEqualTo(2);
    }
}
