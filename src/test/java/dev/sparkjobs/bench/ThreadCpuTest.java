package dev.sparkjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void threadsFallInTheGroupOfTheirLongestPrefix() {
        assertThat(ThreadCpu.group("Executor task l")).isEqualTo("tasks");
        assertThat(ThreadCpu.group("job-2")).isEqualTo("job");
        assertThat(ThreadCpu.group("tiny-job")).isEqualTo("job");
        assertThat(ThreadCpu.group("ResultQueryStag")).isEqualTo("job");
        assertThat(ThreadCpu.group("shuffle-exchang")).isEqualTo("job");
        assertThat(ThreadCpu.group("job-wait-1")).isEqualTo("service");
        assertThat(ThreadCpu.group("dag-scheduler-e")).isEqualTo("driver");
        assertThat(ThreadCpu.group("spark-listener-")).isEqualTo("listener");
        assertThat(ThreadCpu.group("http-nio-127.0.")).isEqualTo("http");
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("jit");
        assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("gc");
        assertThat(ThreadCpu.group("G1 Conc#0")).isEqualTo("gc");
        assertThat(ThreadCpu.group("main")).isEqualTo("other");
    }

    @Test
    void aStatLineGivesTheNameAndUserPlusSystemTicks() {
        // a name with a space and a parenthesis; utime 14th field (250), stime 15th (40)
        String stat = "4242 (C2 Compi(ler) S 1 4200 4200 0 -1 4194368 10 0 0 0 250 40 0 0 20 0 1 0 100 0 0";
        assertThat(ThreadCpu.parse(stat)).isEqualTo(new ThreadCpu.Thread("C2 Compi(ler", 290));
    }

    @Test
    void aWindowCountsEachThreadsTicksSinceTheFirstSnapshotAndNewThreadsFromZero() {
        Map<Long, ThreadCpu.Thread> before = Map.of(
                1L, new ThreadCpu.Thread("Executor task l", 100),
                2L, new ThreadCpu.Thread("GC Thread#0", 10),
                3L, new ThreadCpu.Thread("old", 70));
        Map<Long, ThreadCpu.Thread> after = Map.of(
                1L, new ThreadCpu.Thread("Executor task l", 350),
                2L, new ThreadCpu.Thread("GC Thread#0", 12),
                3L, new ThreadCpu.Thread("http-nio-1", 5), // the id reused by a new thread
                4L, new ThreadCpu.Thread("Executor task l", 50));
        Map<String, Long> ms = ThreadCpu.millisByGroup(before, after);
        assertThat(ms).containsEntry("tasks", 3_000L).containsEntry("gc", 20L).containsEntry("http", 50L);
        assertThat(ms.keySet()).containsExactlyElementsOf(ThreadCpu.GROUPS);
        assertThat(ms.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3_070L);
    }

    @Test
    void thisProcessHasThreadsWithCpu() {
        long pid = ProcessHandle.current().pid();
        Map<Long, ThreadCpu.Thread> now = ThreadCpu.snapshot(pid);
        if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc", Long.toString(pid), "task"))) {
            assertThat(now).isEmpty();
            return;
        }
        assertThat(now).isNotEmpty();
        assertThat(now.values()).anyMatch(t -> t.ticks() > 0);
    }
}
