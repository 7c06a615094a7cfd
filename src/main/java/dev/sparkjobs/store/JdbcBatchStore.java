package dev.sparkjobs.store;

import static dev.sparkjobs.store.JobRows.placeholders;
import static dev.sparkjobs.store.JobRows.time;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchLink;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.BatchPage;
import dev.sparkjobs.batch.BatchQuery;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batch.BatchStore;
import dev.sparkjobs.batch.CancelReason;
import dev.sparkjobs.job.DuplicateIdempotencyKeyException;
import dev.sparkjobs.job.IdempotencyKey;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.jobcallbacks.CallbackSubject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link BatchStore} over JDBC; the same SQL runs on H2 and PostgreSQL. Every change is one
 * conditional {@code UPDATE} on what the writer saw; a repair's several rows change in one transaction
 * behind the batch's own compare-and-set.
 */
@Repository
class JdbcBatchStore implements BatchStore {

    private static final int ERROR_LENGTH = 2000;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final JdbcTemplate batchUpdate;
    private final BatchRows rows;

    JdbcBatchStore(JdbcClient jdbc, TransactionTemplate tx, JsonMapper json, JdbcTemplate batchUpdate) {
        this.jdbc = jdbc;
        this.batchUpdate = batchUpdate;
        this.tx = tx;
        this.json = json;
        this.rows = new BatchRows(jdbc, json);
    }

    @Override
    public void insert(Batch batch, IdempotencyKey key) {
        insert(batch, key, () -> {});
    }

    @Override
    public void insert(Batch batch, IdempotencyKey key, Runnable alongside) {
        try {
            tx.executeWithoutResult(status -> {
                jdbc.sql("INSERT INTO batch (id, tenant, submitted_by, roles, name, state, concurrency, failure_policy,"
                                + " timeout_seconds, submitted_at, finished_at, cancel_requested_at, repairs,"
                                + " idempotency_key, request_hash, cancel_if_unpolled_seconds)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(
                                batch.id().toString(),
                                batch.owner().tenant(),
                                batch.owner().submittedBy(),
                                String.join(",", batch.roles().stream().sorted().toList()),
                                batch.name(),
                                batch.state().name(),
                                batch.concurrency(),
                                batch.failurePolicy().name(),
                                batch.timeout() == null ? null : batch.timeout().toSeconds(),
                                time(batch.submittedAt()),
                                time(batch.finishedAt()),
                                time(batch.cancelRequestedAt()),
                                batch.repairs(),
                                key == null ? null : key.key(),
                                key == null ? null : key.requestHash(),
                                batch.cancelIfUnpolled() == null
                                        ? null
                                        : batch.cancelIfUnpolled().toSeconds())
                        .update();
                int position = 0;
                for (BatchNode n : batch.nodes()) {
                    jdbc.sql("INSERT INTO batch_node (batch_id, node_key, position, depends_on, run_if, request, run,"
                                    + " job_id, state, earlier_job_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                            .params(
                                    batch.id().toString(),
                                    n.key(),
                                    position++,
                                    json.writeValueAsString(n.dependsOn()),
                                    n.runIf().name(),
                                    json.writeValueAsString(n.request()),
                                    n.run(),
                                    n.jobId() == null ? null : n.jobId().toString(),
                                    n.state() == null ? null : n.state().name(),
                                    json.writeValueAsString(ids(n.earlierJobIds())))
                            .update();
                }
                alongside.run();
            });
        } catch (DuplicateKeyException e) {
            if (key != null
                    && findByIdempotencyKey(batch.owner().tenant(), key.key()).isPresent()) {
                throw new DuplicateIdempotencyKeyException(key.key());
            }
            throw e;
        }
    }

    @Override
    public Optional<Batch> find(BatchId id) {
        return jdbc.sql("SELECT " + BatchRows.COLUMNS + " FROM batch WHERE id = ?")
                .param(id.toString())
                .query((rs, n) -> BatchRows.row(rs))
                .optional()
                .map(row -> rows.withNodes(List.of(row.batch())).get(0));
    }

    @Override
    public Optional<Claim> findByIdempotencyKey(String tenant, String key) {
        return jdbc.sql("SELECT id, request_hash FROM batch WHERE tenant = ? AND idempotency_key = ?")
                .params(tenant, key)
                .query((rs, n) -> new Claim(BatchRows.batchId(rs, "id"), rs.getString("request_hash")))
                .optional();
    }

    @Override
    public BatchPage list(BatchQuery q) {
        ListStatement list = BatchPages.list(q);
        List<BatchRows.Row> found = jdbc.sql(list.sql())
                .params(list.args())
                .query((rs, n) -> BatchRows.row(rs))
                .list();
        boolean more = found.size() > q.limit();
        List<BatchRows.Row> page = more ? found.subList(0, q.limit()) : found;
        List<Batch> batches = page.stream().map(BatchRows.Row::batch).toList();
        return new BatchPage(
                batches, counts(batches), more ? page.get(page.size() - 1).seq() : null);
    }

    /** The batches' nodes by state, counted by the database: a summary needs no node's request. */
    private Map<BatchId, Map<String, Integer>> counts(List<Batch> batches) {
        Map<BatchId, Map<String, Integer>> counts = new LinkedHashMap<>();
        if (batches.isEmpty()) {
            return counts;
        }
        batches.forEach(b -> counts.put(b.id(), new TreeMap<>()));
        jdbc.sql("SELECT batch_id, state, COUNT(*) AS n FROM batch_node WHERE batch_id IN ("
                        + placeholders(batches.size()) + ") GROUP BY batch_id, state")
                .params(batches.stream().map(b -> (Object) b.id().toString()).toList())
                .query(rs -> {
                    String state = rs.getString("state");
                    counts.get(BatchRows.batchId(rs, "batch_id"))
                            .put(state == null ? BatchPage.PENDING : state, rs.getInt("n"));
                });
        return counts;
    }

    @Override
    public List<BatchId> findRunning() {
        return jdbc.sql("SELECT id FROM batch WHERE state = ? ORDER BY seq")
                .param(BatchState.RUNNING.name())
                .query((rs, n) -> BatchRows.batchId(rs, "id"))
                .list();
    }

    @Override
    public boolean recordJob(BatchId id, String key, int run, JobId job, JobState state) {
        Boolean recorded = tx.execute(status -> {
            int updated = jdbc.sql("UPDATE batch_node SET job_id = ?, state = ? WHERE batch_id = ? AND node_key = ?"
                            + " AND run = ? AND state IS NULL")
                    .params(job.toString(), state.name(), id.toString(), key, run)
                    .update();
            if (updated != 1) {
                status.setRollbackOnly();
                return false;
            }
            jdbc.sql("UPDATE job SET batch_id = ?, batch_key = ? WHERE id = ?")
                    .params(id.toString(), key, job.toString())
                    .update();
            return true;
        });
        return Boolean.TRUE.equals(recorded);
    }

    @Override
    public boolean mirror(BatchId id, String key, int run, JobState from, JobState to) {
        return jdbc.sql("UPDATE batch_node SET state = ? WHERE batch_id = ? AND node_key = ? AND run = ? AND state = ?")
                        .params(to.name(), id.toString(), key, run, from.name())
                        .update()
                == 1;
    }

    @Override
    public boolean requestCancel(BatchId id, Instant at, CancelReason reason) {
        return jdbc.sql("UPDATE batch SET cancel_requested_at = ?, cancel_reason = ? WHERE id = ? AND state = ?"
                                + " AND cancel_requested_at IS NULL")
                        .params(time(at), reason.name(), id.toString(), BatchState.RUNNING.name())
                        .update()
                == 1;
    }

    @Override
    public void recordReads(Map<BatchId, Instant> reads) {
        if (reads.isEmpty()) {
            return;
        }
        List<Object[]> rows = reads.entrySet().stream()
                .map(e -> new Object[] {time(e.getValue()), e.getKey().toString(), time(e.getValue())})
                .toList();
        batchUpdate.batchUpdate(
                "UPDATE batch SET last_read_at = ? WHERE id = ? AND (last_read_at IS NULL OR last_read_at < ?)", rows);
    }

    @Override
    public boolean finish(BatchId id, int repairs, BatchState end, Instant at, String error) {
        // a cancel accepted after the writer read the batch wins: the state shown agrees with cancel_reason
        String cancel = end == BatchState.CANCELLED ? "IS NOT NULL" : "IS NULL";
        return Boolean.TRUE.equals(tx.execute(status -> {
            int updated = jdbc.sql("UPDATE batch SET state = ?, finished_at = ?, error = ? WHERE id = ? AND state = ?"
                            + " AND repairs = ? AND cancel_requested_at " + cancel)
                    .params(
                            end.name(),
                            time(at),
                            error == null ? null : cut(error),
                            id.toString(),
                            BatchState.RUNNING.name(),
                            repairs)
                    .update();
            if (updated != 1) {
                return false;
            }
            JdbcCallbackStore.ended(jdbc, CallbackSubject.Kind.BATCH, id.toString());
            return true;
        }));
    }

    @Override
    public boolean repair(Batch before, Set<String> keys, Instant at) {
        Boolean repaired = tx.execute(status -> {
            int updated = jdbc.sql("UPDATE batch SET state = ?, repairs = ?, finished_at = NULL,"
                            + " cancel_requested_at = NULL, cancel_reason = NULL, last_read_at = ?, run_started_at = ?,"
                            + " error = NULL"
                            + " WHERE id = ? AND state = ? AND repairs = ?")
                    .params(
                            BatchState.RUNNING.name(),
                            before.repairs() + 1,
                            time(at),
                            time(at),
                            before.id().toString(),
                            before.state().name(),
                            before.repairs())
                    .update();
            if (updated != 1) {
                return false;
            }
            JdbcCallbackStore.dueAgain(jdbc, before.id(), at);
            for (BatchNode n : before.nodes()) {
                if (!keys.contains(n.key())) {
                    continue;
                }
                List<String> earlier = new ArrayList<>(ids(n.earlierJobIds()));
                if (n.jobId() != null) {
                    earlier.add(n.jobId().toString());
                }
                int node = jdbc.sql("UPDATE batch_node SET run = ?, job_id = NULL, state = NULL, earlier_job_ids = ?"
                                + " WHERE batch_id = ? AND node_key = ? AND run = ?")
                        .params(
                                n.run() + 1,
                                json.writeValueAsString(earlier),
                                before.id().toString(),
                                n.key(),
                                n.run())
                        .update();
                if (node != 1) { // a node moved under a terminal batch: nothing of this repair may stay
                    status.setRollbackOnly();
                    return false;
                }
            }
            return true;
        });
        return Boolean.TRUE.equals(repaired);
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff, int limit) {
        List<Object> args = new ArrayList<>();
        args.add(time(cutoff));
        Arrays.stream(BatchState.values()).filter(BatchState::isTerminal).forEach(s -> args.add(s.name()));
        List<String> ids = jdbc.sql("SELECT id FROM batch WHERE finished_at < ? AND state IN ("
                        + placeholders(args.size() - 1) + ") ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY")
                .params(args)
                .query(String.class)
                .list();
        if (ids.isEmpty()) {
            return 0;
        }
        // nodes go with their batch (ON DELETE CASCADE); jobs keep living, unlinked (ON DELETE SET NULL)
        return jdbc.sql("DELETE FROM batch WHERE id IN (" + placeholders(ids.size()) + ")")
                .params(new ArrayList<Object>(ids))
                .update();
    }

    @Override
    public Optional<BatchLink> linkOf(JobId job) {
        return jdbc.sql("SELECT batch_id, batch_key FROM job WHERE id = ? AND batch_id IS NOT NULL")
                .param(job.toString())
                .query((rs, n) -> new BatchLink(BatchRows.batchId(rs, "batch_id"), rs.getString("batch_key")))
                .optional();
    }

    /** An error as the column holds it: at most {@link #ERROR_LENGTH} characters. */
    private static String cut(String error) {
        return error.length() <= ERROR_LENGTH ? error : error.substring(0, ERROR_LENGTH - 3) + "...";
    }

    private static List<String> ids(List<JobId> ids) {
        return ids.stream().map(JobId::toString).toList();
    }
}
