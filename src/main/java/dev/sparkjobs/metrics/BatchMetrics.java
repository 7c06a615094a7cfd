package dev.sparkjobs.metrics;

import dev.sparkjobs.batch.BatchState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Batches: {@code jobservice_batches_submitted_total}, {@code jobservice_batches_finished_total{state}}
 * {@code jobservice_batches_abandoned_total} and the gauge {@code jobservice_batches_running} (as the
 * coordinator last counted them).
 */
@Component
public class BatchMetrics {

    static final String SUBMITTED = "jobservice.batches.submitted";
    static final String FINISHED = "jobservice.batches.finished";
    static final String RUNNING = "jobservice.batches.running";
    static final String ABANDONED = "jobservice.batches.abandoned";

    private final MeterRegistry registry;
    private final AtomicInteger running = new AtomicInteger();

    public BatchMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(RUNNING, running, AtomicInteger::get)
                .description("Batches RUNNING, as the coordinator last counted them")
                .register(registry);
    }

    public void submitted() {
        Counter.builder(SUBMITTED)
                .description("Batches accepted")
                .register(registry)
                .increment();
    }

    public void finished(BatchState state) {
        Counter.builder(FINISHED)
                .description("Batches that ended, by final state")
                .tag("state", state.name())
                .register(registry)
                .increment();
    }

    public void abandoned() {
        Counter.builder(ABANDONED)
                .description("Batches cancelled because nobody read them for their cancelIfUnpolledSeconds")
                .register(registry)
                .increment();
    }

    public void running(int count) {
        running.set(count);
    }
}
