package dev.sparkjobs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * What the README's benchmark section leads with, drawn from a scale's {@link Figures}: one picture of
 * the time per job of a JVM per job, a raw thread pool on one warm session and the service, for seed
 * jobs and tiny jobs ({@code summary.png}), and the table of targets ({@code targets.md}). Each bar is
 * a ratio to the raw pool of the same run, so figures of runs on other days never meet in one ratio.
 */
final class Summary {

    /** One target: the figure's key, what it is, the bound and whether lower is better. */
    record Target(String key, String what, double bound, String unit) {

        boolean met(double value) {
            return value <= bound;
        }
    }

    static final List<Target> TARGETS = List.of(
            new Target("t.w1.service_vs_raw", "Tiny jobs, W1 (`count(*)`): service / raw pool", 1.05, "x"),
            new Target("t.w2.service_vs_raw", "Tiny jobs, W2 (`GROUP BY`): service / raw pool", 1.05, "x"),
            new Target("b.queue_only_p99_ms_1000", "Submit p99 at 1,000 req/s, API path", 10, "ms"),
            new Target("b.bytes_per_submit", "Allocation per submit (well under ~50 KB)", 25_000, "B"),
            new Target("c.cancel_p99_ms", "Cancel → Spark work stopped, p99 (server)", 300, "ms"),
            new Target("q.heap_mb_100k", "Heap for 100,000 queued jobs", 100, "MB"),
            new Target("q.restart_ready_s_100k", "Restart with 100,000 queued: ready and recovered", 30, "s"),
            new Target("s.h2.list_p99_ms", "1,000,000 finished jobs, H2: list pages p99", 50, "ms"),
            new Target("s.h2.status_p99_ms", "1,000,000 finished jobs, H2: status reads p99", 50, "ms"),
            new Target("s.pg.list_p99_ms", "1,000,000 finished jobs, PostgreSQL: list pages p99", 50, "ms"),
            new Target("s.pg.status_p99_ms", "1,000,000 finished jobs, PostgreSQL: status reads p99", 50, "ms"));

    /** The picture's groups: a label and the key prefix of its {@code jvm_vs_raw} and {@code service_vs_raw}. */
    static final List<List<String>> GROUPS = List.of(
            List.of("seed jobs (1M rows to Delta)", "a"),
            List.of("tiny: count(*) of 100k", "t.w1"),
            List.of("tiny: GROUP BY of 200k", "t.w2"));

    private Summary() {}

    /**
     * Redraws one scale's {@code summary.png} and {@code targets.md} from its {@code
     * figures.properties}, without running a scenario (e.g. after a figure was carried over by hand
     * from another scale's run): {@code <dir> <scale>}.
     */
    public static void main(String[] args) throws Exception {
        write(Path.of(args[0]), args[1]);
    }

    /** Writes {@code summary.png} (when any group has its figures) and {@code targets.md} into {@code out}. */
    static void write(Path out, String scale) throws Exception {
        Map<String, String> figures = Figures.read(out);
        Files.createDirectories(out);
        Files.writeString(out.resolve("targets.md"), targets(figures, scale));
        CategoryChart chart = chart(figures, scale);
        if (chart != null) {
            BitmapEncoder.saveBitmap(chart, out.resolve("summary").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }

    static String targets(Map<String, String> figures, String scale) {
        StringBuilder md = new StringBuilder();
        md.append("# Targets (").append(scale).append(")\n\n");
        md.append("Written by every `-Pbench` run from `figures.properties`: each figure comes from the run dated"
                + " beside it.\n\n");
        md.append("| target | bound | measured | run | met? |\n|---|---:|---:|---|---|\n");
        for (Target t : TARGETS) {
            Double v = Figures.get(figures, t.key());
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | ≤ %s %s | %s | %s | %s |%n",
                    t.what(),
                    number(t.bound()),
                    t.unit(),
                    v == null ? "not measured" : number(v) + " " + t.unit(),
                    v == null ? "" : figures.getOrDefault(t.key() + ".date", ""),
                    v == null ? "" : t.met(v) ? "yes" : "**no**"));
        }
        return md.toString();
    }

    /** Null when no group has all three bars. */
    static CategoryChart chart(Map<String, String> figures, String scale) {
        List<String> groups = new ArrayList<>();
        List<Double> jvm = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> service = new ArrayList<>();
        for (List<String> g : GROUPS) {
            Double j = Figures.get(figures, g.get(1) + ".jvm_vs_raw");
            Double s = Figures.get(figures, g.get(1) + ".service_vs_raw");
            if (j != null && s != null) {
                groups.add(g.get(0));
                jvm.add(j);
                raw.add(1.0);
                service.add(s);
            }
        }
        if (groups.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(900)
                .height(500)
                .title("Time per job against a raw thread pool on one warm session (" + scale + ", lower is better)")
                .yAxisTitle("x raw pool (log scale)")
                .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.5);
        // up to the next power of ten, so the log axis shows its decades (1x, 10x, 100x)
        double top = Math.max(
                service.stream().mapToDouble(Double::doubleValue).max().orElse(1),
                jvm.stream().mapToDouble(Double::doubleValue).max().orElse(1));
        chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(top * 1.2))));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("0.00");
        chart.addSeries("a JVM + SparkSession per job", groups, jvm);
        chart.addSeries("raw ThreadPoolExecutor, one warm session", groups, raw);
        chart.addSeries("the service (HTTP, queue, store)", groups, service);
        return chart;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.format(Locale.ROOT, "%,d", (long) v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
