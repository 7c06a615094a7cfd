package dev.sparkjobs.store;

import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.jobcallbacks.Callback;
import dev.sparkjobs.jobcallbacks.CallbackStatus;
import dev.sparkjobs.jobcallbacks.CallbackStore;
import dev.sparkjobs.jobcallbacks.CallbackSubject;
import dev.sparkjobs.jobcallbacks.DeliveryAttempt;
import dev.sparkjobs.jobcallbacks.DeliveryState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link CallbackStore} over JDBC. Each kind of subject has an outbox of the same shape: {@code
 * job_callback} and {@code batch_callback} (the rows), {@code job_callback_attempt} and {@code
 * batch_callback_attempt} (their logs); one set of statements, named by {@link Outbox}, serves both.
 */
@Repository
class JdbcCallbackStore implements CallbackStore {

    /** The tables of one kind of subject, and the states in which it has ended. */
    private record Outbox(String table, String key, String subjectTable, String ended) {

        String attempts() {
            return table + "_attempt";
        }
    }

    private static final Map<CallbackSubject.Kind, Outbox> OUTBOXES = new EnumMap<>(Map.of(
            // a job skipped by its batch is final too
            CallbackSubject.Kind.JOB,
            new Outbox(
                    "job_callback",
                    "job_id",
                    "job",
                    inList(Arrays.stream(JobState.values())
                            .filter(JobState::isTerminal)
                            .map(Enum::name))),
            CallbackSubject.Kind.BATCH,
            new Outbox(
                    "batch_callback",
                    "batch_id",
                    "batch",
                    inList(Arrays.stream(BatchState.values())
                            .filter(BatchState::isTerminal)
                            .map(Enum::name)))));

    /** The stored state of a callback whose subject has not ended: never due, whatever its next_attempt_at. */
    static final String WAITING = "WAITING";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    JdbcCallbackStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public void register(CallbackSubject subject, Callback callback, Instant now) {
        var o = OUTBOXES.get(subject.kind());
        var id = subject.id().toString();
        try {
            // WAITING until its subject ends (see ended), so that the due query never meets it before; one
            // born ended is PENDING at once. Either way it is due from now, in the order of registration.
            jdbc.sql("INSERT INTO " + o.table() + " (" + o.key() + ", kind, url, headers, secret, state,"
                            + " next_attempt_at) SELECT ?, ?, ?, ?, ?, CASE WHEN s.state IN " + o.ended()
                            + " THEN 'PENDING' ELSE '" + WAITING + "' END, ? FROM " + o.subjectTable()
                            + " s WHERE s.id = ? AND NOT EXISTS (SELECT 1 FROM " + o.table() + " WHERE " + o.key()
                            + " = ?)")
                    .params(
                            id,
                            callback.kind().name(),
                            callback.url(),
                            headers(callback.headers()),
                            callback.secret(),
                            JobRows.time(now),
                            id,
                            id)
                    .update();
        } catch (DuplicateKeyException e) {
            // a concurrent replay of the same submission registered it first
        }
    }

    @Override
    public List<Due> claimDue(Instant now, Instant until, int limit) {
        // as the column keeps it, so that the claim compares equal when read back
        Instant claimUntil = until.truncatedTo(ChronoUnit.MILLIS);
        var candidates = Stream.concat(
                        candidates(CallbackSubject.Kind.JOB, now, limit).stream(),
                        candidates(CallbackSubject.Kind.BATCH, now, limit).stream())
                .sorted(Comparator.comparing(Candidate::dueAt))
                .limit(limit)
                .toList();
        var claimed = new ArrayList<Due>();
        for (var c : candidates) {
            var d = c.due();
            var o = OUTBOXES.get(d.subject().kind());
            // whoever moves next_attempt_at first owns the attempt; another instance's update finds no row
            int won = jdbc.sql("UPDATE " + o.table() + " SET next_attempt_at = ? WHERE " + o.key()
                            + " = ? AND state = 'PENDING' AND next_attempt_at = ?")
                    .params(JobRows.time(claimUntil), d.subject().id().toString(), JobRows.time(c.dueAt()))
                    .update();
            if (won == 1) {
                claimed.add(new Due(d.subject(), d.callback(), d.attemptsSoFar(), d.earlierAttempts(), claimUntil));
            }
        }
        return claimed;
    }

    @Override
    public int releaseEnded() {
        int released = 0;
        for (var o : OUTBOXES.values()) {
            // the WAITING range of the due index, each row's subject by its key: as many rows as unended
            // subjects with a callback (and any an older instance ended)
            released += jdbc.sql("UPDATE " + o.table() + " SET state = 'PENDING' WHERE state = '" + WAITING
                            + "' AND " + o.key() + " IN (SELECT id FROM " + o.subjectTable() + " WHERE state IN "
                            + o.ended() + ")")
                    .update();
        }
        return released;
    }

    private List<Candidate> candidates(CallbackSubject.Kind kind, Instant now, int limit) {
        var o = OUTBOXES.get(kind);
        return jdbc.sql("SELECT c." + o.key() + " AS subject_id, c.kind, c.url, c.headers, c.secret,"
                        + " c.next_attempt_at, c.earlier_attempts, (SELECT count(*) FROM " + o.attempts()
                        + " a WHERE a." + o.key() + " = c." + o.key() + ") AS tries"
                        + " FROM " + o.table() + " c JOIN " + o.subjectTable() + " s ON s.id = c." + o.key()
                        // a row is PENDING only once its subject has ended (see ended), so the index range holds
                        // no unended subject's row; the join stays as a guard against rows written PENDING by
                        // an instance of an earlier version during a rolling upgrade
                        + " WHERE c.state = 'PENDING' AND c.next_attempt_at <= ? AND s.state IN " + o.ended()
                        + " ORDER BY c.next_attempt_at FETCH FIRST " + limit + " ROWS ONLY")
                .params(JobRows.time(now))
                .query((rs, n) -> {
                    int earlier = rs.getInt("earlier_attempts");
                    return new Candidate(
                            new Due(
                                    new CallbackSubject(kind, UUID.fromString(rs.getString("subject_id"))),
                                    new Callback(
                                            Callback.Kind.valueOf(rs.getString("kind")),
                                            rs.getString("url"),
                                            headers(rs.getString("headers")),
                                            rs.getString("secret")),
                                    rs.getInt("tries") - earlier,
                                    earlier,
                                    null),
                            JobRows.instant(rs, "next_attempt_at"));
                })
                .list();
    }

    @Override
    public boolean recordAttempt(Due due, DeliveryAttempt a, DeliveryState state, Instant nextAttemptAt) {
        var o = OUTBOXES.get(due.subject().kind());
        var id = due.subject().id().toString();
        return Boolean.TRUE.equals(tx.execute(status -> {
            // the claim is the token: a sender whose claim lapsed (and was taken) finds no row
            int held = jdbc.sql("UPDATE " + o.table() + " SET state = ?, next_attempt_at = ? WHERE " + o.key()
                            + " = ? AND state = 'PENDING' AND next_attempt_at = ?")
                    .params(state.name(), JobRows.time(nextAttemptAt), id, JobRows.time(due.claimedUntil()))
                    .update();
            if (held == 0) {
                return false;
            }
            jdbc.sql("INSERT INTO " + o.attempts() + " (" + o.key()
                            + ", attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(id, a.number(), JobRows.time(a.at()), a.statusCode(), a.error(), a.durationMillis())
                    .update();
            return true;
        }));
    }

    @Override
    public Optional<CallbackStatus> status(CallbackSubject subject) {
        var o = OUTBOXES.get(subject.kind());
        var id = subject.id().toString();
        var attempts = jdbc.sql("SELECT attempt, at, status_code, error, duration_ms FROM " + o.attempts() + " WHERE "
                        + o.key() + " = ? ORDER BY attempt")
                .params(id)
                .query((rs, n) -> new DeliveryAttempt(
                        rs.getInt("attempt"),
                        JobRows.instant(rs, "at"),
                        (Integer) rs.getObject("status_code", Integer.class),
                        rs.getString("error"),
                        rs.getLong("duration_ms")))
                .list();
        return jdbc.sql("SELECT url, state FROM " + o.table() + " WHERE " + o.key() + " = ?")
                .params(id)
                .query((rs, n) ->
                        new CallbackStatus(rs.getString("url"), deliveryState(rs.getString("state")), attempts))
                .optional();
    }

    /**
     * Makes the callback of a subject that has just ended PENDING, due from when it was registered (or
     * repaired). Part of the transaction that ends the subject, so that a row is PENDING only once its
     * subject has ended and the due query needs no look at the subject.
     */
    static void ended(JdbcClient jdbc, CallbackSubject.Kind kind, String subjectId) {
        var o = OUTBOXES.get(kind);
        jdbc.sql("UPDATE " + o.table() + " SET state = 'PENDING' WHERE " + o.key() + " = ? AND state = '" + WAITING
                        + "'")
                .params(subjectId)
                .update();
    }

    /**
     * Makes a repaired batch's callback wait for the batch to end again, then due from {@code at}, with
     * the attempts made so far counted as earlier ones (numbered on; the retries start afresh). Part of
     * the repair's transaction; a claim in flight is broken, so its attempt is not recorded.
     */
    static void dueAgain(JdbcClient jdbc, BatchId batch, Instant at) {
        var id = batch.toString();
        jdbc.sql("UPDATE batch_callback SET state = '" + WAITING + "', next_attempt_at = ?, earlier_attempts ="
                        + " (SELECT count(*) FROM batch_callback_attempt a WHERE a.batch_id = ?) WHERE batch_id = ?")
                .params(JobRows.time(at), id, id)
                .update();
    }

    // a caller sees a callback that waits for its subject as not delivered yet
    private static DeliveryState deliveryState(String stored) {
        return WAITING.equals(stored) ? DeliveryState.PENDING : DeliveryState.valueOf(stored);
    }

    private static String inList(Stream<String> names) {
        return names.map(s -> "'" + s + "'").collect(Collectors.joining(", ", "(", ")"));
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
