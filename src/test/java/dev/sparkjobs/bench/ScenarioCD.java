package dev.sparkjobs.bench;

import dev.sparkjobs.support.Api;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Cancel latency (C) and admission under a flood (D). */
final class ScenarioCD {

    static final String ENDLESS =
            "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT sum(id % 1000) FROM range(0, 50000000000)\"}}";
    static final String TRIVIAL = "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"}}";

    /**
     * Cancel latency as the caller sees it and as the server records it, over every shape; {@code
     * details} is the Markdown of the per-shape percentiles and the server's phase table.
     */
    record CancelResult(Stats clientMs, Stats serverMs, String details) {}

    /** What a flood did. */
    record FloodResult(
            int submitted,
            int accepted,
            int rejected,
            int otherStatus,
            int finished,
            long drainMs,
            long heapHighWaterBytes,
            int queuedForHeap,
            double heapPerQueuedJobBytes) {}

    private final Path work;
    private final Path jar;

    ScenarioCD(Path work, Path jar) {
        this.work = work;
        this.jar = jar;
    }

    CancelResult cancels(int count) throws Exception {
        return new CancelBench(work, jar).run(count);
    }

    FloodResult flood(int burst, int maxQueued, int queuedForHeap) throws Exception {
        Path dir = Bench.fresh(work.resolve("d-flood"));
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        AtomicLong heapHigh = new AtomicLong();
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        long drainMs;
        int finished = 0;
        try (ServiceProcess svc = ServiceProcess.start(
                jar,
                dir,
                dir.resolve("service.log"),
                "--jobservice.admission.max-running=2",
                "--jobservice.admission.max-queued=" + maxQueued)) {
            ExecutorService sampler = Executors.newSingleThreadExecutor();
            var sampling = sampler.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    heapHigh.accumulateAndGet(svc.heapUsed(), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long t0 = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(32);
            for (int i = 0; i < burst; i++) {
                clients.submit(() -> {
                    Api.Response r = svc.api.submit(TRIVIAL);
                    switch (r.status()) {
                        case 202 -> {
                            accepted.incrementAndGet();
                            ids.add(r.body().path("id").asString());
                        }
                        case 429 -> rejected.incrementAndGet();
                        default -> other.incrementAndGet();
                    }
                });
            }
            clients.shutdown();
            clients.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
            for (String id : ids) {
                if (svc.api.awaitFinal(id).path("state").asString().equals("SUCCEEDED")) {
                    finished++;
                }
            }
            drainMs = (System.nanoTime() - t0) / 1_000_000;
            sampling.cancel(true);
            sampler.shutdownNow();
        }
        double perJob = heapPerQueuedJob(queuedForHeap);
        return new FloodResult(
                burst,
                accepted.get(),
                rejected.get(),
                other.get(),
                finished,
                drainMs,
                heapHigh.get(),
                queuedForHeap,
                perJob);
    }

    /** Heap after GC with every slot blocked, before and after {@code queued} jobs wait. */
    private double heapPerQueuedJob(int queued) throws Exception {
        Path dir = Bench.fresh(work.resolve("d-heap"));
        try (ServiceProcess svc = ServiceProcess.start(
                jar,
                dir,
                dir.resolve("service.log"),
                "--jobservice.admission.max-running=2",
                "--jobservice.admission.max-queued=" + queued)) {
            List<String> blockers = List.of(svc.api.submitOk(ENDLESS), svc.api.submitOk(ENDLESS));
            for (String b : blockers) {
                svc.awaitState(b, "RUNNING");
            }
            long before = svc.heapAfterGc();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            AtomicInteger ok = new AtomicInteger();
            for (int i = 0; i < queued; i++) {
                clients.submit(() -> {
                    if (svc.api.submit(TRIVIAL).status() == 202) {
                        ok.incrementAndGet();
                    }
                });
            }
            clients.shutdown();
            clients.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
            long after = svc.heapAfterGc();
            if (ok.get() != queued) {
                throw new IllegalStateException("only " + ok.get() + " of " + queued + " were queued");
            }
            return (after - before) / (double) queued;
        }
    }
}
