package dev.sparkjobs.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of one process by what its threads do, read from {@code /proc/<pid>/task/<tid>/stat}
 * (user + system, kernel thread names of at most 15 characters). Two snapshots give the CPU of a
 * window per {@link #GROUPS group}: where a side's extra milliseconds per job went, GC and JIT
 * threads included, which a sampling profiler does not show.
 */
final class ThreadCpu {

    private ThreadCpu() {}

    /** The groups, in report order; every thread falls in one ({@link #OTHER} when no prefix matches). */
    static final List<String> GROUPS =
            List.of("tasks", "job", "driver", "listener", "http", "service", "jit", "gc", "other");

    static final String OTHER = "other";

    /** Thread name prefixes per group (Spark's, Tomcat's, HotSpot's, the service's and the raw pool's). */
    private static final Map<String, List<String>> PREFIXES = prefixes();

    private static Map<String, List<String>> prefixes() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("tasks", List.of("Executor task")); // the tasks of the job's stages
        // the job's own thread and the threads Spark plans and submits its query stages on
        p.put("job", List.of("job-", "tiny-job", "ResultQueryStag", "shuffle-exchang", "QueryStageCreat", "subquery"));
        p.put(
                "driver",
                List.of(
                        "dag-scheduler",
                        "dispatcher-",
                        "task-result-get",
                        "block-manager",
                        "netty-",
                        "rpc-",
                        "element-trackin",
                        "Spark Context C",
                        "executor-heartb",
                        "RemoteBlock",
                        "shuffle-"));
        p.put("listener", List.of("spark-listener"));
        p.put("http", List.of("http-nio-", "Catalina-"));
        p.put(
                "service",
                List.of(
                        "job-wait",
                        "job-events",
                        "job-logs",
                        "job-timer",
                        "housekeeping",
                        "callback-",
                        "batches-",
                        "driver-health",
                        "lease-",
                        "HikariPool"));
        p.put("jit", List.of("C1 CompilerThre", "C2 CompilerThre", "Sweeper thread"));
        p.put("gc", List.of("GC Thread", "G1 ", "VM Thread"));
        return p;
    }

    /** The group of a thread name; the longest matching prefix wins ({@code job-wait} is not a job thread). */
    static String group(String threadName) {
        String best = OTHER;
        int length = 0;
        for (Map.Entry<String, List<String>> e : PREFIXES.entrySet()) {
            for (String prefix : e.getValue()) {
                if (threadName.startsWith(prefix) && prefix.length() > length) {
                    best = e.getKey();
                    length = prefix.length();
                }
            }
        }
        return best;
    }

    /** One thread's name and CPU clock ticks. */
    record Thread(String name, long ticks) {}

    /** The threads of {@code pid} by thread id; empty where there is no {@code /proc}. */
    static Map<Long, Thread> snapshot(long pid) {
        Map<Long, Thread> threads = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return threads;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
            for (Path dir : dirs) {
                try {
                    threads.put(
                            Long.parseLong(dir.getFileName().toString()), parse(Files.readString(dir.resolve("stat"))));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return threads;
        }
        return threads;
    }

    /** A {@code stat} line: {@code tid (name) state ...}, utime and stime the 14th and 15th fields. */
    static Thread parse(String stat) {
        int close = stat.lastIndexOf(')');
        String name = stat.substring(stat.indexOf('(') + 1, close);
        String[] f = stat.substring(close + 2).trim().split(" ");
        return new Thread(name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
    }

    /**
     * Milliseconds of CPU per group between two snapshots, every group present; a thread born in
     * between counts from zero, one that ended in between is lost (its ticks are not in {@code after}).
     */
    static Map<String, Long> millisByGroup(Map<Long, Thread> before, Map<Long, Thread> after) {
        Map<String, Long> ms = new LinkedHashMap<>();
        GROUPS.forEach(g -> ms.put(g, 0L));
        after.forEach((tid, t) -> {
            Thread then = before.get(tid);
            // a thread id reused by a new thread of another name counts from zero
            long ticks = then != null && then.name().equals(t.name()) ? t.ticks() - then.ticks() : t.ticks();
            ms.merge(group(t.name()), ticks * 1000 / Proc.CLOCK_TICKS_PER_SECOND, Long::sum);
        });
        return ms;
    }
}
