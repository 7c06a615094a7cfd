package dev.sparkjobs.bench;

import dev.sparkjobs.support.Api;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The seed experiment: J jobs of "1M rows to a new Delta table, count it", five ways. */
final class ScenarioA {

    /** One measured variant. */
    record Row(int jobs, String variant, long wallMs, long cpuMs, long peakRssKb, String note) {}

    private final Path work;
    private final Path jar;

    ScenarioA(Path work, Path jar) {
        this.work = work;
        this.jar = jar;
    }

    List<Row> run(int jobs, int[] serviceSlots, int poolThreads, boolean coldVariants) throws Exception {
        List<Row> rows = new ArrayList<>();
        if (coldVariants) {
            rows.add(cold(jobs, 1));
            rows.add(cold(jobs, 2));
        }
        rows.add(warm(jobs, 1));
        rows.add(warm(jobs, poolThreads));
        for (int slots : serviceSlots) {
            rows.add(service(jobs, slots));
        }
        return rows;
    }

    /** (a) one new JVM + SparkSession per job, {@code parallel} at a time. */
    private Row cold(int jobs, int parallel) throws Exception {
        Path dir = Bench.fresh(work.resolve("a-cold-" + jobs + "-" + parallel));
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        long t0 = System.nanoTime();
        List<Future<Map<String, Long>>> results = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            int n = i;
            results.add(pool.submit(() -> Proc.runForBenchLine(
                    Proc.java(
                            "-Xmx2g",
                            SeedJob.class.getName(),
                            "cold",
                            dir.resolve("wh-" + n).toString(),
                            "seed_cold_" + n),
                    dir.resolve("job-" + n + ".log"))));
        }
        long cpu = 0;
        long rss = 0;
        for (Future<Map<String, Long>> f : results) {
            cpu += f.get().get("cpu_ms");
            rss = Math.max(rss, f.get().get("peak_rss_kb"));
        }
        pool.shutdown();
        long wall = (System.nanoTime() - t0) / 1_000_000;
        return new Row(
                jobs,
                "a: JVM + SparkSession per job, " + (parallel == 1 ? "sequential" : parallel + " at a time"),
                wall,
                cpu,
                rss,
                "peak RSS of one JVM; " + parallel + " run at once");
    }

    /** (b) sequential on one warm session, (c) a raw ThreadPoolExecutor on one warm session. */
    private Row warm(int jobs, int threads) throws Exception {
        Path dir = Bench.fresh(work.resolve("a-warm-" + jobs + "-" + threads));
        Map<String, Long> r = Proc.runForBenchLine(
                Proc.java(
                        "-Xmx4g",
                        SeedJob.class.getName(),
                        "warm",
                        dir.resolve("wh").toString(),
                        Integer.toString(jobs),
                        Integer.toString(threads)),
                dir.resolve("run.log"));
        String variant = threads == 1
                ? "b: one warm session, sequential"
                : "c: one warm session, raw ThreadPoolExecutor(" + threads + ")";
        return new Row(
                jobs,
                variant,
                r.get("jobs_ms"),
                r.get("jobs_cpu_ms"),
                r.get("peak_rss_kb"),
                "session start " + r.get("session_ms") + " ms not counted");
    }

    /** (d) through the running service over HTTP. */
    private Row service(int jobs, int maxRunning) throws Exception {
        Path dir = Bench.fresh(work.resolve("a-service-" + jobs + "-" + maxRunning));
        try (ServiceProcess svc = ServiceProcess.start(
                jar, dir, dir.resolve("service.log"), "--jobservice.admission.max-running=" + maxRunning)) {
            long cpu0 = svc.cpuMillis();
            long t0 = System.nanoTime();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                ids.add(svc.api.submitOk(Api.json(
                        Map.of("type", "sql", "params", Map.of("statements", SeedJob.statements("seed_svc_" + i))))));
            }
            for (String id : ids) {
                String state;
                do {
                    state = svc.api.awaitFinal(id).path("state").asString();
                } while (!state.equals("SUCCEEDED")
                        && !state.equals("FAILED")
                        && !state.equals("CANCELLED")
                        && !state.equals("TIMED_OUT"));
                if (!state.equals("SUCCEEDED")) {
                    throw new IllegalStateException("job " + id + " ended " + state + ", see " + dir);
                }
            }
            long wall = (System.nanoTime() - t0) / 1_000_000;
            return new Row(
                    jobs,
                    "d: service over HTTP, max-running " + maxRunning,
                    wall,
                    svc.cpuMillis() - cpu0,
                    svc.peakRssKb(),
                    "service ready in " + svc.readyMillis + " ms, not counted");
        }
    }
}
