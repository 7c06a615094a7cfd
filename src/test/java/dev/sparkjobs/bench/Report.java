package dev.sparkjobs.bench;

import java.util.List;
import java.util.Locale;

/** The Markdown that {@link Bench} writes. */
final class Report {

    private Report() {}

    static String markdown(
            Bench.Scale scale,
            List<ScenarioA.Row> a,
            List<ScenarioB.RateRow> queueOnly,
            List<ScenarioB.RateRow> queueOnlyShortPauses,
            List<ScenarioB.RateRow> rates,
            Stats submitToStart,
            ScenarioCD.CancelResult cancels,
            ScenarioCD.FloodResult flood,
            long readyMs,
            String machine) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results (").append(scale.name()).append(")\n\n");
        md.append("Machine and versions: ").append(machine).append(".\n");
        md.append("Written by `./mvnw -B -Pbench package -Dbench.scale=")
                .append(scale.name())
                .append("`; ");
        md.append("all variants ran one after another in one run on the same machine.\n\n");

        md.append("## Scenario A: the seed experiment\n\n");
        md.append(
                "A job generates 1,000,000 rows with four derived columns, writes them as a new Delta table and counts it.\n\n");
        md.append("| J | variant | wall (s) | CPU (s) | peak RSS (MiB) | note |\n|---:|---|---:|---:|---:|---|\n");
        for (ScenarioA.Row r : a) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %.1f | %.1f | %.0f | %s |%n",
                    r.jobs(),
                    r.variant(),
                    r.wallMs() / 1000.0,
                    r.cpuMs() / 1000.0,
                    r.peakRssKb() / 1024.0,
                    r.note()));
        }
        md.append("\n![Scenario A](scenario-a.png)\n\n");
        for (int jobs : a.stream().mapToInt(ScenarioA.Row::jobs).distinct().toArray()) {
            ScenarioA.Row coldSeq = find(a, jobs, "a: JVM + SparkSession per job, sequential");
            ScenarioA.Row pool = a.stream()
                    .filter(r -> r.jobs() == jobs && r.variant().startsWith("c:"))
                    .findFirst()
                    .orElse(null);
            ScenarioA.Row best = a.stream()
                    .filter(r -> r.jobs() == jobs && r.variant().startsWith("d:"))
                    .min(java.util.Comparator.comparingLong(ScenarioA.Row::wallMs))
                    .orElse(null);
            if (coldSeq != null && pool != null && best != null) {
                md.append(String.format(
                        Locale.ROOT,
                        "J = %d: best service variant (%s) d/a = **%.3f**, d/c = **%.3f**.%n%n",
                        jobs,
                        best.variant().substring(3),
                        best.wallMs() / (double) coldSeq.wallMs(),
                        best.wallMs() / (double) pool.wallMs()));
            }
        }

        if (submitToStart != null) {
            md.append("## Scenario B: API overhead\n\n");
            md.append("Open-loop `POST /api/v1/jobs` of `SELECT 1` jobs at fixed offered rates, ")
                    .append(scale.rateSeconds())
                    .append(
                            " s each, after 2,000 warm-up requests; durable H2 store on, max-running 2. Latency is measured"
                                    + " from when a request was due. The service runs with the JVM's default flags"
                                    + " (besides `-Xmx4g`) unless a table says otherwise.\n\n");
            md.append(
                    "Queue only: both running slots are held by jobs whose one Spark task sleeps, so each submit validates,"
                            + " stores and queues a job while no job uses the CPU: the API and store path alone.\n\n");
            rateTable(md, queueOnly);
            if (!queueOnlyShortPauses.isEmpty()) {
                md.append("\nQueue only, with `-XX:MaxGCPauseMillis=20` (G1's default is 200 ms), for comparison in the"
                        + " same run:\n\n");
                rateTable(md, queueOnlyShortPauses);
            }
            md.append(
                    "\nJobs running meanwhile: the submitted jobs execute on the same 2 cores while submits arrive.\n\n");
            rateTable(md, rates);
            md.append(String.format(
                    Locale.ROOT,
                    "%nSubmit to start with a free slot (startedAt − submittedAt, %d sequential jobs): p50 %.1f ms, p99 %.1f ms.%n%n",
                    submitToStart.count(),
                    submitToStart.p50(),
                    submitToStart.p99()));
        }
        if (cancels != null) {
            md.append("## Scenario C: cancel latency\n\n");
            md.append(String.format(
                    Locale.ROOT,
                    "%d running long queries cancelled one at a time. ",
                    cancels.clientMs().count()));
            md.append(String.format(
                    Locale.ROOT,
                    "Cancel call to CANCELLED seen by the caller: p50 %.0f ms, p99 %.0f ms. ",
                    cancels.clientMs().p50(),
                    cancels.clientMs().p99()));
            md.append(String.format(
                    Locale.ROOT,
                    "Server side (cancelRequestedAt to finishedAt, stamped after the thread returned and the driver reported no active Spark job of the group): p50 %.0f ms, p99 %.0f ms.%n%n",
                    cancels.serverMs().p50(),
                    cancels.serverMs().p99()));
            md.append(cancels.details());
        }
        if (flood != null) {
            md.append("## Scenario D: admission under flood\n\n");
            md.append(String.format(
                    Locale.ROOT,
                    "%d submits from 32 client threads with max-queued %d and max-running 2: %d accepted (202), %d refused (429), %d other; "
                            + "%d of the accepted finished SUCCEEDED; burst plus drain %.1f s; heap high-water %.0f MiB (sampled every 100 ms).%n%n",
                    flood.submitted(),
                    scale.maxQueued(),
                    flood.accepted(),
                    flood.rejected(),
                    flood.otherStatus(),
                    flood.finished(),
                    flood.drainMs() / 1000.0,
                    flood.heapHighWaterBytes() / 1024.0 / 1024.0));
            md.append(String.format(
                    Locale.ROOT,
                    "Heap per queued job (after full GC, %d queued behind 2 blocked slots): %.0f bytes, so %d queued jobs ≈ %.1f MiB.%n%n",
                    flood.queuedForHeap(),
                    flood.heapPerQueuedJobBytes(),
                    flood.queuedForHeap(),
                    flood.heapPerQueuedJobBytes() * flood.queuedForHeap() / 1024 / 1024));
        }
        md.append(String.format(
                Locale.ROOT, "## Start-up%n%nFrom `java -jar` to readiness UP: %.1f s.%n", readyMs / 1000.0));
        return md.toString();
    }

    private static void rateTable(StringBuilder md, List<ScenarioB.RateRow> rows) {
        md.append(
                "| offered (req/s) | sent | 202 | other | achieved (req/s) | p50 (ms) | p99 (ms) | p99.9 (ms) | max (ms) |\n"
                        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ScenarioB.RateRow r : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f |%n",
                    r.offeredPerSecond(),
                    r.sent(),
                    r.accepted(),
                    r.other(),
                    r.achievedPerSecond(),
                    r.latencyMs().p50(),
                    r.latencyMs().p99(),
                    r.latencyMs().p999(),
                    r.latencyMs().max()));
        }
    }

    private static ScenarioA.Row find(List<ScenarioA.Row> rows, int jobs, String variant) {
        return rows.stream()
                .filter(r -> r.jobs() == jobs && r.variant().equals(variant))
                .findFirst()
                .orElse(null);
    }
}
