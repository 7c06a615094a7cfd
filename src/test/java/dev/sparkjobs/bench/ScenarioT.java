package dev.sparkjobs.bench;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tiny jobs (T): N short SQL jobs through the service against a raw thread pool on one warm session
 * ({@link TinyJob}), both sides given the same JIT warm-up: the same W warm-up jobs of the same
 * workload at the same concurrency, in JVMs with the same heap. Each side reports the JIT's time
 * and compiles over its measured window and ms/job per block, so a side still warming shows.
 * Switch rows turn one service piece on (raw side) or off (service side) at a time.
 */
final class ScenarioT implements Scenario {

    /** Both sides run jobs 2 at a time: the service with max-running 2, the raw pool with 2 threads. */
    static final int CONCURRENCY = 2;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Warm-up jobs, measured jobs and the block size at one scale. */
    record Counts(int warm, int jobs, int block, int coldJobs) {
        static Counts of(String scale) {
            return of(scale, System.getProperty("bench.t.warm", ""));
        }

        /** {@code warm}: the warm-up jobs of each side, when not blank; the scale's count otherwise. */
        static Counts of(String scale, String warm) {
            Counts c = scale.equals("smoke") ? new Counts(50, 50, 10, 2) : new Counts(1200, 1000, 100, 5);
            return warm.isBlank() ? c : new Counts(Integer.parseInt(warm.trim()), c.jobs, c.block, c.coldJobs);
        }
    }

    @Override
    public String letter() {
        return "T";
    }

    /** The service's switch rows: a name for {@code -Dbench.t.switches}, the row's label and its settings. */
    private static final List<List<Object>> SERVICE_SWITCHES = List.of(
            List.of("fifo", "service, FIFO", List.of("--jobservice.spark.conf.spark.scheduler.mode=FIFO")),
            List.of(
                    "ui-on",
                    "service, UI on",
                    List.of(
                            "--jobservice.spark.conf.spark.ui.enabled=true",
                            "--jobservice.spark.conf.spark.ui.port=0")),
            List.of(
                    "h2-mem",
                    "service, H2 in memory",
                    List.of("--spring.datasource.url=jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1")),
            List.of("audit-off", "service, audit log off", List.of("--logging.level.jobservice.audit=OFF")));

    @Override
    public String markdown(Context c) throws Exception {
        Counts counts = Counts.of(c.scaleName());
        // true: every switch row; false: none; or a list of raw flags (and "all") and service switches
        String chosen = System.getProperty("bench.t.switches", "true");
        List<String> raw = new ArrayList<>(TinyJob.FLAGS);
        raw.add(String.join(",", TinyJob.FLAGS));
        List<String> names = new ArrayList<>(TinyJob.FLAGS);
        names.add("all");
        Set<String> on = chosen.equals("true")
                ? Set.copyOf(java.util.stream.Stream.concat(
                                names.stream(), SERVICE_SWITCHES.stream().map(sw -> (String) sw.get(0)))
                        .toList())
                : chosen.equals("false") ? Set.of() : Set.of(chosen.split(","));
        // a jar built before a change, run in each round after the jar under test
        String baseline = System.getProperty("bench.baseline", "").trim();
        int rounds = Math.max(
                1, Integer.parseInt(System.getProperty("bench.t.rounds", "1").trim()));
        List<TinySide> sides = new ArrayList<>();
        for (String w : System.getProperty("bench.t.workloads", "1,2").split(",")) {
            int workload = Integer.parseInt(w.trim());
            // the pairs one after another, raw pool then service: a machine that drifts between rows
            // moves one pair's ratio, not the median of several
            for (int r = 1; r <= rounds; r++) {
                int round = r;
                measure(sides, () -> raw(c, counts, workload, "", round));
                measure(sides, () -> service(c, counts, workload, TinyRounds.inRound("service", round), List.of()));
                if (!baseline.isBlank()) {
                    measure(
                            sides,
                            () -> service(
                                    c,
                                    counts,
                                    workload,
                                    TinyRounds.inRound(TinyRounds.BASELINE, round),
                                    List.of(),
                                    baseline));
                }
            }
            measure(sides, () -> jvmPerJob(c, counts, workload));
            for (int i = 0; i < raw.size(); i++) {
                String flags = raw.get(i);
                if (on.contains(names.get(i))) {
                    measure(sides, () -> raw(c, counts, workload, flags, 1));
                }
            }
            for (List<Object> sw : SERVICE_SWITCHES) {
                if (on.contains((String) sw.get(0))) {
                    @SuppressWarnings("unchecked")
                    List<String> settings = (List<String>) sw.get(2);
                    measure(sides, () -> service(c, counts, workload, (String) sw.get(1), settings));
                }
            }
        }
        Figures.put(c.out(), LocalDate.now().toString(), TinyRounds.figures(sides));
        return TinyReport.markdown(c, counts, sides);
    }

    /**
     * {@code counts.coldJobs()} jobs, each in a JVM of its own started for it (the same heap and Spark
     * defaults as the raw pool, one job, no warm-up), one after another: ms/job is a JVM's whole life,
     * start to exit, as a job cluster or a spark-submit per job costs.
     */
    private TinySide jvmPerJob(Context c, Counts counts, int workload) throws Exception {
        Bench.log("scenario T, W" + workload + ", " + TinyRounds.JVM_PER_JOB);
        long wallNs = 0;
        long cpuMs = 0;
        for (int i = 0; i < counts.coldJobs(); i++) {
            Path dir = Bench.fresh(c.work().resolve("t-jvm-w" + workload + "-" + i));
            long t0 = System.nanoTime();
            Map<String, Long> r = Proc.runForBenchLine(
                    Proc.java(
                            "-Xmx4g",
                            TinyJob.class.getName(),
                            Integer.toString(workload),
                            "0",
                            "1",
                            "1",
                            "1",
                            dir.toString(),
                            ""),
                    dir.resolve("run.log"));
            wallNs += System.nanoTime() - t0;
            cpuMs += r.get("cpu_ms");
        }
        return new TinySide(
                workload,
                TinyRounds.JVM_PER_JOB,
                counts.coldJobs(),
                wallNs / 1_000,
                cpuMs,
                0,
                0,
                Double.NaN,
                Double.NaN,
                List.of(),
                List.of(),
                Double.NaN,
                -1,
                TinySide.Inside.NONE);
    }

    /** One row; a row whose process failed is left out, with its log named, rather than losing the run. */
    private interface Row {
        TinySide run() throws Exception;
    }

    private static void measure(List<TinySide> sides, Row row) {
        try {
            sides.add(row.run());
        } catch (Exception e) {
            Bench.log("scenario T: a row failed and is left out: " + e);
        }
    }

    private TinySide raw(Context c, Counts counts, int workload, String flags, int round) throws Exception {
        String name =
                TinyRounds.inRound(flags.isEmpty() ? "raw pool" : "raw pool + " + flags.replace(",", " + "), round);
        Path dir = Bench.fresh(c.work()
                .resolve(("t-raw-w" + workload + "-" + (flags.isEmpty() ? "plain" : flags))
                        .replaceAll("[^a-zA-Z0-9]+", "-")));
        Bench.log("scenario T, W" + workload + ", " + name);
        Map<String, Long> r = Proc.runForBenchLine(
                Proc.java(
                        "-Xmx4g",
                        TinyJob.class.getName(),
                        Integer.toString(workload),
                        Integer.toString(counts.warm()),
                        Integer.toString(counts.jobs()),
                        Integer.toString(CONCURRENCY),
                        Integer.toString(counts.block()),
                        dir.toString(),
                        flags),
                dir.resolve("run.log"));
        return new TinySide(
                workload,
                name,
                counts.jobs(),
                r.get("jobs_us"),
                r.get("cpu_ms"),
                r.get("jit_us") / 1000.0,
                r.get("jit_compiles"),
                r.get("spark_jobs") / (double) counts.jobs(),
                r.get("spark_tasks") / (double) counts.jobs(),
                blocks(r, "wblock"),
                blocks(r, "block"),
                Double.NaN,
                -1,
                new TinySide.Inside(r.get("job_time_us") / 1000.0 / counts.jobs(), Double.NaN, threads(r)));
    }

    private TinySide service(Context c, Counts counts, int workload, String name, List<String> settings)
            throws Exception {
        return service(c, counts, workload, name, settings, "");
    }

    /** The service from {@code jar} when not blank, from the jar under test otherwise. */
    private TinySide service(Context c, Counts counts, int workload, String name, List<String> settings, String jar)
            throws Exception {
        Path dir = Bench.fresh(c.work().resolve("t-svc-w" + workload + "-" + name.replaceAll("[^a-zA-Z0-9]+", "-")));
        Bench.log("scenario T, W" + workload + ", " + name);
        List<String> all = new ArrayList<>(List.of(
                "--jobservice.admission.max-running=" + CONCURRENCY, "--jobservice.admission.max-queued=100000"));
        all.addAll(settings);
        try (ServiceProcess svc = ServiceProcess.start(
                jar.isBlank() ? c.jar() : Path.of(jar), dir, dir.resolve("service.log"), all.toArray(String[]::new))) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String body = JSON.writeValueAsString(
                    Map.of("type", "sql", "params", Map.of("sql", TinyJob.WORKLOADS.get(workload - 1))));
            TinyClient.Batch warm = TinyClient.submitAll(http, svc.port, body, counts.warm());
            Proc.Jit jit0 = svc.jit();
            long cpu0 = svc.cpuMillis();
            Map<Long, ThreadCpu.Thread> threads0 = ThreadCpu.snapshot(svc.process.pid());
            long client0 = SeedJob.cpuNanos();
            TinyClient.Batch measured = TinyClient.submitAll(http, svc.port, body, counts.jobs());
            long clientMs = (SeedJob.cpuNanos() - client0) / 1_000_000;
            long cpuMs = svc.cpuMillis() - cpu0;
            Map<String, Long> threadsMs = ThreadCpu.millisByGroup(threads0, ThreadCpu.snapshot(svc.process.pid()));
            Proc.Jit jit = svc.jit().minus(jit0);
            long sparkJobs = 0;
            long tasks = 0;
            Instant firstStart = Instant.MAX;
            Instant lastEnd = Instant.MIN;
            List<long[]> startEnd = new ArrayList<>();
            for (JsonNode job : measured.jobs()) {
                if (!job.path("state").asString().equals("SUCCEEDED")) {
                    throw new IllegalStateException("tiny job ended " + job + "; see " + dir.resolve("service.log"));
                }
                sparkJobs +=
                        job.path("progress").path("sparkJobs").path("total").asLong();
                tasks += job.path("progress").path("tasks").path("total").asLong();
                Instant started = Instant.parse(job.path("startedAt").asString());
                Instant finished = Instant.parse(job.path("finishedAt").asString());
                startEnd.add(new long[] {micros(started), micros(finished)});
                firstStart = started.isBefore(firstStart) ? started : firstStart;
                lastEnd = finished.isAfter(lastEnd) ? finished : lastEnd;
            }
            return new TinySide(
                    workload,
                    name,
                    counts.jobs(),
                    measured.wallUs(),
                    cpuMs,
                    jit.millis(),
                    jit.compiles(),
                    sparkJobs / (double) counts.jobs(),
                    tasks / (double) counts.jobs(),
                    blockList(warm.times(), counts.block()),
                    blockList(measured.times(), counts.block()),
                    Duration.between(firstStart, lastEnd).toNanos() / 1e6,
                    clientMs,
                    new TinySide.Inside(
                            startEnd.stream().mapToLong(j -> j[1] - j[0]).sum() / 1000.0 / counts.jobs(),
                            TinySide.meanHandoffMs(startEnd),
                            threadsMs));
        }
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }

    static List<Long> blockList(List<Long> times, int block) {
        List<Long> us = new ArrayList<>();
        for (int k = 0; (k + 1) * block < times.size(); k++) {
            us.add((times.get((k + 1) * block) - times.get(k * block)) / 1_000 / block);
        }
        return us;
    }

    private static Map<String, Long> threads(Map<String, Long> r) {
        Map<String, Long> ms = new java.util.LinkedHashMap<>();
        for (String group : ThreadCpu.GROUPS) {
            ms.put(group, r.getOrDefault("threads_" + group + "_ms", 0L));
        }
        return ms;
    }

    private static List<Long> blocks(Map<String, Long> r, String key) {
        List<Long> us = new ArrayList<>();
        for (int k = 0; r.containsKey(key + k + "_us"); k++) {
            us.add(r.get(key + k + "_us"));
        }
        return us;
    }
}
