package dev.sparkjobs.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario Q: a deep queue. Two sleeping jobs hold both slots, then {@code queued} {@code SELECT 1}
 * jobs are submitted from 16 threads. Reports heap after GC per queued job with the classes that
 * grew most, submit latency by queue depth, and a restart with the queue (SIGTERM with a 1 s drain,
 * then a start on the same data directory): time to ready and the jobs queued once ready. Runs on
 * the jar under test and, with {@code -Dbench.baseline=<jar>}, on a baseline jar too.
 */
final class ScenarioQ implements Scenario {

    private static final String SLEEPER =
            "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT reflect('java.lang.Thread', 'sleep', CAST(600000 AS BIGINT))\"}}";
    private static final String BODY = "{\"type\":\"sql\",\"params\":{\"sql\":\"SELECT 1\"}}";
    private static final int CLIENTS = 16;

    /** One jar's figures. */
    record Row(
            String variant,
            int queued,
            double heapBytesPerJob,
            List<String> topClasses,
            double[] p99ByDepthTenth,
            long readyMillis,
            long restartReadyMillis,
            int queuedAfterRestart,
            String recoveryLine) {}

    private final Path work;

    /** For {@link Scenarios#ALL}: {@link #markdown(Context)} makes the one that runs. */
    ScenarioQ() {
        this(null);
    }

    ScenarioQ(Path work) {
        this.work = work;
    }

    /** The depth the targets speak of; a smaller run (smoke) records no figure. */
    static final int TARGET_DEPTH = 100_000;

    @Override
    public String letter() {
        return "Q";
    }

    @Override
    public String markdown(Context c) throws Exception {
        int queued = c.scaleName().equals("smoke") ? 10_000 : TARGET_DEPTH;
        List<Row> rows = new ArrayList<>();
        String baseline = System.getProperty("bench.baseline", "");
        if (!baseline.isBlank()) {
            rows.add(new ScenarioQ(c.work()).run("baseline", Path.of(baseline), queued));
        }
        Row row = new ScenarioQ(c.work()).run(THIS, c.jar(), queued);
        rows.add(row);
        Figures.put(c.out(), LocalDate.now().toString(), figures(row));
        return markdown(c.scaleName(), rows, c.machine());
    }

    /** The jar under test's row; a baseline jar's is for the report only. */
    static final String THIS = "this build";

    /** Heap and restart at the targets' depth; none from a shallower run. */
    static Map<String, Double> figures(Row row) {
        if (row.queued() < TARGET_DEPTH) {
            return Map.of();
        }
        return Map.of(
                "q.heap_mb_100k", row.heapBytesPerJob() * TARGET_DEPTH / 1e6,
                "q.restart_ready_s_100k", row.restartReadyMillis() / 1000.0);
    }

    Row run(String variant, Path jar, int queued) throws Exception {
        Path dir = dataDir(work, variant);
        String[] settings = {
            "--jobservice.admission.max-running=2",
            "--jobservice.admission.max-queued=" + (queued + 10),
            "--jobservice.shutdown.drain-timeout=1s",
            "--logging.level.dev.sparkjobs.lifecycle=INFO"
        };
        double perJob;
        List<String> top;
        double[] p99s;
        long ready;
        try (ServiceProcess svc = ServiceProcess.start(jar, dir, dir.resolve("service.log"), settings)) {
            ready = svc.readyMillis;
            for (String id : List.of(svc.api.submitOk(SLEEPER), svc.api.submitOk(SLEEPER))) {
                svc.awaitState(id, "RUNNING");
            }
            long before = svc.heapAfterGc();
            Map<String, long[]> histBefore = histogram(svc.process.pid());
            p99s = submit(svc.port, queued);
            long after = svc.heapAfterGc();
            Map<String, long[]> histAfter = histogram(svc.process.pid());
            perJob = (after - before) / (double) queued;
            top = topGrowth(histBefore, histAfter, queued);
        } // close() is a SIGTERM: the drain gives up after 1 s, the queue stays QUEUED in the store
        long restartReady;
        int queuedAfter;
        try (ServiceProcess svc = ServiceProcess.start(jar, dir, dir.resolve("service-restart.log"), settings)) {
            restartReady = svc.readyMillis;
            queuedAfter = svc.api.get("/api/v1/admission").body().path("queued").asInt();
        }
        String recovery = Files.readAllLines(dir.resolve("service-restart.log")).stream()
                .filter(l -> l.contains("start-up recovery"))
                .map(l -> l.substring(l.indexOf("start-up recovery")))
                .findFirst()
                .orElse("(no recovery line)");
        return new Row(variant, queued, perJob, top, p99s, ready, restartReady, queuedAfter, recovery);
    }

    /**
     * The variant's data directory, emptied: a run before this one left its store there, whose
     * QUEUED jobs the first start would recover, and its logs, to which the service appends.
     */
    static Path dataDir(Path work, String variant) throws java.io.IOException {
        Path dir = work.resolve("q-" + variant);
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** Submits {@code n} jobs from {@link #CLIENTS} threads; p99 ms of the submits in each tenth of the depth. */
    private static double[] submit(int port, int n) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        double[] millis = new double[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    millis[i] = (System.nanoTime() - t0) / 1e6;
                    if (status != 202) {
                        refused.incrementAndGet();
                    }
                }
                return null;
            });
        }
        clients.shutdown();
        clients.awaitTermination(30, TimeUnit.MINUTES);
        if (refused.get() > 0) {
            throw new IllegalStateException(refused.get() + " of " + n + " submits were not accepted");
        }
        double[] p99 = new double[10];
        for (int tenth = 0; tenth < 10; tenth++) {
            double[] part = Arrays.copyOfRange(millis, tenth * n / 10, (tenth + 1) * n / 10);
            Arrays.sort(part);
            p99[tenth] = part[(int) Math.ceil(part.length * 0.99) - 1];
        }
        return p99;
    }

    /** Class name to {instances, bytes}, from {@code jcmd GC.class_histogram} (which runs a full GC). */
    private static Map<String, long[]> histogram(long pid) throws Exception {
        Map<String, long[]> classes = new HashMap<>();
        for (String line :
                Proc.run("jcmd", Long.toString(pid), "GC.class_histogram").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return classes;
    }

    private static List<String> topGrowth(Map<String, long[]> before, Map<String, long[]> after, int jobs) {
        List<Map.Entry<String, long[]>> growth = new ArrayList<>();
        after.forEach((name, a) -> {
            long[] b = before.getOrDefault(name, new long[2]);
            growth.add(Map.entry(name, new long[] {a[0] - b[0], a[1] - b[1]}));
        });
        growth.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        return growth.stream()
                .limit(15)
                .map(e -> String.format(
                        Locale.ROOT,
                        "| `%s` | %d | %.1f |",
                        e.getKey(),
                        e.getValue()[0],
                        e.getValue()[1] / (double) jobs))
                .toList();
    }

    static String markdown(String scale, List<Row> rows, String machine) {
        StringBuilder md = new StringBuilder();
        md.append("# Scenario Q: a deep queue (").append(scale).append(")\n\n");
        md.append("Machine: ").append(machine).append("\n\n");
        md.append("2 sleeping jobs hold both slots; then N `SELECT 1` submits from ")
                .append(CLIENTS)
                .append(" threads (bare HTTP client). Heap after GC (`jcmd GC.run`) before and after, over N.")
                .append(" Restart: SIGTERM with `drain-timeout=1s`, then a start on the same data directory.\n\n");
        md.append("| variant | N | heap B/job | submit p99 ms, first tenth | last tenth | ready ms | restart ready ms"
                + " | queued after restart |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.0f | %.1f | %.1f | %d | %d | %d |%n",
                    r.variant(),
                    r.queued(),
                    r.heapBytesPerJob(),
                    r.p99ByDepthTenth()[0],
                    r.p99ByDepthTenth()[9],
                    r.readyMillis(),
                    r.restartReadyMillis(),
                    r.queuedAfterRestart()));
        }
        for (Row r : rows) {
            md.append("\n## ").append(r.variant()).append("\n\n");
            md.append("Submit p99 (ms) per tenth of the depth: ");
            md.append(Arrays.stream(r.p99ByDepthTenth())
                            .mapToObj(v -> String.format(Locale.ROOT, "%.1f", v))
                            .toList())
                    .append("\n\n");
            md.append("Recovery log: `").append(r.recoveryLine()).append("`\n\n");
            md.append("| class (histogram delta, top 15 by bytes) | instances | bytes per queued job |\n");
            md.append("| --- | ---: | ---: |\n");
            r.topClasses().forEach(line -> md.append(line).append('\n'));
        }
        return md.toString();
    }

    /** {@code ScenarioQ <jar> <queued> <out.md> [baseline jar]}: runs the scenario alone. */
    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of("target", "bench", "q"));
        int queued = Integer.parseInt(args[1]);
        List<Row> rows = new ArrayList<>();
        if (args.length > 3) {
            Bench.log("scenario Q, baseline");
            rows.add(new ScenarioQ(work).run("baseline", Path.of(args[3]), queued));
        }
        Bench.log("scenario Q, this build");
        rows.add(new ScenarioQ(work).run("this build", Path.of(args[0]), queued));
        Path out = Path.of(args[2]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, markdown(queued == 10_000 ? "smoke" : "N=" + queued, rows, Bench.machine()));
        Bench.log("wrote " + out);
    }
}
