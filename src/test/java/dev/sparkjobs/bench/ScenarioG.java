package dev.sparkjobs.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenario G: the submit path alone. Submit latency and bytes allocated per submit at 500 and 1,000
 * req/s, queue only (both running slots held by sleeping jobs, so nothing runs), after 2,000 warm-up
 * submits; on the jar under test and, given {@code -Dbench.baseline=<jar>}, on a baseline jar. One
 * service per jar; every step queues its submits behind the earlier ones, so each row says how deep
 * the queue was when it ended.
 */
final class ScenarioG implements Scenario {

    private static final int[] RATES = {500, 1000};
    private static final int WARM_UP_RATE = 200;
    private static final int WARM_UP_SECONDS = 10;

    /** The jar under test's rows; a baseline jar's are for the report only. */
    static final String THIS = "this build";

    /** One service configuration under test. */
    record Variant(String name, Path jar, List<String> settings) {}

    /** One rate step of one variant. */
    record Row(String variant, ScenarioB.RateRow rate, double bytesPerSubmit, int queuedAfter) {}

    @Override
    public String letter() {
        return "G";
    }

    @Override
    public String file() {
        return "scenario-g.md";
    }

    @Override
    public String markdown(Context c) throws Exception {
        int seconds = Math.max(5, c.scale().rateSeconds());
        List<Variant> variants = new ArrayList<>(List.of(new Variant(THIS, c.jar(), List.of())));
        String baseline = System.getProperty("bench.baseline", "");
        if (!baseline.isBlank()) {
            variants.add(new Variant("baseline", Path.of(baseline), List.of()));
        }
        String loadBefore = load();
        List<Row> rows = new ArrayList<>();
        for (Variant v : variants) {
            Bench.log("scenario G, " + v.name());
            rows.addAll(run(c.work(), v, seconds));
        }
        // the targets table's figures: the jar under test at 1,000 req/s
        for (Row r : rows) {
            if (r.variant().equals(THIS) && r.rate().offeredPerSecond() == 1000) {
                Figures.put(
                        c.out(),
                        LocalDate.now().toString(),
                        Map.of(
                                "b.queue_only_p99_ms_1000", r.rate().latencyMs().p99(),
                                "b.bytes_per_submit", r.bytesPerSubmit()));
            }
        }
        return report(c, rows, seconds, loadBefore, load());
    }

    private static List<Row> run(Path work, Variant v, int seconds) throws Exception {
        Path dir = Bench.fresh(work.resolve("g-submit-" + v.name().replaceAll("[^a-z]+", "-")));
        List<String> settings = new ArrayList<>(
                List.of("--jobservice.admission.max-running=2", "--jobservice.admission.max-queued=1000000"));
        settings.addAll(v.settings());
        List<Row> rows = new ArrayList<>();
        try (ServiceProcess svc =
                ServiceProcess.start(v.jar(), dir, dir.resolve("service.log"), settings.toArray(String[]::new))) {
            for (String id : List.of(svc.api.submitOk(ScenarioB.SLEEPER), svc.api.submitOk(ScenarioB.SLEEPER))) {
                svc.awaitState(id, "RUNNING");
            }
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int queued = ScenarioB.offer(http, svc.port, WARM_UP_RATE, WARM_UP_SECONDS)
                    .accepted();
            // what the service allocates doing nothing (its timers, metrics, Spark's heartbeats)
            long idleStart = svc.allocatedBytes();
            long idleNanos = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double idlePerSecond = (svc.allocatedBytes() - idleStart) / ((System.nanoTime() - idleNanos) / 1e9);
            for (int rate : RATES) {
                long before = svc.allocatedBytes();
                long start = System.nanoTime();
                ScenarioB.RateRow row = ScenarioB.offer(http, svc.port, rate, seconds);
                double elapsed = (System.nanoTime() - start) / 1e9;
                long allocated = svc.allocatedBytes() - before;
                queued += row.accepted();
                rows.add(new Row(
                        v.name(),
                        row,
                        row.accepted() == 0 ? Double.NaN : (allocated - idlePerSecond * elapsed) / row.accepted(),
                        queued));
            }
        }
        return rows;
    }

    private static String report(Context c, List<Row> rows, int seconds, String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("# Scenario G: the submit path, queue only (")
                .append(c.scaleName())
                .append(")\n\n")
                .append(c.machine())
                .append(".\n\nLoad average (1, 5, 15 min) before: ")
                .append(loadBefore)
                .append("; after: ")
                .append(loadAfter)
                .append(". Open loop, `POST /api/v1/jobs` with `SELECT 1`, ")
                .append(seconds)
                .append(" s per rate, after ")
                .append(WARM_UP_RATE * WARM_UP_SECONDS)
                .append(" warm-up submits; both running slots held, so every accepted job stays queued.")
                .append(" Bytes per submit: `jvm.gc.memory.allocated` across the step, less an idle window's")
                .append(" rate, over accepted submits.\n\n")
                .append("| variant | offered/s | sent | accepted | achieved/s | p50 ms | p99 ms | p99.9 ms | max ms |")
                .append(" KB/submit | queued after |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            ScenarioB.RateRow rate = r.rate();
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %d |%n",
                    r.variant(),
                    rate.offeredPerSecond(),
                    rate.sent(),
                    rate.accepted(),
                    rate.achievedPerSecond(),
                    rate.latencyMs().p50(),
                    rate.latencyMs().p99(),
                    rate.latencyMs().p999(),
                    rate.latencyMs().max(),
                    r.bytesPerSubmit() / 1024,
                    r.queuedAfter()));
        }
        md.append("\n`-Dbench.baseline=<jar>` adds a row set for a jar built before a change.\n");
        return md.toString();
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
