package dev.sparkjobs.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The Markdown of {@link ScenarioT}. */
final class TinyReport {

    private TinyReport() {}

    static String markdown(Scenario.Context c, ScenarioT.Counts counts, List<TinySide> sides) {
        StringBuilder md = new StringBuilder();
        md.append("# Scenario T: tiny jobs (").append(c.scaleName()).append(")\n\n");
        md.append("Machine and versions: ").append(c.machine()).append(".\n");
        md.append("Written by `./mvnw -B -Pbench package -Dbench.only=T -Dbench.scale=")
                .append(c.scaleName())
                .append("`; all rows ran one after another in one run on the same machine.\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Each side runs %d warm-up jobs, then %d measured ones, %d at a time, in a JVM with `-Xmx4g`: the"
                        + " service (`java -jar`, `local[2]`, max-running %d, all jobs queued at once by a bare"
                        + " client that keeps at most %d submits unanswered, as an orchestrator's workers do, and"
                        + " long-polls each) and a raw `ThreadPoolExecutor(%d)` on one warm session"
                        + " (`TinyJob`: the service's Spark defaults, FIFO, UI off, `collectAsList()`). The bench"
                        + " starts the service with the UI off, as every scenario does; the \"UI on\" row is the"
                        + " service's own default. Wall is the measured window; JIT is the compiler threads' elapsed time (`java.ci.totalTime`) and"
                        + " `sun.ci.totalCompiles` over it (`jcmd PerfCounter.print`); a side is **not warm** when JIT"
                        + " took over %.0f%% of the window or its first block of %d jobs was over %.0f%% slower than"
                        + " its last two. Spark jobs per job: the service's `progress.sparkJobs.total`, the raw"
                        + " side's listener count. The \"%s\" row starts a JVM with the raw pool's heap and Spark"
                        + " defaults for each of %d jobs, one after another, and runs one job in it: its ms/job is the"
                        + " JVM's whole life, as a job cluster or a spark-submit per job costs.%n%n",
                counts.warm(),
                counts.jobs(),
                ScenarioT.CONCURRENCY,
                ScenarioT.CONCURRENCY,
                TinyClient.SUBMITS_IN_FLIGHT,
                ScenarioT.CONCURRENCY,
                TinySide.JIT_SHARE_LIMIT * 100,
                counts.block(),
                (TinySide.TREND_LIMIT - 1) * 100,
                TinyRounds.JVM_PER_JOB,
                counts.coldJobs()));
        md.append("With `-Dbench.t.rounds=N` the raw pool and the service run N times each, alternately, each in a"
                + " fresh JVM: rows \"raw pool (2)\" and \"service (2)\" are the second pair, \"vs raw\" compares a"
                + " row with the raw pool of its own pair, and the headline is the median of the pairs' ratios, so"
                + " that a machine drifting between rows moves one pair, not the figure. With"
                + " `-Dbench.baseline=<jar>` each round also runs that jar's service after the jar under test"
                + " (rows \"baseline\"), for what a change bought.\n\n");
        for (int w = 1; w <= TinyJob.WORKLOADS.size(); w++) {
            int workload = w;
            List<TinySide> rows =
                    sides.stream().filter(s -> s.workload() == workload).toList();
            TinySide raw = find(rows, "raw pool");
            TinySide service = find(rows, "service");
            md.append("## W")
                    .append(w)
                    .append(": `")
                    .append(TinyJob.WORKLOADS.get(w - 1))
                    .append("`\n\n");
            List<Double> ratios = TinyRounds.serviceRatios(rows, w);
            if (ratios.size() > 1) {
                md.append(String.format(
                        Locale.ROOT,
                        "Service against raw pool: **%.2fx**, the median of %d pairs run one after another (%s).%n%n",
                        TinyRounds.median(ratios),
                        ratios.size(),
                        ratios.stream()
                                .map(r -> String.format(Locale.ROOT, "%.2fx", r))
                                .collect(Collectors.joining(", "))));
            } else if (raw != null && service != null) {
                md.append(String.format(
                        Locale.ROOT,
                        "Service against raw pool: **%.2fx** (%.2f against %.2f ms/job, %+.2f ms/job).%n%n",
                        service.msPerJob() / raw.msPerJob(),
                        service.msPerJob(),
                        raw.msPerJob(),
                        service.msPerJob() - raw.msPerJob()));
            }
            List<Double> againstBaseline = TinyRounds.ratios(rows, w, "service", TinyRounds.BASELINE);
            if (!againstBaseline.isEmpty()) {
                md.append(String.format(
                        Locale.ROOT,
                        "The jar under test against the baseline jar: **%.3fx**, the median of %d rounds (%s); below 1"
                                + " the jar under test is faster.%n%n",
                        TinyRounds.median(againstBaseline),
                        againstBaseline.size(),
                        againstBaseline.stream()
                                .map(r -> String.format(Locale.ROOT, "%.3fx", r))
                                .collect(Collectors.joining(", "))));
            }
            md.append(
                    "| side | ms/job | vs raw | CPU (s) | JIT (ms) | JIT compiles | warm? | Spark jobs/job |"
                            + " tasks/job | server span (s) | client CPU (s) | ms/job per block, warm-up | ms/job per block |\n");
            md.append("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---|\n");
            for (TinySide s : rows) {
                TinySide base = find(rows, TinyRounds.inRound("raw pool", roundOf(s.name())));
                base = base != null ? base : raw;
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %.2f | %s | %.1f | %.0f | %d | %s | %s | %s | %s | %s | %s | %s |%n",
                        s.name(),
                        s.msPerJob(),
                        base == null ? "" : String.format(Locale.ROOT, "%.2fx", s.msPerJob() / base.msPerJob()),
                        s.cpuMs() / 1000.0,
                        s.jitMs(),
                        s.jitCompiles(),
                        s.name().equals(TinyRounds.JVM_PER_JOB) ? "cold by design" : s.warm() ? "yes" : "**not warm**",
                        fixed(s.sparkJobsPerJob(), "%.2f"),
                        fixed(s.tasksPerJob(), "%.1f"),
                        Double.isNaN(s.serverSpanMs())
                                ? ""
                                : String.format(Locale.ROOT, "%.2f", s.serverSpanMs() / 1000),
                        s.clientCpuMs() < 0 ? "" : String.format(Locale.ROOT, "%.1f", s.clientCpuMs() / 1000.0),
                        blocks(s.warmBlocksUs()),
                        blocks(s.blocksUs())));
            }
            md.append('\n');
            inside(md, rows);
        }
        return md.toString();
    }

    /**
     * Where each side's window went: a job's own time, the empty slot between jobs, and the CPU per
     * job of each thread group.
     */
    static void inside(StringBuilder md, List<TinySide> rows) {
        List<TinySide> measured =
                rows.stream().filter(s -> !s.inside().threadsMs().isEmpty()).toList();
        if (measured.isEmpty()) {
            return;
        }
        md.append("Inside the window: a job's mean time from start to end (the raw pool: around its run; the"
                + " service: `startedAt` to `finishedAt`), the mean time a slot stood empty from one job's end"
                + " to the next one's start, and the CPU per job (ms) of each thread group (`/proc/<pid>/task`):"
                + " tasks = Spark's executor tasks; job = the job's thread and the threads Spark plans and"
                + " submits its query stages on; driver = DAG scheduler, RPC, block manager; listener = the"
                + " listener bus; http = Tomcat; service = the service's own timers and pools; jit = the"
                + " compilers; gc = the collector and VM thread.\n\n");
        md.append("| side | job start to end (ms) | empty slot between jobs (ms) |");
        ThreadCpu.GROUPS.forEach(g -> md.append(' ').append(g).append(" |"));
        md.append(" CPU per job (ms) |\n|---|---:|---:|");
        ThreadCpu.GROUPS.forEach(g -> md.append("---:|"));
        md.append("---:|\n");
        for (TinySide s : measured) {
            md.append("| ")
                    .append(s.name())
                    .append(" | ")
                    .append(fixed(s.inside().jobMs(), "%.1f"))
                    .append(" | ")
                    .append(fixed(s.inside().handoffMs(), "%.1f"))
                    .append(" |");
            long total = 0;
            for (String g : ThreadCpu.GROUPS) {
                long ms = s.inside().threadsMs().getOrDefault(g, 0L);
                total += ms;
                md.append(String.format(Locale.ROOT, " %.1f |", ms / (double) s.jobs()));
            }
            md.append(String.format(Locale.ROOT, " %.1f |%n", total / (double) s.jobs()));
        }
        md.append('\n');
    }

    private static String fixed(double v, String format) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
    }

    private static String blocks(List<Long> us) {
        return us.stream()
                .map(u -> String.format(Locale.ROOT, "%.1f", u / 1000.0))
                .collect(Collectors.joining(" "));
    }

    /** The round of a row from its name ({@link ScenarioT#inRound}): 1 without a suffix. */
    static int roundOf(String name) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile(" \\((\\d+)\\)$").matcher(name);
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    private static TinySide find(List<TinySide> rows, String name) {
        return rows.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
