package dev.sparkjobs.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of a list of millisecond samples. */
record Stats(int count, double p50, double p99, double p999, double max) {

    static Stats of(List<Double> samples) {
        double[] s = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Stats(s.length, pct(s, 50), pct(s, 99), pct(s, 99.9), s.length == 0 ? Double.NaN : s[s.length - 1]);
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    @Override
    public String toString() {
        return Arrays.toString(new double[] {p50, p99, p999});
    }
}
