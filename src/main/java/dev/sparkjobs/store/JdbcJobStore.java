package dev.sparkjobs.store;

import static dev.sparkjobs.store.JobRows.COLUMNS;
import static dev.sparkjobs.store.JobRows.instant;
import static dev.sparkjobs.store.JobRows.placeholders;
import static dev.sparkjobs.store.JobRows.time;

import dev.sparkjobs.job.Attempt;
import dev.sparkjobs.job.DuplicateIdempotencyKeyException;
import dev.sparkjobs.job.IdempotencyKey;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobPage;
import dev.sparkjobs.job.JobQuery;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStatus;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.job.QueuedEntry;
import dev.sparkjobs.job.SideWrite;
import dev.sparkjobs.jobcallbacks.CallbackSubject;
import dev.sparkjobs.lease.InstanceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link JobStore} over JDBC; the same SQL runs on H2 and PostgreSQL. State changes are one
 * conditional {@code UPDATE}: on the state and attempt the writer saw, and on this instance holding
 * the driver lease (the fence).
 */
@Repository
class JdbcJobStore implements JobStore {

    /** The condition every state change carries: the writing instance holds the driver lease. */
    private static final String FENCE = " AND EXISTS (SELECT 1 FROM service_lease l WHERE l.name = ? AND l.owner = ?)";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    /** Within {@link #tx}: a savepoint, undone alone. */
    private final TransactionTemplate savepoint;

    private final JsonMapper json;
    private final JobRows rows;
    private final InstanceId instance;

    JdbcJobStore(JdbcClient jdbc, TransactionTemplate tx, JsonMapper json, InstanceId instance) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.savepoint = new TransactionTemplate(tx.getTransactionManager());
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.json = json;
        this.rows = new JobRows(jdbc, json);
        this.instance = instance;
    }

    @Override
    public void insert(Job job, IdempotencyKey key) {
        insert(job, key, () -> {});
    }

    @Override
    public void insert(Job job, IdempotencyKey key, Runnable alongside) {
        try {
            tx.executeWithoutResult(status -> {
                JobSpec spec = job.spec();
                jdbc.sql(JobRows.INSERT).params(rows.values(job, key)).update();
                spec.tags()
                        .forEach((k, v) -> jdbc.sql("INSERT INTO job_tag (job_id, tag_key, tag_value) VALUES (?, ?, ?)")
                                .params(job.id().toString(), k, v)
                                .update());
                // other stores' JDBC calls join this transaction: one DataSource, one transaction manager
                alongside.run();
            });
        } catch (DuplicateKeyException e) {
            if (key != null
                    && findByIdempotencyKey(job.owner().tenant(), key.key()).isPresent()) {
                throw new DuplicateIdempotencyKeyException(key.key());
            }
            throw e;
        }
    }

    @Override
    public Optional<Job> find(JobId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM job WHERE id = ?")
                .param(id.toString())
                .query((rs, n) -> rows.row(rs).job())
                .optional()
                .map(job -> rows.withAttempts(List.of(job)).get(0));
    }

    @Override
    public List<Job> findAll(Collection<JobId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return rows.withAttempts(
                jdbc.sql("SELECT " + COLUMNS + " FROM job WHERE id IN (" + placeholders(ids.size()) + ")")
                        .params(ids.stream().map(id -> (Object) id.toString()).toList())
                        .query((rs, n) -> rows.row(rs).job())
                        .list());
    }

    @Override
    public List<JobStatus> states(Collection<JobId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id, state, error_type, error_message FROM job WHERE id IN (" + placeholders(ids.size())
                        + ")")
                .params(ids.stream().map(id -> (Object) id.toString()).toList())
                .query((rs, n) -> {
                    String errorType = rs.getString("error_type");
                    return new JobStatus(
                            JobRows.jobId(rs),
                            JobState.valueOf(rs.getString("state")),
                            errorType == null ? null : new JobError(errorType, rs.getString("error_message")));
                })
                .list();
    }

    @Override
    public Optional<IdempotencyKey.Claim> findByIdempotencyKey(String tenant, String key) {
        return jdbc.sql("SELECT id, request_hash FROM job WHERE tenant = ? AND idempotency_key = ?")
                .params(tenant, key)
                .query((rs, n) -> new IdempotencyKey.Claim(JobRows.jobId(rs), rs.getString("request_hash")))
                .optional();
    }

    @Override
    public boolean transition(Job before, Job after) {
        return transition(before, after, List.of());
    }

    @Override
    public boolean transition(Job before, Job after, List<SideWrite> alongside) {
        JobError error = after.error();
        Boolean moved = tx.execute(status -> {
            int updated = jdbc.sql("UPDATE job SET state = ?, started_at = ?, finished_at = ?, error_type = ?,"
                            + " error_message = ?, result = ?, attempt = ?, not_before = ?, run_by = ?"
                            + " WHERE id = ? AND state = ? AND attempt = ?"
                            // a cancel requested while the attempt ended wins over its retry
                            + (after.state() == JobState.QUEUED ? " AND cancel_requested_at IS NULL" : "")
                            + FENCE)
                    .params(
                            after.state().name(),
                            time(after.startedAt()),
                            time(after.finishedAt()),
                            error == null ? null : error.type(),
                            error == null ? null : error.message(),
                            after.result() == null ? null : json.writeValueAsString(after.result()),
                            after.attempt(),
                            time(after.notBefore()),
                            after.runBy(),
                            after.id().toString(),
                            before.state().name(),
                            before.attempt(),
                            JdbcDriverLease.NAME,
                            instance.value())
                    .update();
            if (updated != 1) {
                if (!alongside.isEmpty() && sameAttemptHere(before)) {
                    alongside.forEach(this::writeInSavepoint);
                }
                return false;
            }
            alongside.forEach(this::writeInSavepoint);
            if (after.state().isTerminal()) {
                JdbcCallbackStore.ended(
                        jdbc, CallbackSubject.Kind.JOB, after.id().toString());
            }
            for (Attempt a : after.attempts()
                    .subList(before.attempts().size(), after.attempts().size())) {
                jdbc.sql("INSERT INTO job_attempt (job_id, attempt, started_at, ended_at, outcome, error_type,"
                                + " error_message) VALUES (?, ?, ?, ?, ?, ?, ?)")
                        .params(
                                after.id().toString(),
                                a.number(),
                                time(a.startedAt()),
                                time(a.endedAt()),
                                a.outcome(),
                                a.error() == null ? null : a.error().type(),
                                a.error() == null ? null : a.error().message())
                        .update();
            }
            return true;
        });
        return Boolean.TRUE.equals(moved);
    }

    /**
     * Whether the job is still at {@code before}'s attempt and this instance holds the lease: a change
     * that lost to another writer of the same attempt still writes that attempt's figures.
     */
    private boolean sameAttemptHere(Job before) {
        return jdbc.sql("SELECT COUNT(*) FROM job WHERE id = ? AND attempt = ?" + FENCE)
                        .params(before.id().toString(), before.attempt(), JdbcDriverLease.NAME, instance.value())
                        .query(Integer.class)
                        .single()
                == 1;
    }

    /**
     * A side write undone alone when it throws: a savepoint keeps the change's transaction usable
     * (PostgreSQL). When the savepoint itself fails (a connection gone mid-way) the transaction is in
     * doubt, and so is the whole change.
     */
    private void writeInSavepoint(SideWrite w) {
        try {
            savepoint.executeWithoutResult(status -> w.write().run());
        } catch (TransactionException inDoubt) {
            throw inDoubt;
        } catch (RuntimeException e) {
            w.failed().accept(e);
        }
    }

    @Override
    public boolean markCancelRequested(Job cancelRequested) {
        return jdbc.sql("UPDATE job SET cancel_requested_at = COALESCE(cancel_requested_at, ?),"
                                + " cancel_reason = COALESCE(cancel_reason, ?) WHERE id = ? AND state = ?"
                                + " AND attempt = ?")
                        .params(
                                time(cancelRequested.cancelRequestedAt()),
                                cancelRequested.cancelReason(),
                                cancelRequested.id().toString(),
                                JobState.RUNNING.name(),
                                cancelRequested.attempt())
                        .update()
                == 1;
    }

    @Override
    public JobPage list(JobQuery q) {
        List<JobRows.Row> found = page(COLUMNS, q, (rs, n) -> rows.row(rs));
        boolean more = found.size() > q.limit();
        List<JobRows.Row> page = more ? found.subList(0, q.limit()) : found;
        return new JobPage(
                rows.withAttempts(page.stream().map(JobRows.Row::job).toList()),
                more ? page.get(page.size() - 1).seq() : null);
    }

    @Override
    public JobPage listSummaries(JobQuery q) {
        // no params, result or attempts: a page of 500 reads only the small columns, in one query
        List<JobRows.Row> found = page(JobRows.SUMMARY_COLUMNS, q, (rs, n) -> rows.summary(rs));
        boolean more = found.size() > q.limit();
        List<JobRows.Row> page = more ? found.subList(0, q.limit()) : found;
        return new JobPage(
                page.stream().map(JobRows.Row::job).toList(),
                more ? page.get(page.size() - 1).seq() : null);
    }

    /** One more row than the page holds, newest first: the extra one says whether a next page exists. */
    private List<JobRows.Row> page(String columns, JobQuery q, RowMapper<JobRows.Row> mapper) {
        ListStatement list = JobPages.list(columns, q);
        return jdbc.sql(list.sql()).params(list.args()).query(mapper).list();
    }

    @Override
    public List<Job> findAllIn(JobState state) {
        return rows.withAttempts(jdbc.sql("SELECT " + COLUMNS + " FROM job WHERE state = ? ORDER BY seq")
                .param(state.name())
                .query((rs, n) -> rows.row(rs).job())
                .list());
    }

    @Override
    public List<QueuedEntry> findQueued(long afterSeq, int limit) {
        return jdbc.sql(JobPages.queued(limit))
                .params(JobState.QUEUED.name(), afterSeq)
                .query((rs, n) -> new QueuedEntry(
                        rs.getLong("seq"),
                        JobRows.jobId(rs),
                        rs.getString("tenant"),
                        rs.getString("pool"),
                        rs.getInt("priority"),
                        instant(rs, "submitted_at"),
                        instant(rs, "not_before"),
                        rs.getDouble("weight"),
                        rows.writes(rs)))
                .list();
    }

    @Override
    public List<Job> findRunningOn(String runBy, int limit) {
        return rows.withAttempts(jdbc.sql("SELECT " + COLUMNS + " FROM job WHERE state = ? AND run_by = ? ORDER BY seq"
                        + " FETCH FIRST " + limit + " ROWS ONLY")
                .params(JobState.RUNNING.name(), runBy)
                .query((rs, n) -> rows.row(rs).job())
                .list());
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff, int limit) {
        List<Object> args = new ArrayList<>();
        args.add(time(cutoff));
        Arrays.stream(JobState.values()).filter(JobState::isTerminal).forEach(s -> args.add(s.name()));
        // a bounded batch, so that one sweep never holds a long transaction over a big table; a batch's
        // job lives as long as its batch (a repair reads its result), whose deletion unlinks it
        List<String> ids = jdbc.sql("SELECT id FROM job WHERE finished_at < ? AND state IN ("
                        + placeholders(args.size() - 1) + ") AND batch_id IS NULL ORDER BY finished_at FETCH FIRST "
                        + limit + " ROWS ONLY")
                .params(args)
                .query(String.class)
                .list();
        if (ids.isEmpty()) {
            return 0;
        }
        // tags and attempts go with their job (ON DELETE CASCADE)
        return jdbc.sql("DELETE FROM job WHERE id IN (" + placeholders(ids.size()) + ")")
                .params(new ArrayList<Object>(ids))
                .update();
    }
}
