package dev.sparkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batch.FailurePolicy;
import dev.sparkjobs.batch.NodeRequest;
import dev.sparkjobs.batch.RunIf;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.jobcallbacks.Callback;
import dev.sparkjobs.jobcallbacks.CallbackStore.Due;
import dev.sparkjobs.jobcallbacks.CallbackSubject;
import dev.sparkjobs.jobcallbacks.DeliveryAttempt;
import dev.sparkjobs.jobcallbacks.DeliveryState;
import dev.sparkjobs.lease.InstanceId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the callback outbox must do for batches, run against each database the service supports: a
 * batch's callback is stored with the batch, due only once the batch ended (and again after a repair
 * ends it again), claimed in the same loop as jobs' callbacks, and deleted with its batch.
 */
abstract class BatchCallbackStoreContract {

    private static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123Z");
    private static final JobOwner ACME = new JobOwner("acme", "alice");
    private static final Callback HOOK = new Callback(
            Callback.Kind.JOB,
            "https://hooks.example.com/batches",
            Map.of("Authorization", "Bearer x"),
            "s".repeat(16));

    private JdbcBatchStore batches;
    private JdbcJobStore jobs;
    private JdbcCallbackStore callbacks;
    private JdbcClient jdbc;

    /** A real database of the kind under test, empty or not; the suite empties it. */
    protected abstract DataSource dataSource();

    @BeforeEach
    void freshSchema() {
        Flyway.configure()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .cleanDisabled(false)
                .load()
                .clean();
        Flyway.configure()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        jdbc = JdbcClient.create(dataSource());
        JsonMapper json = JsonMapper.builder().build();
        TransactionTemplate tx = new TransactionTemplate(new JdbcTransactionManager(dataSource()));
        batches = new JdbcBatchStore(jdbc, tx, json, new JdbcTemplate(dataSource()));
        jobs = new JdbcJobStore(jdbc, tx, json, new InstanceId("instance-a"));
        callbacks = new JdbcCallbackStore(jdbc, tx);
    }

    @Test
    void aBatchCallbackIsDueOnlyOnceItsBatchEnded() {
        Batch batch = withCallback(HOOK);

        assertThat(callbacks.claimDue(T0.plusSeconds(1), T0.plusSeconds(31), 10))
                .as("RUNNING")
                .isEmpty();
        assertThat(callbacks
                        .status(CallbackSubject.of(batch.id()))
                        .orElseThrow()
                        .state())
                .isEqualTo(DeliveryState.PENDING);

        batches.finish(batch.id(), 0, BatchState.FAILED, T0.plusSeconds(2));
        List<Due> due = callbacks.claimDue(T0.plusSeconds(3), T0.plusSeconds(33), 10);

        assertThat(due).hasSize(1);
        assertThat(due.get(0).subject()).isEqualTo(CallbackSubject.of(batch.id()));
        assertThat(due.get(0).callback()).isEqualTo(HOOK);
        assertThat(due.get(0).attemptsSoFar()).isZero();
        assertThat(due.get(0).nextNumber()).isEqualTo(1);
        assertThat(callbacks.claimDue(T0.plusSeconds(4), T0.plusSeconds(34), 10))
                .as("claimed")
                .isEmpty();
    }

    @Test
    void jobsAndBatchesAreClaimedInOneLoopEarliestFirstUpToTheLimit() {
        Job job = Job.submitted(
                JobId.random(),
                new JobSpec("sql", "n", Map.of("sql", "SELECT 1"), "default", 0, Duration.ofHours(1), Map.of()),
                ACME,
                T0);
        jobs.insert(job, null, () -> callbacks.register(job.id(), HOOK, T0.plusSeconds(1)));
        // the job ends as the service ends jobs (holding the driver lease): its callback becomes PENDING
        assertThat(new JdbcDriverLease(jdbc).tryAcquire("instance-a", T0, T0.plusSeconds(30)))
                .isTrue();
        assertThat(jobs.transition(job, job.cancel(T0.plusSeconds(3)))).isTrue();
        Batch batch = withCallback(HOOK); // registered at T0: due first
        batches.finish(batch.id(), 0, BatchState.SUCCEEDED, T0.plusSeconds(2));

        List<Due> first = callbacks.claimDue(T0.plusSeconds(5), T0.plusSeconds(35), 1);
        List<Due> second = callbacks.claimDue(T0.plusSeconds(5), T0.plusSeconds(35), 1);

        assertThat(first).extracting(Due::subject).containsExactly(CallbackSubject.of(batch.id()));
        assertThat(second).extracting(Due::subject).containsExactly(CallbackSubject.of(job.id()));
    }

    @Test
    void theReleaseMakesDueTheCallbackOfABatchEndedByAnInstanceThatKeepsNoWaitingState() {
        Batch ended = withCallback(HOOK);
        Batch running = withCallback(HOOK);
        // what ending a batch amounts to in a version without WAITING: the batch row alone
        jdbc.sql("UPDATE batch SET state = 'SUCCEEDED', finished_at = ? WHERE id = ?")
                .params(JobRows.time(T0.plusSeconds(2)), ended.id().toString())
                .update();
        assertThat(callbacks.claimDue(T0.plusSeconds(3), T0.plusSeconds(33), 10))
                .as("stranded before the release")
                .isEmpty();

        assertThat(callbacks.releaseEnded()).isEqualTo(1);

        assertThat(callbacks.claimDue(T0.plusSeconds(3), T0.plusSeconds(33), 10))
                .extracting(Due::subject)
                .containsExactly(CallbackSubject.of(ended.id()));
        assertThat(jdbc.sql("SELECT state FROM batch_callback WHERE batch_id = ?")
                        .param(running.id().toString())
                        .query(String.class)
                        .single())
                .as("a running batch's callback waits on")
                .isEqualTo(JdbcCallbackStore.WAITING);
    }

    @Test
    void theCallbackIsStoredInTheBatchsTransactionOrNeither() {
        Batch batch = batch();
        String tooLong = "https://hooks.example.com/" + "x".repeat(5000); // longer than batch_callback.url

        assertThatThrownBy(() -> batches.insert(
                        batch,
                        null,
                        () -> callbacks.register(
                                CallbackSubject.of(batch.id()),
                                new Callback(Callback.Kind.ADF, tooLong, null, null),
                                T0)))
                .isInstanceOf(RuntimeException.class);

        assertThat(batches.find(batch.id())).as("no batch without its callback").isEmpty();
        assertThat(callbacks.status(CallbackSubject.of(batch.id()))).isEmpty();
    }

    @Test
    void aRepairMakesItDueAgainWhenTheBatchEndsAgainAndNumbersAttemptsOn() {
        Batch batch = withCallback(HOOK);
        batches.finish(batch.id(), 0, BatchState.FAILED, T0.plusSeconds(1));
        Due first =
                callbacks.claimDue(T0.plusSeconds(2), T0.plusSeconds(32), 10).get(0);
        assertThat(callbacks.recordAttempt(
                        first, attempt(1, T0.plusSeconds(2), 204), DeliveryState.DELIVERED, T0.plusSeconds(3)))
                .isTrue();

        Batch failed = batches.find(batch.id()).orElseThrow();
        assertThat(batches.repair(failed, Set.of("a"), T0.plusSeconds(10))).isTrue();

        var pending = callbacks.status(CallbackSubject.of(batch.id())).orElseThrow();
        assertThat(pending.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(pending.attempts()).as("history kept").hasSize(1);
        assertThat(callbacks.claimDue(T0.plusSeconds(11), T0.plusSeconds(41), 10))
                .as("RUNNING again")
                .isEmpty();

        batches.finish(batch.id(), 1, BatchState.SUCCEEDED, T0.plusSeconds(20));
        Due again =
                callbacks.claimDue(T0.plusSeconds(21), T0.plusSeconds(51), 10).get(0);
        assertThat(again.attemptsSoFar()).as("a fresh retry budget").isZero();
        assertThat(again.earlierAttempts()).isEqualTo(1);
        assertThat(again.nextNumber()).isEqualTo(2);
        assertThat(callbacks.recordAttempt(
                        again, attempt(2, T0.plusSeconds(21), 200), DeliveryState.DELIVERED, T0.plusSeconds(22)))
                .isTrue();
        var delivered = callbacks.status(CallbackSubject.of(batch.id())).orElseThrow();
        assertThat(delivered.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(delivered.attempts()).extracting(DeliveryAttempt::number).containsExactly(1, 2);
    }

    @Test
    void aRepairBreaksAClaimInFlight() {
        Batch batch = withCallback(HOOK);
        batches.finish(batch.id(), 0, BatchState.FAILED, T0.plusSeconds(1));
        Due claimed =
                callbacks.claimDue(T0.plusSeconds(2), T0.plusSeconds(32), 10).get(0);

        batches.repair(batches.find(batch.id()).orElseThrow(), Set.of("a"), T0.plusSeconds(3));

        assertThat(callbacks.recordAttempt(
                        claimed, attempt(1, T0.plusSeconds(2), 204), DeliveryState.DELIVERED, T0.plusSeconds(4)))
                .as("the attempt was for the ending the repair undid")
                .isFalse();
        assertThat(callbacks
                        .status(CallbackSubject.of(batch.id()))
                        .orElseThrow()
                        .attempts())
                .isEmpty();
    }

    @Test
    void retentionTakesTheCallbackAndItsAttemptsWithTheBatch() {
        Batch batch = withCallback(HOOK);
        batches.finish(batch.id(), 0, BatchState.SUCCEEDED, T0);
        Due due = callbacks.claimDue(T0.plusSeconds(1), T0.plusSeconds(31), 10).get(0);
        callbacks.recordAttempt(due, attempt(1, T0.plusSeconds(1), 204), DeliveryState.DELIVERED, T0);

        assertThat(batches.deleteFinishedBefore(T0.plusSeconds(50), 10)).isEqualTo(1);

        assertThat(callbacks.status(CallbackSubject.of(batch.id()))).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM batch_callback_attempt")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aJobCallbackStoredBeforeV13IsDeliveredAsBefore() {
        Flyway.configure()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .cleanDisabled(false)
                .load()
                .clean();
        Flyway.configure()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .target("12")
                .load()
                .migrate();
        Job job = Job.submitted(
                JobId.random(),
                new JobSpec("sql", "n", Map.of("sql", "SELECT 1"), "default", 0, Duration.ofHours(1), Map.of()),
                ACME,
                T0);
        jobs.insert(job, null);
        // the row as the service stored it before V13 (and before V15's WAITING)
        jdbc.sql("INSERT INTO job_callback (job_id, kind, url, headers, secret, state, next_attempt_at)"
                        + " VALUES (?, ?, ?, ?, ?, 'PENDING', ?)")
                .params(
                        job.id().toString(),
                        HOOK.kind().name(),
                        HOOK.url(),
                        "Authorization:Bearer x\n",
                        HOOK.secret(),
                        JobRows.time(T0))
                .update();
        jdbc.sql("INSERT INTO job_callback_attempt (job_id, attempt, at, status_code, error, duration_ms)"
                        + " VALUES (?, 1, ?, 503, NULL, 7)")
                .params(job.id().toString(), JobRows.time(T0.plusSeconds(1)))
                .update();
        jdbc.sql("UPDATE job SET state = 'SUCCEEDED' WHERE id = ?")
                .param(job.id().toString())
                .update();

        Flyway.configure()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        List<Due> due = callbacks.claimDue(T0.plusSeconds(5), T0.plusSeconds(35), 10);

        assertThat(due).singleElement().satisfies(d -> {
            assertThat(d.subject()).isEqualTo(CallbackSubject.of(job.id()));
            assertThat(d.callback()).isEqualTo(HOOK);
            assertThat(d.attemptsSoFar()).isEqualTo(1);
            assertThat(d.nextNumber()).isEqualTo(2);
        });
    }

    @Test
    void v15MakesWaitingOnlyThePendingCallbacksOfUnendedSubjects() {
        Flyway.configure()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .cleanDisabled(false)
                .load()
                .clean();
        Flyway.configure()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .target("14")
                .load()
                .migrate();
        // rows as a version before V15 stored them: every callback PENDING until it was tried
        Map<String, String> jobRows = new LinkedHashMap<>();
        for (String[] row : new String[][] {
            {"QUEUED", "PENDING"},
            {"RUNNING", "PENDING"},
            {"RUNNING", "FAILED"},
            {"SUCCEEDED", "PENDING"},
            {"FAILED", "DELIVERED"},
            {"CANCELLED", "FAILED"}
        }) {
            Job job = Job.submitted(
                    JobId.random(),
                    new JobSpec("sql", "n", Map.of("sql", "SELECT 1"), "default", 0, Duration.ofHours(1), Map.of()),
                    ACME,
                    T0);
            jobs.insert(job, null);
            jdbc.sql("UPDATE job SET state = ? WHERE id = ?")
                    .params(row[0], job.id().toString())
                    .update();
            storeCallback("job_callback", "job_id", job.id().toString(), row[1]);
            jobRows.put(job.id().toString(), row[0] + "/" + row[1]);
        }
        Map<String, String> batchRows = new LinkedHashMap<>();
        for (String[] row : new String[][] {
            {"RUNNING", "PENDING"}, {"RUNNING", "DELIVERED"}, {"SUCCEEDED", "PENDING"}, {"FAILED", "FAILED"}
        }) {
            Batch batch = batch();
            batches.insert(batch, null);
            jdbc.sql("UPDATE batch SET state = ? WHERE id = ?")
                    .params(row[0], batch.id().toString())
                    .update();
            storeCallback("batch_callback", "batch_id", batch.id().toString(), row[1]);
            batchRows.put(batch.id().toString(), row[0] + "/" + row[1]);
        }

        Flyway.configure()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .load()
                .migrate();

        assertThat(storedStates("job", "job_callback", "job_id"))
                .containsExactlyInAnyOrderEntriesOf(expectedAfterV15(jobRows));
        assertThat(storedStates("batch", "batch_callback", "batch_id"))
                .containsExactlyInAnyOrderEntriesOf(expectedAfterV15(batchRows));
    }

    @Test
    void theUndoOfV15LeavesCallbacksAsAnOlderVersionReadsThemAndV15AppliesAgain() throws Exception {
        Batch batch = withCallback(HOOK);
        Job job = Job.submitted(
                JobId.random(),
                new JobSpec("sql", "n", Map.of("sql", "SELECT 1"), "default", 0, Duration.ofHours(1), Map.of()),
                ACME,
                T0);
        jobs.insert(job, null, () -> callbacks.register(job.id(), HOOK, T0));
        assertThat(storedStates("job", "job_callback", "job_id").values()).containsExactly("QUEUED/WAITING");

        String undo = new String(
                getClass().getResourceAsStream("/db/undo/undo-V15.sql").readAllBytes(), StandardCharsets.UTF_8);
        for (String statement : undo.replaceAll("(?m)^--.*$", "").split(";")) {
            if (!statement.isBlank()) {
                jdbc.sql(statement).update();
            }
        }

        assertThat(storedStates("job", "job_callback", "job_id").values()).containsExactly("QUEUED/PENDING");
        assertThat(storedStates("batch", "batch_callback", "batch_id").values()).containsExactly("RUNNING/PENDING");
        var migrated = Flyway.configure()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        assertThat(migrated.migrations)
                .as("V15 again, its index drop and creation included")
                .extracting(m -> m.version)
                .containsExactly("15");
        assertThat(storedStates("job", "job_callback", "job_id").values()).containsExactly("QUEUED/WAITING");
        assertThat(storedStates("batch", "batch_callback", "batch_id")
                        .get(batch.id().toString()))
                .isEqualTo("RUNNING/WAITING");
    }

    private void storeCallback(String table, String key, String id, String state) {
        jdbc.sql("INSERT INTO " + table + " (" + key + ", kind, url, headers, secret, state, next_attempt_at)"
                        + " VALUES (?, 'JOB', ?, '', NULL, ?, ?)")
                .params(id, HOOK.url(), state, JobRows.time(T0))
                .update();
    }

    private Map<String, String> storedStates(String subjects, String table, String key) {
        Map<String, String> states = new HashMap<>();
        jdbc.sql("SELECT s.id, s.state AS subject, c.state FROM " + table + " c JOIN " + subjects + " s ON s.id = c."
                        + key)
                .query(rs -> {
                    states.put(rs.getString("id"), rs.getString("subject") + "/" + rs.getString("state"));
                });
        return states;
    }

    /** QUEUED/RUNNING with PENDING become WAITING; every other row is left as it was. */
    private static Map<String, String> expectedAfterV15(Map<String, String> before) {
        Map<String, String> after = new HashMap<>();
        before.forEach((id, row) -> after.put(
                id,
                row.equals("QUEUED/PENDING") || row.equals("RUNNING/PENDING")
                        ? row.replace("PENDING", JdbcCallbackStore.WAITING)
                        : row));
        return after;
    }

    private Batch withCallback(Callback callback) {
        Batch batch = batch();
        batches.insert(batch, null, () -> callbacks.register(CallbackSubject.of(batch.id()), callback, T0));
        return batch;
    }

    private static DeliveryAttempt attempt(int number, Instant at, Integer status) {
        return new DeliveryAttempt(number, at, status, null, 5);
    }

    private static Batch batch() {
        return Batch.submitted(
                BatchId.random(),
                "with-callback",
                ACME,
                Set.of("SUBMITTER", "VIEWER"),
                3,
                FailurePolicy.CONTINUE,
                null,
                T0,
                List.of(BatchNode.pending(
                        "a",
                        List.of(),
                        RunIf.ALL_SUCCESS,
                        new NodeRequest(
                                "sql",
                                null,
                                Map.of("sql", "SELECT 1"),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null))));
    }
}
