package dev.sparkjobs.store;

import dev.sparkjobs.job.Attempt;
import dev.sparkjobs.job.IdempotencyKey;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.job.TableWrite;
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
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps jobs to {@code job} rows and back (and reads their ended attempts out of {@code job_attempt}).
 */
final class JobRows {

    static final String COLUMNS =
            "seq, id, type, name, state, tenant, submitted_by, pool, priority, timeout_seconds, params, tags, submitted_at,"
                    + " started_at, finished_at, cancel_requested_at, error_type, error_message, result, attempt,"
                    + " not_before, max_retries, retry_backoff_ms, retry_max_backoff_ms, retry_on, run_by, weight, writes,"
                    + " conflict_retries, conflict_backoff_ms, cancel_if_unpolled_seconds, cancel_reason";
    /** {@link #COLUMNS} without {@code params} and {@code result}: a list page needs neither, and each can be large. */
    static final String SUMMARY_COLUMNS =
            "seq, id, type, name, state, tenant, submitted_by, pool, priority, timeout_seconds, tags, submitted_at,"
                    + " started_at, finished_at, cancel_requested_at, error_type, error_message, attempt,"
                    + " not_before, max_retries, retry_backoff_ms, retry_max_backoff_ms, retry_on, run_by, weight, writes,"
                    + " conflict_retries, conflict_backoff_ms, cancel_if_unpolled_seconds, cancel_reason";

    /** The statement that inserts a job's row; {@link #values} are its arguments. */
    static final String INSERT = "INSERT INTO job (id, type, name, state, tenant, submitted_by, pool, priority,"
            + " timeout_seconds, params, tags, submitted_at, idempotency_key, request_hash, attempt, not_before,"
            + " max_retries, retry_backoff_ms, retry_max_backoff_ms, retry_on, weight, writes, conflict_retries,"
            + " conflict_backoff_ms, cancel_if_unpolled_seconds, finished_at, error_type, error_message)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<TableWrite>> WRITES = new TypeReference<>() {};

    /** A job and its position in submission order. */
    record Row(long seq, Job job) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JobRows(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A job as the values of its row ({@link #INSERT}), with the idempotency key it came with, if any. */
    List<Object> values(Job job, IdempotencyKey key) {
        JobSpec spec = job.spec();
        RetryPolicy retry = spec.retry();
        return Arrays.asList(
                job.id().toString(),
                spec.type(),
                spec.name(),
                job.state().name(),
                job.owner().tenant(),
                job.owner().submittedBy(),
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
                retryOn(retry.on()),
                spec.weight(),
                json.writeValueAsString(spec.writes()),
                retry.conflicts().maxRetries(),
                retry.conflicts().backoff().toMillis(),
                spec.cancelIfUnpolled() == null ? null : spec.cancelIfUnpolled().toSeconds(),
                // set only for a job born final (Job.unrun): it has its end from the start
                time(job.finishedAt()),
                job.error() == null ? null : job.error().type(),
                job.error() == null ? null : job.error().message());
    }

    Row row(ResultSet rs) throws SQLException {
        return row(rs, true);
    }

    /** A row read with {@link #SUMMARY_COLUMNS}: its job has empty params and no result. */
    Row summary(ResultSet rs) throws SQLException {
        return row(rs, false);
    }

    private Row row(ResultSet rs, boolean full) throws SQLException {
        String errorType = rs.getString("error_type");
        String result = full ? rs.getString("result") : null;
        JobSpec spec = new JobSpec(
                rs.getString("type"),
                rs.getString("name"),
                full ? json.readValue(rs.getString("params"), OBJECT) : Map.of(),
                rs.getString("pool"),
                rs.getInt("priority"),
                Duration.ofSeconds(rs.getLong("timeout_seconds")),
                json.readValue(rs.getString("tags"), STRINGS),
                new RetryPolicy(
                        rs.getInt("max_retries"),
                        Duration.ofMillis(rs.getLong("retry_backoff_ms")),
                        Duration.ofMillis(rs.getLong("retry_max_backoff_ms")),
                        retryOn(rs.getString("retry_on")),
                        new RetryPolicy.Conflicts(
                                rs.getInt("conflict_retries"), Duration.ofMillis(rs.getLong("conflict_backoff_ms")))),
                rs.getDouble("weight"),
                writes(rs),
                seconds(rs, "cancel_if_unpolled_seconds"));
        Job job = new Job(
                jobId(rs),
                spec,
                JobState.valueOf(rs.getString("state")),
                new JobOwner(rs.getString("tenant"), rs.getString("submitted_by")),
                instant(rs, "submitted_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                instant(rs, "cancel_requested_at"),
                errorType == null ? null : new JobError(errorType, rs.getString("error_message")),
                result == null ? null : json.readValue(result, OBJECT),
                rs.getInt("attempt"),
                instant(rs, "not_before"),
                List.of(),
                rs.getString("run_by"),
                cancelReason(rs));
        return new Row(rs.getLong("seq"), job);
    }

    // rows whose cancel was asked before the reason was stored were cancelled on request
    private static String cancelReason(ResultSet rs) throws SQLException {
        String reason = rs.getString("cancel_reason");
        return reason == null && rs.getObject("cancel_requested_at") != null ? JobError.CANCELLED : reason;
    }

    /** The same jobs with their ended attempts, read in one query. */
    List<Job> withAttempts(List<Job> jobs) {
        List<Job> retried = jobs.stream().filter(j -> j.attempt() > 1).toList();
        if (retried.isEmpty()) {
            return jobs;
        }
        Map<String, List<Attempt>> byJob = new HashMap<>();
        jdbc.sql("SELECT job_id, attempt, started_at, ended_at, outcome, error_type, error_message FROM job_attempt"
                        + " WHERE job_id IN (" + placeholders(retried.size()) + ") ORDER BY job_id, attempt")
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

    List<TableWrite> writes(ResultSet rs) throws SQLException {
        return json.readValue(rs.getString("writes"), WRITES);
    }

    private static Duration seconds(ResultSet rs, String column) throws SQLException {
        long s = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofSeconds(s);
    }

    static JobId jobId(ResultSet rs) throws SQLException {
        return new JobId(UUID.fromString(rs.getString("id")));
    }

    static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static String retryOn(Set<RetryPolicy.RetryOn> on) {
        return on.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    private static Set<RetryPolicy.RetryOn> retryOn(String names) {
        return names == null || names.isBlank()
                ? Set.of()
                : Arrays.stream(names.split(","))
                        .map(RetryPolicy.RetryOn::valueOf)
                        .collect(Collectors.toSet());
    }
}
