package dev.sparkjobs.bench;

import java.util.Locale;

/** The Markdown of scenario E, {@code docs/benchmarks/<scale>/scenario-e.md}. */
final class ConflictReport {

    private ConflictReport() {}

    static String markdown(String scale, ScenarioE.Result r, String machine) {
        StringBuilder md = new StringBuilder();
        md.append("# Scenario E: Delta conflicts (").append(scale).append(")\n\n");
        md.append("Machine and versions: ").append(machine).append(".\n");
        md.append("Written by `./mvnw -B -Pbench package -Dbench.scale=")
                .append(scale)
                .append(" -Dbench.only=E`; both sides ran one after another in one run on the same machine.\n\n");
        md.append(String.format(
                Locale.ROOT,
                "%d Delta tables, each seeded with %,d rows in %d files; then %d MERGE jobs (each upserts %d existing"
                        + " and %d new keys into one table, keys no other MERGE touches) and %d OPTIMIZE jobs, interleaved"
                        + " in one order fixed by seed %d, at a concurrency of %d. Each job is one statement.%n%n",
                ConflictWorkload.TABLES,
                ConflictWorkload.SEED_ROWS,
                ConflictWorkload.SEED_FILES,
                ConflictWorkload.MERGES,
                ConflictWorkload.BATCH,
                ConflictWorkload.BATCH,
                ConflictWorkload.OPTIMIZES,
                ConflictWorkload.ORDER_SEED,
                r.concurrency()));
        md.append("| | wall (s) | CPU (s) | succeeded | failed by a Delta conflict | failed otherwise |"
                + " conflict retries | MERGEs lost | tables as expected | note |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (ScenarioE.Side s : new ScenarioE.Side[] {r.service(), r.raw()}) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f | %d | %d | %d | %d | %d | %s | %s |%n",
                    s.name(),
                    s.wallMs() / 1000.0,
                    s.cpuMs() / 1000.0,
                    s.succeeded(),
                    s.failedByConflict(),
                    s.failedOtherwise(),
                    s.conflictRetries(),
                    s.upsertsLost(),
                    s.consistent() ? "yes" : "**no**",
                    s.note()));
        }
        md.append(String.format(
                Locale.ROOT,
                "%nWall time, service against raw pool: **%.2f**.%n%n",
                r.service().wallMs() / (double) r.raw().wallMs()));
        md.append("Conflicts by Delta exception: service ")
                .append(
                        r.service().conflictTypes().isEmpty()
                                ? "none"
                                : r.service().conflictTypes())
                .append("; raw pool ")
                .append(r.raw().conflictTypes().isEmpty() ? "none" : r.raw().conflictTypes())
                .append(".\n\n");
        md.append("Final rows per table (all MERGEs applied: ")
                .append(ConflictWorkload.expectedRows(ConflictWorkload.mergesInto(0)))
                .append(" rows, ")
                .append(ConflictWorkload.expectedTouched(ConflictWorkload.mergesInto(0)))
                .append(
                        " upserted):\n\n| | table | rows | upserted rows | MERGEs applied |\n|---|---:|---:|---:|---:|\n");
        for (ScenarioE.Side s : new ScenarioE.Side[] {r.service(), r.raw()}) {
            for (int t = 0; t < s.rows().length; t++) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %d | %d | %d of %d |%n",
                        s.name(),
                        t,
                        s.rows()[t],
                        s.touched()[t],
                        s.mergesApplied()[t],
                        ConflictWorkload.mergesInto(t)));
            }
        }
        md.append("\n\"Tables as expected\": each table holds exactly the rows the MERGEs that succeeded should have"
                + " produced. A job the raw pool lost to a conflict is simply gone: its upserts are missing unless"
                + " someone notices and reruns it.\n");
        return md.toString();
    }
}
