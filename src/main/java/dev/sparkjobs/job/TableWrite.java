package dev.sparkjobs.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A table a job writes, and how. Two jobs whose writes conflict on one table do not run at the same
 * time: Delta would fail one of them at commit (e.g. {@code ConcurrentAppendException} for a MERGE that
 * overlaps an OPTIMIZE or another MERGE), and a blind retry repeats all its work.
 *
 * @param table the table as named in the catalog ({@code db.name}, lower case) or a path ({@code delta.`/p`})
 */
public record TableWrite(String table, Kind kind) {

    /** How a job changes a table. */
    public enum Kind {
        /** Adds files only (INSERT INTO, an append). */
        APPEND(false),
        /** Replaces all or part of the table (INSERT OVERWRITE, replaceWhere, CREATE OR REPLACE). */
        OVERWRITE(true),
        /** Reads and rewrites files by a condition. */
        MERGE(true),
        UPDATE(true),
        DELETE(true),
        /** Rewrites files into fewer, larger ones (OPTIMIZE, ZORDER BY). */
        OPTIMIZE(true),
        /** Deletes files no version refers to any more. */
        VACUUM(true),
        /** Computes statistics; changes no data file. */
        ANALYZE(false);

        private final boolean rewrites;

        Kind(boolean rewrites) {
            this.rewrites = rewrites;
        }

        /** Whether the operation removes or rewrites existing files (rather than only adding). */
        public boolean rewrites() {
            return rewrites;
        }

        /** Table maintenance, as opposed to a change of the data. */
        public boolean isMaintenance() {
            return this == OPTIMIZE || this == VACUUM || this == ANALYZE;
        }
    }

    public TableWrite {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(kind, "kind");
        table = canonical(table);
    }

    /**
     * Whether this write and {@code other} must not run at the same time: the same table, and both
     * remove or rewrite existing files. Such a pair is what Delta's optimistic commit fails (the later
     * commit finds files it read or removed changed under it); a write that only adds files (APPEND)
     * or changes none (ANALYZE) commits beside anything under Delta's default WriteSerializable
     * isolation, so it never waits.
     */
    public boolean conflictsWith(TableWrite other) {
        return table.equals(other.table) && kind.rewrites() && other.kind.rewrites();
    }

    /**
     * One name per table of the session catalog, however a job wrote it: {@code `Sales`.`Trips`},
     * {@code spark_catalog.sales.trips} and {@code sales.trips} are {@code sales.trips}; an unqualified
     * name is in {@code default} (jobs may not change the current schema). A path table
     * ({@code delta.`/p`}) keeps its path.
     */
    static String canonical(String name) {
        String n = name.strip();
        if (n.regionMatches(true, 0, "delta.`", 0, 7)) {
            return "delta." + n.substring(6);
        }
        List<String> parts = new ArrayList<>();
        for (String part : n.split("\\.")) {
            parts.add(part.replace("`", "").strip().toLowerCase(Locale.ROOT));
        }
        if (parts.size() == 3 && parts.get(0).equals("spark_catalog")) {
            parts.remove(0);
        }
        if (parts.size() == 1) {
            parts.add(0, "default");
        }
        return String.join(".", parts);
    }

    @Override
    public String toString() {
        return table + " (" + kind + ")";
    }
}
