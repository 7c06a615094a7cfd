package dev.sparkjobs.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Child JVMs and what /proc says about them. */
final class Proc {

    static final long CLOCK_TICKS_PER_SECOND = 100;

    private Proc() {}

    /** The flags this JVM was started with that a Spark child needs too (add-opens and friends). */
    static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens")
                    || arg.startsWith("--add-modules")
                    || arg.startsWith("-Djdk.reflect")
                    || arg.startsWith("-Dio.netty")
                    || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions")) {
                flags.add(arg);
            }
        }
        return flags;
    }

    static List<String> java(String heap, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(heap);
        cmd.addAll(jvmFlags());
        // e.g. -Dbench.child.jvm=-XX:StartFlightRecording=filename=target/bench/jfr/,settings=profile
        String extra = System.getProperty("bench.child.jvm", "");
        if (!extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a child to its end and returns its {@code BENCH k=v} line as a map. */
    static Map<String, Long> runForBenchLine(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("child failed (" + rc + "), see " + log);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("BENCH ")) {
                Map<String, Long> values = new HashMap<>();
                for (String kv : lines.get(i).substring(6).trim().split(" ")) {
                    String[] parts = kv.split("=");
                    values.put(parts[0], Long.parseLong(parts[1]));
                }
                return values;
            }
        }
        throw new IllegalStateException("no BENCH line in " + log);
    }

    /** utime + stime of a live process, from /proc/<pid>/stat. */
    static long cpuMillis(long pid) throws IOException {
        long ticks = ThreadCpu.parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")))
                .ticks();
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }

    static long peakRssKb(long pid) throws IOException {
        return statusKb(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")), "VmHWM");
    }

    static long statusKb(List<String> status, String key) {
        for (String line : status) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** The JIT's work so far in a JVM: {@code jcmd <pid> PerfCounter.print}'s compiler counters. */
    record Jit(double millis, long compiles) {

        Jit minus(Jit earlier) {
            return new Jit(millis - earlier.millis, compiles - earlier.compiles);
        }
    }

    /**
     * Reads the JIT's total time ({@code java.ci.totalTime}, {@code sun.ci.totalTime} in older JDKs; in
     * ticks of {@code sun.os.hrt.frequency}) and {@code sun.ci.totalCompiles}.
     */
    static Jit jit(long pid) throws IOException, InterruptedException {
        Map<String, Long> counters = perfCounters(pid);
        Long ticks = counters.getOrDefault("java.ci.totalTime", counters.get("sun.ci.totalTime"));
        Long frequency = counters.get("sun.os.hrt.frequency");
        Long compiles = counters.get("sun.ci.totalCompiles");
        if (ticks == null || frequency == null || compiles == null) {
            throw new IllegalStateException("no JIT counters from jcmd " + pid + ": " + counters.keySet());
        }
        return new Jit(ticks * 1000.0 / frequency, compiles);
    }

    /** Every numeric counter {@code jcmd <pid> PerfCounter.print} shows. */
    static Map<String, Long> perfCounters(long pid) throws IOException, InterruptedException {
        Map<String, Long> counters = new HashMap<>();
        for (String line : run("jcmd", Long.toString(pid), "PerfCounter.print").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(eq + 1).matches("-?\\d+")) {
                counters.put(line.substring(0, eq).trim(), Long.parseLong(line.substring(eq + 1)));
            }
        }
        return counters;
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
            }
        }
        p.waitFor();
        return out.toString();
    }
}
