package dev.sparkjobs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Runs scenarios A to D against the built jar and writes {@code docs/benchmarks/results.md} and
 * {@code docs/benchmarks/scenario-a.png}; every scenario in {@link Scenarios#ALL} (E, T, ...) writes
 * {@code scenario-<x>.md}. Scale: {@code smoke} (a minute or two, checks the harness),
 * {@code medium} (J = 12), {@code full} (J = 12 and 48, what the targets are judged on).
 *
 * <p>{@code ./mvnw -B -Pbench package -Dbench.scale=full}
 */
public final class Bench {

    /** What one scale runs. */
    record Scale(
            String name,
            int[] jobCounts,
            int[] serviceSlots,
            int[] rates,
            int rateSeconds,
            int startSamples,
            int cancels,
            int burst,
            int maxQueued,
            int queuedForHeap) {}

    /** Scenario E's running slots and raw pool threads, the same at every scale. */
    static final int CONFLICT_CONCURRENCY = 4;

    static Scale scale(String name) {
        return switch (name) {
            case "smoke" -> new Scale(name, new int[] {2}, new int[] {2}, new int[] {100}, 2, 20, 20, 300, 100, 1000);
            case "medium" ->
                new Scale(
                        name,
                        new int[] {12},
                        new int[] {2, 4, 8},
                        new int[] {100, 500, 1000},
                        10,
                        200,
                        200,
                        5000,
                        1000,
                        10000);
            case "full" -> {
                Scale medium = scale("medium");
                yield new Scale(
                        name,
                        new int[] {12, 48},
                        medium.serviceSlots(),
                        medium.rates(),
                        medium.rateSeconds(),
                        medium.startSamples(),
                        medium.cancels(),
                        medium.burst(),
                        medium.maxQueued(),
                        medium.queuedForHeap());
            }
            default -> throw new IllegalArgumentException("scale is smoke, medium or full, not " + name);
        };
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Scale scale = scale(args.length > 0 ? args[0] : "smoke");
        Path out = Path.of(args.length > 1 ? args[1] : "docs/benchmarks");
        Path work = Files.createDirectories(Path.of("target", "bench", scale.name()));
        Path jar = work.resolve("spark-job-service.jar");
        Files.copy(Path.of("target", "spark-job-service.jar"), jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        List<ScenarioA.Row> a = new ArrayList<>();
        String only = System.getProperty("bench.only", "ABCD");
        ScenarioA scenarioA = new ScenarioA(work, jar);
        for (int jobs : only.contains("A") ? scale.jobCounts() : new int[0]) {
            log("scenario A, J=" + jobs);
            a.addAll(scenarioA.run(
                    jobs, scale.serviceSlots(), 4, Boolean.parseBoolean(System.getProperty("bench.cold", "true"))));
        }
        List<ScenarioB.RateRow> queueOnly = List.of();
        List<ScenarioB.RateRow> rates = List.of();
        List<ScenarioB.RateRow> queueOnlyShortPauses = List.of();
        Stats submitToStart = null;
        if (only.contains("B")) {
            log("scenario B");
            ScenarioB scenarioB = new ScenarioB(work, jar);
            queueOnly = scenarioB.rates(scale.rates(), scale.rateSeconds(), true);
            queueOnlyShortPauses = scenarioB.rates(
                    scale.rates(), scale.rateSeconds(), true, ServiceProcess.SHORT_GC_PAUSES, "-short-gc-pauses");
            rates = scenarioB.rates(scale.rates(), scale.rateSeconds(), false);
            submitToStart = scenarioB.submitToStart(scale.startSamples());
        }
        ScenarioCD cd = new ScenarioCD(work, jar);
        ScenarioCD.CancelResult cancels = null;
        if (only.contains("C")) {
            log("scenario C");
            cancels = cd.cancels(scale.cancels());
        }
        ScenarioCD.FloodResult flood = null;
        if (only.contains("D")) {
            log("scenario D");
            flood = cd.flood(scale.burst(), scale.maxQueued(), scale.queuedForHeap());
        }
        for (Scenario scenario : Scenarios.ALL) {
            if (only.contains(scenario.letter())) {
                log("scenario " + scenario.letter());
                String md = scenario.markdown(new Scenario.Context(work, jar, scale, machine(), out));
                Files.createDirectories(out);
                Files.writeString(out.resolve(scenario.file()), md);
                log("wrote " + out.resolve(scenario.file()));
            }
        }
        if (!only.matches(".*[ABCD].*")) {
            Summary.write(out, scale.name());
            return; // scenarios of their own alone leave the A-D report as it was
        }
        long readyMs;
        try (ServiceProcess svc =
                ServiceProcess.start(jar, fresh(work.resolve("ready")), work.resolve("ready/service.log"))) {
            readyMs = svc.readyMillis;
        }

        Files.createDirectories(out);
        if (!a.isEmpty()) {
            chart(a, out.resolve("scenario-a.png"));
        }
        Figures.put(out, LocalDate.now().toString(), figures(a, cancels));
        Summary.write(out, scale.name());
        Files.writeString(
                out.resolve("results.md"),
                Report.markdown(
                        scale,
                        a,
                        queueOnly,
                        queueOnlyShortPauses,
                        rates,
                        submitToStart,
                        cancels,
                        flood,
                        readyMs,
                        machine()));
        log("wrote " + out.resolve("results.md") + " and " + out.resolve("scenario-a.png"));
    }

    /**
     * A to D's headline figures: at the largest J, the best JVM-per-job and service variants against
     * the raw pool; cancel p99 on the server. The submit target's figures come from scenario G.
     */
    static Map<String, Double> figures(List<ScenarioA.Row> a, ScenarioCD.CancelResult cancels) {
        Map<String, Double> f = new HashMap<>();
        int jobs = a.stream().mapToInt(ScenarioA.Row::jobs).max().orElse(0);
        OptionalDouble pool = best(a, jobs, "c:");
        OptionalDouble jvm = best(a, jobs, "a:");
        OptionalDouble service = best(a, jobs, "d:");
        if (pool.isPresent() && jvm.isPresent() && service.isPresent()) {
            f.put("a.jvm_vs_raw", jvm.getAsDouble() / pool.getAsDouble());
            f.put("a.service_vs_raw", service.getAsDouble() / pool.getAsDouble());
        }
        if (cancels != null) {
            f.put("c.cancel_p99_ms", cancels.serverMs().p99());
        }
        return f;
    }

    private static OptionalDouble best(List<ScenarioA.Row> a, int jobs, String variant) {
        return a.stream()
                .filter(r -> r.jobs() == jobs && r.variant().startsWith(variant))
                .mapToDouble(ScenarioA.Row::wallMs)
                .min();
    }

    private static void chart(List<ScenarioA.Row> rows, Path png) throws Exception {
        CategoryChart chart = new CategoryChartBuilder()
                .width(1100)
                .height(600)
                .title("Scenario A: wall time for J seed jobs (lower is better)")
                .xAxisTitle("variant")
                .yAxisTitle("seconds")
                .build();
        chart.getStyler().setXAxisLabelRotation(20);
        List<String> variants =
                rows.stream().map(r -> shortName(r.variant())).distinct().toList();
        for (int jobs : rows.stream().mapToInt(ScenarioA.Row::jobs).distinct().toArray()) {
            List<Double> seconds = new ArrayList<>();
            for (String v : variants) {
                seconds.add(rows.stream()
                        .filter(r -> r.jobs() == jobs && shortName(r.variant()).equals(v))
                        .mapToDouble(r -> r.wallMs() / 1000.0)
                        .findFirst()
                        .orElse(0));
            }
            chart.addSeries("J = " + jobs, variants, seconds);
        }
        BitmapEncoder.saveBitmap(chart, png.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    static String shortName(String variant) {
        return variant.replace("JVM + SparkSession per job", "JVM per job")
                .replace("one warm session, ", "warm, ")
                .replace("raw ThreadPoolExecutor", "pool")
                .replace("service over HTTP, max-running ", "service, slots ");
    }

    static String machine() throws Exception {
        long memKb = Proc.statusKb(Files.readAllLines(Path.of("/proc/meminfo")), "MemTotal");
        return String.format(
                Locale.ROOT,
                "%d cores, %.1f GiB RAM; Java %s (%s); Spark %s, Delta 4.4.0, Spring Boot 4.1.1; %s",
                Runtime.getRuntime().availableProcessors(),
                memKb / 1024.0 / 1024.0,
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                SparkSession.class.getPackage().getImplementationVersion() == null
                        ? "4.2.0"
                        : SparkSession.class.getPackage().getImplementationVersion(),
                LocalDate.now());
    }

    static void log(String message) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }

    /** An empty directory at {@code dir}: whatever an earlier run left there is deleted first. */
    static Path fresh(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
