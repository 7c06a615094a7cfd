package dev.sparkjobs.guardrails;

import dev.sparkjobs.job.TableWrite;
import java.util.List;

/** What SQL statements write, read off their parsed plans, so that conflicting jobs do not run together. */
public interface SqlWrites {

    /**
     * The tables the statements write and how, in order, each once: INSERT INTO (APPEND), INSERT
     * OVERWRITE and INSERT ... REPLACE WHERE (OVERWRITE), also beneath a WITH clause; MERGE, UPDATE,
     * DELETE, CREATE/REPLACE TABLE AS SELECT (OVERWRITE), Delta's OPTIMIZE (with ZORDER BY) and REORG
     * (OPTIMIZE), VACUUM, ANALYZE. One-part names are read in the database a preceding {@code USE} or
     * {@code USE NAMESPACE} chose ({@code default} without one). A statement that does not parse, or
     * names its table through a parameter, adds nothing.
     */
    List<Statement> writes(List<String> statements);

    /** One statement's writes; empty for a statement that writes no table it can tell. */
    record Statement(List<TableWrite> writes) {
        public Statement {
            writes = List.copyOf(writes);
        }
    }
}
