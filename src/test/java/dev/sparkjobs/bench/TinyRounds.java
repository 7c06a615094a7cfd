package dev.sparkjobs.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario T's rows compared: the pairs of a raw pool and a service run one after another (rounds),
 * a baseline jar's rows against the jar under test's, and the figures they give.
 */
final class TinyRounds {

    private TinyRounds() {}

    /** The name of the side that starts a JVM and a SparkSession for each job, as a spark-submit per job does. */
    static final String JVM_PER_JOB = "JVM + SparkSession per job";

    /** Per workload: a JVM per job and the service, each against the raw pool of the same run. */
    static Map<String, Double> figures(List<TinySide> sides) {
        Map<String, Double> f = new HashMap<>();
        for (int w = 1; w <= TinyJob.WORKLOADS.size(); w++) {
            TinySide raw = find(sides, w, "raw pool");
            if (raw == null) {
                continue;
            }
            TinySide jvm = find(sides, w, JVM_PER_JOB);
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
    static List<Double> serviceRatios(List<TinySide> sides, int workload) {
        return ratios(sides, workload, "service", "raw pool");
    }

    /** Row {@code of} against row {@code against} of each round of one workload, in round order. */
    static List<Double> ratios(List<TinySide> sides, int workload, String of, String against) {
        List<Double> ratios = new ArrayList<>();
        for (int r = 1; ; r++) {
            TinySide base = find(sides, workload, inRound(against, r));
            TinySide side = find(sides, workload, inRound(of, r));
            if (base == null && side == null) {
                return ratios;
            }
            if (base != null && side != null) {
                ratios.add(side.msPerJob() / base.msPerJob());
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static TinySide find(List<TinySide> sides, int workload, String name) {
        return sides.stream()
                .filter(s -> s.workload() == workload && s.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** The rows of {@code -Dbench.baseline}'s jar. */
    static final String BASELINE = "baseline";
}
