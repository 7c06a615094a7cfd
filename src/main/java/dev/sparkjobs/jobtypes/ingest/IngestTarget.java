package dev.sparkjobs.jobtypes.ingest;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sparkjobs.jobtypes.ExactlyOneOf;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The Delta table an ingest writes: by name in the catalog, or by path. */
@ExactlyOneOf({"table", "path"})
public record IngestTarget(
        @JsonPropertyDescription("A table name, e.g. sales.trips; created (with its schema) if missing. Give"
                        + " table or path.")
                @Pattern(regexp = IngestTarget.TABLE, message = IngestTarget.NOT_A_TABLE)
                @Size(max = 1024)
                String table,
        @JsonPropertyDescription("A directory for a Delta table without a catalog entry; it must lie in the"
                        + " caller's allowed directories. Give table or path.")
                @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank")
                @Size(max = 4096)
                String path) {

    /** A name part: plain, or in backquotes without what would make it a path ({@code / \\ :}). */
    private static final String PART = "(?:[A-Za-z0-9_]+|`[^`/\\\\:]+`)";

    /**
     * [spark_catalog.][schema.]table: never {@code delta.`/p`} or {@code parquet.`/p`}, which Delta's
     * catalog would take as a path outside every policy; a path target is {@code path}. No inline
     * flags such as {@code (?i)}: the pattern is also the JSON Schema's, which ECMAScript tools read.
     */
    static final String TABLE =
            "\\s*(?:[Ss][Pp][Aa][Rr][Kk]_[Cc][Aa][Tt][Aa][Ll][Oo][Gg]\\.)?(?:" + PART + "\\.)?" + PART + "\\s*";

    static final String NOT_A_TABLE = "must be a table name, schema.table or spark_catalog.schema.table"
            + " (a part in backquotes may not hold / \\\\ or :); a directory is given as target.path";

    /** The target as results and {@code TableWrite}s name it: the table, or {@code delta.`<path>`}. */
    String describe() {
        return table != null ? table.strip() : "delta.`" + path.strip().replace("`", "``") + "`";
    }
}
