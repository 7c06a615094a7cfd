package dev.sparkjobs.jobtypes.ingest;

import dev.sparkjobs.job.TableWrite;

/** How an ingest changes its target; the constants are the JSON values. */
@SuppressWarnings("java:S115")
public enum WriteMode {
    /** Adds the rows. */
    append(TableWrite.Kind.APPEND),
    /** Replaces the table, or with {@code replaceWhere} the rows matching it. */
    overwrite(TableWrite.Kind.OVERWRITE),
    /** Updates rows whose {@code mergeKeys} match, inserts the others. */
    merge(TableWrite.Kind.MERGE);

    private final TableWrite.Kind kind;

    WriteMode(TableWrite.Kind kind) {
        this.kind = kind;
    }

    TableWrite.Kind kind() {
        return kind;
    }
}
