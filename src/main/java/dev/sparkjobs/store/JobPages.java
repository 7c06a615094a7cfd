package dev.sparkjobs.store;

import dev.sparkjobs.job.JobQuery;
import dev.sparkjobs.job.JobState;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements that read jobs a page at a time: a page of {@code GET /api/v1/jobs} and a page of the
 * queue. Each pins an index and reads it in order, so a page costs its own rows however many jobs
 * match ({@code H2JobStoreIT}, {@code PostgresJobStoreIT}).
 */
final class JobPages {

    private JobPages() {}

    /**
     * A list page: one more row than the page holds, newest first, the extra one saying whether a next
     * page exists. A page asked for one state (or none) reads one index in order; a page of several states is a
     * union of one such read per state, each stopping at the page's size, merged by position: one
     * statement, so one snapshot, and a page costs its own rows however many jobs match the filter.
     */
    static ListStatement list(String columns, JobQuery q) {
        if (q.states().size() <= 1) {
            return list(columns, q, q.states().stream().findFirst().orElse(null));
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM (");
        List<Object> args = new ArrayList<>();
        String union = "";
        for (JobState state : q.states().stream().sorted().toList()) {
            ListStatement part = list(columns, q, state);
            sql.append(union).append('(').append(part.sql()).append(')');
            args.addAll(part.args());
            union = " UNION ALL ";
        }
        sql.append(") page ORDER BY seq DESC FETCH FIRST ")
                .append(q.limit() + 1)
                .append(" ROWS ONLY");
        return new ListStatement(sql.toString(), args);
    }

    private static ListStatement list(String columns, JobQuery q, JobState state) {
        StringBuilder sql = new StringBuilder("SELECT " + columns + " FROM job WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (state != null) {
            // a literal, not a parameter: PostgreSQL's generic plan for a prepared "state = ?" cannot tell a
            // rare state from a common one, and pages backwards through every job to find a few QUEUED
            // ones; the name is the enum's, never the caller's text
            sql.append(" AND state = '").append(state.name()).append('\'');
        }
        if (q.tenant() != null) {
            sql.append(" AND tenant = ?");
            args.add(q.tenant());
        }
        if (q.type() != null) {
            sql.append(" AND type = ?");
            args.add(q.type());
        }
        if (q.pool() != null) {
            sql.append(" AND pool = ?");
            args.add(q.pool());
        }
        q.tags().forEach((k, v) -> {
            sql.append(
                    " AND EXISTS (SELECT 1 FROM job_tag t WHERE t.job_id = job.id AND t.tag_key = ? AND t.tag_value = ?)");
            args.add(k);
            args.add(v);
        });
        if (q.beforeSeq() != null) {
            sql.append(" AND seq < ?");
            args.add(q.beforeSeq());
        }
        sql.append(" ORDER BY ")
                .append(newestFirst(q.tenant() != null, state != null, q.type() != null))
                .append(" FETCH FIRST ")
                .append(q.limit() + 1)
                .append(" ROWS ONLY");
        return new ListStatement(sql.toString(), args);
    }

    /**
     * Newest first, in the terms of the index the filter pins: H2 reads an index in order only when
     * the ORDER BY names its leading columns, equality-bound ones too, and otherwise reads every
     * matching row and sorts; PostgreSQL needs no such help and drops the pinned columns itself.
     */
    private static String newestFirst(boolean tenant, boolean state, boolean type) {
        if (tenant) {
            return state ? "tenant DESC, state DESC, seq DESC" : "tenant DESC, seq DESC";
        }
        if (state) {
            return "state DESC, seq DESC";
        }
        return type ? "type DESC, seq DESC" : "seq DESC";
    }

    /** The statement of {@code JobStore.findQueued}: a state's jobs after a position, in submission order. */
    static String queued(int limit) {
        return "SELECT seq, id, tenant, pool, priority, submitted_at, not_before, weight, writes FROM job"
                + " WHERE state = ? AND seq > ?"
                // "state, seq", not "seq": H2 then reads (state, seq) in order and stops at the page;
                // with "seq" it reads and sorts every queued job for each page
                + " ORDER BY state, seq FETCH FIRST " + limit + " ROWS ONLY";
    }
}
