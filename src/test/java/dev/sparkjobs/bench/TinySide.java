package dev.sparkjobs.bench;

import java.util.List;
import java.util.Map;

/**
 * One measured side of scenario T for one workload: its window, its JIT, its blocks of jobs and
 * {@link Inside where its window went}.
 */
record TinySide(
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

    /** JIT time above this share of the measured window marks a side not warm. */
    static final double JIT_SHARE_LIMIT = 0.02;

    /** A first measured block this much slower than the last ones marks a side still warming. */
    static final double TREND_LIMIT = 1.10;

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
}
