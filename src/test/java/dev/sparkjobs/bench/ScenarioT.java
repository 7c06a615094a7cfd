package dev.sparkjobs.bench;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
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

    /** JIT time above this share of the measured window marks a side not warm. */
    static final double JIT_SHARE_LIMIT = 0.02;

    /** A first measured block this much slower than the last ones marks a side still warming. */
    static final double TREND_LIMIT = 1.10;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One measured side of one workload. */
    record Side(
            int workload,
            String name,
            int jobs,
            long wallUs,
            long cpuMs,
            double jitMs,
            long jitCompiles,
            double sparkJobsPerJob,
            double tasksPerJob,
            List<Long> warmBlocksUs,
            List<Long> blocksUs,
            double serverSpanMs,
            long clientCpuMs,
            Inside inside) {

        double msPerJob() {
            return wallUs / 1000.0 / jobs;
        }

        double jitShare() {
            return jitMs * 1000 / wallUs;
        }

        /** Warm: JIT time at most 2% of the window, and the first block not 10% slower than the last two. */
        boolean warm() {
            if (jitShare() > JIT_SHARE_LIMIT) {
                return false;
            }
            if (blocksUs.size() < 3) {
                return true;
            }
            double tail = (blocksUs.get(blocksUs.size() - 1) + blocksUs.get(blocksUs.size() - 2)) / 2.0;
            return blocksUs.get(0) <= tail * TREND_LIMIT;
        }
    }

    /**
     * Where a side's window went: the mean time from a job's start to its end (the raw pool: around
     * its {@code Runner}; the service: {@code startedAt} to {@code finishedAt}), the mean time a
     * slot stood empty between one job's end and the next one's start (the service only), and the
     * process's CPU per {@link ThreadCpu} group over the window.
     */
    record Inside(double jobMs, double handoffMs, Map<String, Long> threadsMs) {
        static final Inside NONE = new Inside(Double.NaN, Double.NaN, Map.of());
    }

    /**
     * The mean gap, in ms, from a job's end to the start of the next job that took its slot: for each
     * start but the first, the time since the latest end before it; NaN with fewer than two jobs.
     * Times in microseconds, {@code {start, end}} per job.
     */
    static double meanHandoffMs(List<long[]> startEnd) {
        long[] starts = startEnd.stream().mapToLong(j -> j[0]).sorted().toArray();
        long[] ends = startEnd.stream().mapToLong(j -> j[1]).sorted().toArray();
        long sum = 0;
        int n = 0;
        int e = -1;
        for (int i = 1; i < starts.length; i++) {
            while (e + 1 < ends.length && ends[e + 1] <= starts[i]) {
                e++;
            }
            if (e >= 0) {
                sum += starts[i] - ends[e];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / 1000.0 / n;
    }

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
        int rounds = Math.max(
                1, Integer.parseInt(System.getProperty("bench.t.rounds", "1").trim()));
        List<Side> sides = new ArrayList<>();
        for (String w : System.getProperty("bench.t.workloads", "1,2").split(",")) {
            int workload = Integer.parseInt(w.trim());
            // the pairs one after another, raw pool then service: a machine that drifts between rows
            // moves one pair's ratio, not the median of several
            for (int r = 1; r <= rounds; r++) {
                int round = r;
                measure(sides, () -> raw(c, counts, workload, "", round));
                measure(sides, () -> service(c, counts, workload, inRound("service", round), List.of()));
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
        Figures.put(c.out(), LocalDate.now().toString(), figures(sides));
        return TinyReport.markdown(c, counts, sides);
    }

    /** Per workload: a JVM per job and the service, each against the raw pool of the same run. */
    static Map<String, Double> figures(List<Side> sides) {
        Map<String, Double> f = new HashMap<>();
        for (int w = 1; w <= TinyJob.WORKLOADS.size(); w++) {
            Side raw = find(sides, w, "raw pool");
            if (raw == null) {
                continue;
            }
            Side jvm = find(sides, w, JVM_PER_JOB);
            List<Double> ratios = serviceRatios(sides, w);
            if (!ratios.isEmpty()) {
                f.put("t.w" + w + ".service_vs_raw", median(ratios));
            }
            if (jvm != null) {
                f.put("t.w" + w + ".jvm_vs_raw", jvm.msPerJob() / raw.msPerJob());
            }
        }
        return f;
    }

    /** The name of a row in round {@code round}: the first round's rows keep their plain names. */
    static String inRound(String name, int round) {
        return round == 1 ? name : name + " (" + round + ")";
    }

    /** Service against raw pool of each round of one workload, in round order, while both rows of a round are there. */
    static List<Double> serviceRatios(List<Side> sides, int workload) {
        List<Double> ratios = new ArrayList<>();
        for (int r = 1; ; r++) {
            Side raw = find(sides, workload, inRound("raw pool", r));
            Side service = find(sides, workload, inRound("service", r));
            if (raw == null && service == null) {
                return ratios;
            }
            if (raw != null && service != null) {
                ratios.add(service.msPerJob() / raw.msPerJob());
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Side find(List<Side> sides, int workload, String name) {
        return sides.stream()
                .filter(s -> s.workload() == workload && s.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** The name of the side that starts a JVM and a SparkSession for each job, as a spark-submit per job does. */
    static final String JVM_PER_JOB = "JVM + SparkSession per job";

    /**
     * {@code counts.coldJobs()} jobs, each in a JVM of its own started for it (the same heap and Spark
     * defaults as the raw pool, one job, no warm-up), one after another: ms/job is a JVM's whole life,
     * start to exit, as a job cluster or a spark-submit per job costs.
     */
    private Side jvmPerJob(Context c, Counts counts, int workload) throws Exception {
        Bench.log("scenario T, W" + workload + ", " + JVM_PER_JOB);
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
        return new Side(
                workload,
                JVM_PER_JOB,
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
                Inside.NONE);
    }

    /** One row; a row whose process failed is left out, with its log named, rather than losing the run. */
    private interface Row {
        Side run() throws Exception;
    }

    private static void measure(List<Side> sides, Row row) {
        try {
            sides.add(row.run());
        } catch (Exception e) {
            Bench.log("scenario T: a row failed and is left out: " + e);
        }
    }

    private Side raw(Context c, Counts counts, int workload, String flags, int round) throws Exception {
        String name = inRound(flags.isEmpty() ? "raw pool" : "raw pool + " + flags.replace(",", " + "), round);
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
        return new Side(
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
                new Inside(r.get("job_time_us") / 1000.0 / counts.jobs(), Double.NaN, threads(r)));
    }

    private Side service(Context c, Counts counts, int workload, String name, List<String> settings) throws Exception {
        Path dir = Bench.fresh(c.work().resolve("t-svc-w" + workload + "-" + name.replaceAll("[^a-zA-Z0-9]+", "-")));
        Bench.log("scenario T, W" + workload + ", " + name);
        List<String> all = new ArrayList<>(List.of(
                "--jobservice.admission.max-running=" + CONCURRENCY, "--jobservice.admission.max-queued=100000"));
        all.addAll(settings);
        try (ServiceProcess svc =
                ServiceProcess.start(c.jar(), dir, dir.resolve("service.log"), all.toArray(String[]::new))) {
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
            return new Side(
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
                    new Inside(
                            startEnd.stream().mapToLong(j -> j[1] - j[0]).sum() / 1000.0 / counts.jobs(),
                            meanHandoffMs(startEnd),
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
