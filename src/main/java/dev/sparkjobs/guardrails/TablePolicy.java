package dev.sparkjobs.guardrails;

import dev.sparkjobs.security.Caller;

/**
 * Which tables a caller's jobs may name outside SQL (an ingest's target, a maintenance list): the same
 * per-tenant schema allow-list the SQL guardrails apply ({@code jobservice.security.sql.tenants.<t>.schemas}),
 * and the same refusal of paths named as tables ({@code delta.`/p`}, rule file-relation).
 */
public interface TablePolicy {

    /**
     * @param table a table name as SQL would write it ({@code s.t}, {@code spark_catalog.s.t}, {@code t})
     * @throws SqlRefusedException with rule {@link SqlRule#PARSE_ERROR} for a name that does not parse,
     *     {@link SqlRule#SCHEMA} for a table outside the caller's schemas, {@link SqlRule#FILE_RELATION}
     *     for a path given as a name ({@code delta.`/p`}) where SQL would refuse it
     */
    void checkTable(String table, Caller caller);
}
