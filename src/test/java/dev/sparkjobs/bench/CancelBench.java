package dev.sparkjobs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Scenario C: K cancels, one at a time, each at a seeded random delay of 0–1.5 s after the job went
 * RUNNING, over query shapes that stop differently (a plain scan and an adaptive-execution shuffle,
 * whose later stages are jobs of their own). The service logs one DEBUG line per stopped attempt
 * (engine/JobRunner) with the milliseconds of each phase since {@code cancelRequestedAt}; the report
 * gives their percentiles per shape.
 */
final class CancelBench {

    /** The shapes, by the name the report gives them. */
    static final Map<String, String> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("scan: sum(id % 1000) over range(5e10)", "SELECT sum(id % 1000) FROM range(0, 50000000000)");
        SHAPES.put(
                "AQE shuffle: GROUP BY id % 1000 ORDER BY count over range(3e9)",
                "SELECT id % 1000, count(*) FROM range(0, 3000000000) GROUP BY 1 ORDER BY 2");
    }

    static final long SEED = 13L;
    static final int MAX_DELAY_MS = 1500;
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "LOST");
    private static final Pattern PHASES = Pattern.compile(
            "stopped (\\S+) attempt \\d+, ms after the stop was asked: CANCELLED issued=(\\S+) returned=(\\S+)"
                    + " quiet=(\\S+) sessionBack=(\\S+) recorded=(\\S+)");
    private static final List<String> PHASE_NAMES = List.of(
            "(a) Spark cancel issued",
            "(b) run returned",
            "(c) Spark quiet: finishedAt",
            "(d) session reset and back",
            "(e) end recorded");

    private final Path work;
    private final Path jar;

    CancelBench(Path work, Path jar) {
        this.work = work;
        this.jar = jar;
    }

    /** One cancel: its shape, what the caller waited, what the server recorded. */
    private record Cancel(String shape, String id, int delayMs, double clientMs, double serverMs) {}

    ScenarioCD.CancelResult run(int count) throws Exception {
        Path dir = Bench.fresh(work.resolve("c-cancel"));
        Path log = dir.resolve("service.log");
        List<String> shapes = List.copyOf(SHAPES.keySet());
        Random random = new Random(SEED);
        List<Cancel> cancels = new ArrayList<>();
        try (ServiceProcess svc = ServiceProcess.start(
                jar, dir, log, "--jobservice.admission.max-running=2", "--logging.level.dev.sparkjobs.engine=DEBUG")) {
            for (int i = 0; i < count; i++) {
                String shape = shapes.get(i % shapes.size());
                int delayMs = random.nextInt(MAX_DELAY_MS + 1);
                String id = svc.api.submitOk("{\"type\":\"sql\",\"params\":{\"sql\":\"" + SHAPES.get(shape) + "\"}}");
                svc.awaitState(id, "RUNNING");
                Thread.sleep(delayMs);
                long t0 = System.nanoTime();
                svc.api.cancel(id);
                JsonNode job = awaitFinal(svc, id);
                double clientMs = (System.nanoTime() - t0) / 1e6;
                if (!job.path("state").asString().equals("CANCELLED")) {
                    throw new IllegalStateException("job " + id + " ended " + job.path("state") + ", not CANCELLED");
                }
                cancels.add(new Cancel(
                        shape,
                        id,
                        delayMs,
                        clientMs,
                        ServiceProcess.millisBetween(job, "cancelRequestedAt", "finishedAt")));
            }
        }
        Map<String, double[]> phases = phases(Files.readAllLines(log));
        return new ScenarioCD.CancelResult(
                Stats.of(cancels.stream().map(Cancel::clientMs).toList()),
                Stats.of(cancels.stream().map(Cancel::serverMs).toList()),
                details(cancels, phases, count));
    }

    /** Polls every 2 ms, so that the caller's figure is the server's answer, not a poll interval. */
    private static JsonNode awaitFinal(ServiceProcess svc, String id) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode job = svc.api.job(id);
            if (FINAL.contains(job.path("state").asString())) {
                return job;
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("job " + id + " not final 60 s after its cancel");
    }

    /** Each stopped job's phases, in the order of {@link #PHASE_NAMES}; NaN for a phase it did not have. */
    static Map<String, double[]> phases(List<String> log) {
        Map<String, double[]> byJob = new LinkedHashMap<>();
        for (String line : log) {
            Matcher m = PHASES.matcher(line);
            if (m.find()) {
                double[] p = new double[PHASE_NAMES.size()];
                for (int i = 0; i < p.length; i++) {
                    String v = m.group(i + 2);
                    p[i] = v.equals("-") ? Double.NaN : Double.parseDouble(v);
                }
                byJob.put(m.group(1), p);
            }
        }
        return byJob;
    }

    private static String details(List<Cancel> cancels, Map<String, double[]> phases, int count) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "%d cancels, one at a time, each %d–%d ms (seeded, seed %d) after the job went RUNNING, alternating"
                        + " the shapes below; max-running 2. Server side is cancelRequestedAt → finishedAt.%n%n",
                count,
                0,
                MAX_DELAY_MS,
                SEED));
        md.append("| shape | n | client p50 | client p99 | client max | server p50 | server p99 | server max |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String shape : SHAPES.keySet()) {
            List<Cancel> of =
                    cancels.stream().filter(c -> c.shape().equals(shape)).toList();
            Stats client = Stats.of(of.stream().map(Cancel::clientMs).toList());
            Stats server = Stats.of(of.stream().map(Cancel::serverMs).toList());
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms |%n",
                    shape,
                    of.size(),
                    client.p50(),
                    client.p99(),
                    client.max(),
                    server.p50(),
                    server.p99(),
                    server.max()));
        }
        md.append("\nWhere the server's time goes (ms after cancelRequestedAt; from the service's DEBUG line per"
                + " stopped attempt, `dev.sparkjobs.engine`): (a) the Spark cancel issued (job group with its future"
                + " jobs, and tag), (b) the job type's run back on the job's thread, (c) neither the tracker nor"
                + " Spark's status store shows work of the job's group: the job's finishedAt, (d) its session reset"
                + " and back for the next job, (e) its end recorded in the store, after which callers see"
                + " CANCELLED.\n\n");
        md.append("| shape | phase | n | p50 | p99 | max |\n|---|---|---:|---:|---:|---:|\n");
        for (String shape : SHAPES.keySet()) {
            List<double[]> of = cancels.stream()
                    .filter(c -> c.shape().equals(shape) && phases.containsKey(c.id()))
                    .map(c -> phases.get(c.id()))
                    .toList();
            for (int i = 0; i < PHASE_NAMES.size(); i++) {
                int phase = i;
                Stats s = Stats.of(of.stream()
                        .map(p -> p[phase])
                        .filter(v -> !Double.isNaN(v))
                        .toList());
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %d | %.1f | %.1f | %.1f |%n",
                        shape,
                        PHASE_NAMES.get(i),
                        s.count(),
                        s.p50(),
                        s.p99(),
                        s.max()));
            }
        }
        return md.append('\n').toString();
    }
}
