package dev.sparkjobs.store;

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
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.job.RetryPolicy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@link JobStore} over JDBC; the same SQL runs on H2 and PostgreSQL. */
@Repository
class JdbcJobStore implements JobStore {

    private static final String COLUMNS =
            "seq, id, type, name, state, owner, pool, priority, timeout_seconds, params, tags, submitted_at,"
                    + " started_at, finished_at, cancel_requested_at, error_type, error_message, result, attempt,"
                    + " not_before, max_retries, retry_backoff_ms, retry_max_backoff_ms, retry_on";
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;

    JdbcJobStore(JdbcClient jdbc, TransactionTemplate tx, JsonMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
    }

    @Override
    public void insert(Job job, IdempotencyKey key) {
        try {
            tx.executeWithoutResult(status -> {
                JobSpec spec = job.spec();
                RetryPolicy retry = spec.retry();
                jdbc.sql("INSERT INTO job (id, type, name, state, owner, pool, priority, timeout_seconds, params,"
                                + " tags, submitted_at, idempotency_key, request_hash, attempt, not_before, max_retries,"
                                + " retry_backoff_ms, retry_max_backoff_ms, retry_on)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(
                                job.id().toString(),
                                spec.type(),
                                spec.name(),
                                job.state().name(),
                                job.owner(),
                                spec.pool(),
                                spec.priority(),
                                spec.timeout().toSeconds(),
                                json.writeValueAsString(spec.params()),
                                json.writeValueAsString(spec.tags()),
                                time(job.submittedAt()),
                                key == null ? null : key.key(),
                                key == null ? null : key.requestHash(),
                                job.attempt(),
                                time(job.notBefore()),
                                retry.maxRetries(),
                                retry.backoff().toMillis(),
                                retry.maxBackoff().toMillis(),
                                retry.on().stream().map(Enum::name).sorted().collect(Collectors.joining(",")))
                        .update();
                spec.tags()
                        .forEach((k, v) -> jdbc.sql("INSERT INTO job_tag (job_id, tag_key, tag_value) VALUES (?, ?, ?)")
                                .params(job.id().toString(), k, v)
                                .update());
            });
        } catch (DuplicateKeyException e) {
            if (key != null && findByIdempotencyKey(key.key()).isPresent()) {
                throw new DuplicateIdempotencyKeyException(key.key());
            }
            throw e;
        }
    }

    @Override
    public Optional<Job> find(JobId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM job WHERE id = ?")
                .param(id.toString())
                .query((rs, n) -> row(rs).job())
                .optional()
                .map(job -> withAttempts(List.of(job)).get(0));
    }

    @Override
    public Optional<IdempotencyKey.Claim> findByIdempotencyKey(String key) {
        return jdbc.sql("SELECT id, request_hash FROM job WHERE idempotency_key = ?")
                .param(key)
                .query((rs, n) -> new IdempotencyKey.Claim(
                        new JobId(UUID.fromString(rs.getString("id"))), rs.getString("request_hash")))
                .optional();
    }

    @Override
    public boolean transition(Job before, Job after) {
        JobError error = after.error();
        Boolean moved = tx.execute(status -> {
            int updated = jdbc.sql("UPDATE job SET state = ?, started_at = ?, finished_at = ?, error_type = ?,"
                            + " error_message = ?, result = ?, attempt = ?, not_before = ?"
                            + " WHERE id = ? AND state = ? AND attempt = ?"
                            // a cancel requested while the attempt ended wins over its retry
                            + (after.state() == JobState.QUEUED ? " AND cancel_requested_at IS NULL" : ""))
                    .params(
                            after.state().name(),
                            time(after.startedAt()),
                            time(after.finishedAt()),
                            error == null ? null : error.type(),
                            error == null ? null : error.message(),
                            after.result() == null ? null : json.writeValueAsString(after.result()),
                            after.attempt(),
                            time(after.notBefore()),
                            after.id().toString(),
                            before.state().name(),
                            before.attempt())
                    .update();
            if (updated != 1) {
                return false;
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

    @Override
    public boolean markCancelRequested(Job cancelRequested) {
        return jdbc.sql(
                                "UPDATE job SET cancel_requested_at = COALESCE(cancel_requested_at, ?) WHERE id = ? AND state = ?")
                        .params(
                                time(cancelRequested.cancelRequestedAt()),
                                cancelRequested.id().toString(),
                                JobState.RUNNING.name())
                        .update()
                == 1;
    }

    @Override
    public JobPage list(JobQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM job WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!q.states().isEmpty()) {
            sql.append(" AND state IN (")
                    .append("?, ".repeat(q.states().size() - 1))
                    .append("?)");
            q.states().stream().map(JobState::name).sorted().forEach(args::add);
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
        sql.append(" ORDER BY seq DESC FETCH FIRST ").append(q.limit() + 1).append(" ROWS ONLY");
        List<Row> rows =
                jdbc.sql(sql.toString()).params(args).query((rs, n) -> row(rs)).list();
        boolean more = rows.size() > q.limit();
        List<Row> page = more ? rows.subList(0, q.limit()) : rows;
        return new JobPage(
                withAttempts(page.stream().map(Row::job).toList()),
                more ? page.get(page.size() - 1).seq() : null);
    }

    @Override
    public List<Job> findAllIn(JobState state) {
        return withAttempts(jdbc.sql("SELECT " + COLUMNS + " FROM job WHERE state = ? ORDER BY seq")
                .param(state.name())
                .query((rs, n) -> row(rs).job())
                .list());
    }

    /** The same jobs with their ended attempts, read in one query. */
    private List<Job> withAttempts(List<Job> jobs) {
        List<Job> retried = jobs.stream().filter(j -> j.attempt() > 1).toList();
        if (retried.isEmpty()) {
            return jobs;
        }
        Map<String, List<Attempt>> byJob = new HashMap<>();
        jdbc.sql("SELECT job_id, attempt, started_at, ended_at, outcome, error_type, error_message FROM job_attempt"
                        + " WHERE job_id IN (" + String.join(", ", Collections.nCopies(retried.size(), "?"))
                        + ") ORDER BY job_id, attempt")
                .params(retried.stream().map(j -> (Object) j.id().toString()).toList())
                .query(rs -> {
                    String type = rs.getString("error_type");
                    byJob.computeIfAbsent(rs.getString("job_id"), k -> new ArrayList<>())
                            .add(new Attempt(
                                    rs.getInt("attempt"),
                                    instant(rs, "started_at"),
                                    instant(rs, "ended_at"),
                                    rs.getString("outcome"),
                                    type == null ? null : new JobError(type, rs.getString("error_message"))));
                });
        return jobs.stream()
                .map(j -> j.attempt() == 1 ? j : j.withAttempts(byJob.getOrDefault(j.id().toString(), List.of())))
                .toList();
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff, int limit) {
        List<Object> args = new ArrayList<>();
        args.add(time(cutoff));
        Arrays.stream(JobState.values()).filter(JobState::isTerminal).forEach(s -> args.add(s.name()));
        String states = String.join(", ", Collections.nCopies(args.size() - 1, "?"));
        // a bounded batch, so that one sweep never holds a long transaction over a big table
        List<String> ids = jdbc.sql("SELECT id FROM job WHERE finished_at < ? AND state IN (" + states
                        + ") ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY")
                .params(args)
                .query(String.class)
                .list();
        if (ids.isEmpty()) {
            return 0;
        }
        // tags go with their job (ON DELETE CASCADE)
        return jdbc.sql("DELETE FROM job WHERE id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")
                .params(new ArrayList<Object>(ids))
                .update();
    }

    private record Row(long seq, Job job) {}

    private Row row(ResultSet rs) throws SQLException {
        String errorType = rs.getString("error_type");
        String result = rs.getString("result");
        JobSpec spec = new JobSpec(
                rs.getString("type"),
                rs.getString("name"),
                json.readValue(rs.getString("params"), OBJECT),
                rs.getString("pool"),
                rs.getInt("priority"),
                Duration.ofSeconds(rs.getLong("timeout_seconds")),
                json.readValue(rs.getString("tags"), STRINGS),
                new RetryPolicy(
                        rs.getInt("max_retries"),
                        Duration.ofMillis(rs.getLong("retry_backoff_ms")),
                        Duration.ofMillis(rs.getLong("retry_max_backoff_ms")),
                        retryOn(rs.getString("retry_on"))));
        Job job = new Job(
                new JobId(UUID.fromString(rs.getString("id"))),
                spec,
                JobState.valueOf(rs.getString("state")),
                rs.getString("owner"),
                instant(rs, "submitted_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                instant(rs, "cancel_requested_at"),
                errorType == null ? null : new JobError(errorType, rs.getString("error_message")),
                result == null ? null : json.readValue(result, OBJECT),
                rs.getInt("attempt"),
                instant(rs, "not_before"),
                List.of());
        return new Row(rs.getLong("seq"), job);
    }

    private static Set<RetryPolicy.RetryOn> retryOn(String names) {
        return names == null || names.isBlank()
                ? Set.of()
                : Arrays.stream(names.split(","))
                        .map(RetryPolicy.RetryOn::valueOf)
                        .collect(Collectors.toSet());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
