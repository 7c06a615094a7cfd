package dev.sparkjobs.store;

import dev.sparkjobs.batch.BatchQuery;
import java.util.ArrayList;
import java.util.List;

/** The statement that reads a page of {@code GET /api/v1/batches}, pinning an index it reads in order ({@code H2BatchStoreIT}). */
final class BatchPages {

    private BatchPages() {}

    /** One more row than the page holds, newest first: the extra one says whether a next page exists. */
    static ListStatement list(BatchQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + BatchRows.COLUMNS + " FROM batch WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.tenant() != null) {
            sql.append(" AND tenant = ?");
            args.add(q.tenant());
        }
        if (q.state() != null) {
            sql.append(" AND state = ?");
            args.add(q.state().name());
        }
        if (q.name() != null) {
            sql.append(" AND name = ?");
            args.add(q.name());
        }
        if (q.beforeSeq() != null) {
            sql.append(" AND seq < ?");
            args.add(q.beforeSeq());
        }
        // newest first in the terms of the index the filter pins: H2 reads an index in order only when the
        // ORDER BY names its leading columns, equality-bound ones too (PostgreSQL drops them itself)
        String order =
                q.tenant() != null ? "tenant DESC, seq DESC" : q.state() != null ? "state DESC, seq DESC" : "seq DESC";
        sql.append(" ORDER BY ")
                .append(order)
                .append(" FETCH FIRST ")
                .append(q.limit() + 1)
                .append(" ROWS ONLY");
        return new ListStatement(sql.toString(), args);
    }
}
