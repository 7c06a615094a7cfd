package dev.sparkjobs.store;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.jobcallbacks.Callback;
import dev.sparkjobs.jobcallbacks.CallbackStatus;
import dev.sparkjobs.jobcallbacks.CallbackStore;
import dev.sparkjobs.jobcallbacks.DeliveryAttempt;
import dev.sparkjobs.jobcallbacks.DeliveryState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link CallbackStore} over JDBC: {@code job_callback} is the outbox, {@code job_callback_attempt} its log. */
@Repository
class JdbcCallbackStore implements CallbackStore {

    /** Every final state, from the one table that knows them (a job skipped by its batch is final too). */
    private static final String ENDED = Arrays.stream(JobState.values())
            .filter(JobState::isTerminal)
            .map(s -> "'" + s.name() + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    JdbcCallbackStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public void register(JobId job, Callback callback, Instant now) {
        try {
            jdbc.sql("INSERT INTO job_callback (job_id, kind, url, headers, secret, state, next_attempt_at)"
                            + " SELECT ?, ?, ?, ?, ?, 'PENDING', ? FROM job WHERE id = ? AND NOT EXISTS"
                            + " (SELECT 1 FROM job_callback WHERE job_id = ?)")
                    .params(
                            job.toString(),
                            callback.kind().name(),
                            callback.url(),
                            headers(callback.headers()),
                            callback.secret(),
                            JobRows.time(now),
                            job.toString(),
                            job.toString())
                    .update();
        } catch (DuplicateKeyException e) {
            // a concurrent replay of the same submission registered it first
        }
    }

    @Override
    public List<Due> claimDue(Instant now, Instant claimUntil, int limit) {
        var candidates = jdbc.sql("SELECT c.job_id, c.kind, c.url, c.headers, c.secret, c.next_attempt_at,"
                        + " (SELECT count(*) FROM job_callback_attempt a WHERE a.job_id = c.job_id) AS tries"
                        + " FROM job_callback c JOIN job j ON j.id = c.job_id"
                        + " WHERE c.state = 'PENDING' AND c.next_attempt_at <= ? AND j.state IN " + ENDED
                        + " ORDER BY c.next_attempt_at FETCH FIRST " + limit + " ROWS ONLY")
                .params(JobRows.time(now))
                .query((rs, n) -> new Candidate(
                        new Due(
                                new JobId(UUID.fromString(rs.getString("job_id"))),
                                new Callback(
                                        Callback.Kind.valueOf(rs.getString("kind")),
                                        rs.getString("url"),
                                        headers(rs.getString("headers")),
                                        rs.getString("secret")),
                                rs.getInt("tries")),
                        JobRows.instant(rs, "next_attempt_at")))
                .list();
        var claimed = new ArrayList<Due>();
        for (var c : candidates) {
            // whoever moves next_attempt_at first owns the attempt; another instance's update finds no row
            int won = jdbc.sql("UPDATE job_callback SET next_attempt_at = ? WHERE job_id = ? AND state = 'PENDING'"
                            + " AND next_attempt_at = ?")
                    .params(JobRows.time(claimUntil), c.due().job().toString(), JobRows.time(c.dueAt()))
                    .update();
            if (won == 1) {
                claimed.add(c.due());
            }
        }
        return claimed;
    }

    @Override
    public void recordAttempt(JobId job, DeliveryAttempt a, DeliveryState state, Instant nextAttemptAt) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO job_callback_attempt (job_id, attempt, at, status_code, error, duration_ms)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")
                    .params(
                            job.toString(),
                            a.number(),
                            JobRows.time(a.at()),
                            a.statusCode(),
                            a.error(),
                            a.durationMillis())
                    .update();
            jdbc.sql("UPDATE job_callback SET state = ?, next_attempt_at = ? WHERE job_id = ?")
                    .params(state.name(), JobRows.time(nextAttemptAt), job.toString())
                    .update();
        });
    }

    @Override
    public Optional<CallbackStatus> status(JobId job) {
        var attempts = jdbc.sql("SELECT attempt, at, status_code, error, duration_ms FROM job_callback_attempt"
                        + " WHERE job_id = ? ORDER BY attempt")
                .params(job.toString())
                .query((rs, n) -> new DeliveryAttempt(
                        rs.getInt("attempt"),
                        JobRows.instant(rs, "at"),
                        (Integer) rs.getObject("status_code", Integer.class),
                        rs.getString("error"),
                        rs.getLong("duration_ms")))
                .list();
        return jdbc.sql("SELECT url, state FROM job_callback WHERE job_id = ?")
                .params(job.toString())
                .query((rs, n) ->
                        new CallbackStatus(rs.getString("url"), DeliveryState.valueOf(rs.getString("state")), attempts))
                .optional();
    }

    // names are HTTP tokens and values printable ASCII (checked at submit): neither holds a line break
    private static String headers(Map<String, String> headers) {
        var sb = new StringBuilder();
        headers.forEach((k, v) -> sb.append(k).append(':').append(v).append('\n'));
        return sb.toString();
    }

    private static Map<String, String> headers(String text) {
        var map = new LinkedHashMap<String, String>();
        if (text != null) {
            for (var line : text.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    map.put(line.substring(0, colon), line.substring(colon + 1));
                }
            }
        }
        return map;
    }

    private record Candidate(Due due, Instant dueAt) {}
}
