package dev.sparkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.job.Attempt;
import dev.sparkjobs.job.DuplicateIdempotencyKeyException;
import dev.sparkjobs.job.IdempotencyKey;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobPage;
import dev.sparkjobs.job.JobQuery;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStatus;
import dev.sparkjobs.job.QueuedEntry;
import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.job.SideWrite;
import dev.sparkjobs.jobcallbacks.Callback;
import dev.sparkjobs.jobcallbacks.DeliveryAttempt;
import dev.sparkjobs.jobcallbacks.DeliveryState;
import dev.sparkjobs.lease.InstanceId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every {@link dev.sparkjobs.job.JobStore} must do, run against each database the service
 * supports: the store's migrations applied to a real, empty database, then the store's promises.
 */
abstract class JobStoreContract {

    private static final Instant T0 = Instant.parse("2026-11-21T10:15:30.123456Z");
    /** The instance this suite's store writes as; it holds the driver lease unless a test takes it away. */
    private static final String ME = "instance-a";

    private JdbcJobStore store;
    private JdbcClient jdbc;
    private TransactionTemplate tx;
    private JdbcDriverLease lease;

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
        JsonMapper json = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        tx = new TransactionTemplate(new JdbcTransactionManager(dataSource()));
        store = new JdbcJobStore(jdbc, tx, json, new InstanceId(ME));
        lease = new JdbcDriverLease(jdbc);
        assertThat(lease.tryAcquire(ME, T0, T0.plusSeconds(30))).isTrue();
    }

    private JdbcJobStore storeOf(String instance) {
        JsonMapper json = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        return new JdbcJobStore(jdbc, tx, json, new InstanceId(instance));
    }

    @Test
    void everyStateChangeIsFencedByTheDriverLease() {
        Job queued = queued("fenced", Map.of());
        store.insert(queued, null);
        JdbcJobStore other = storeOf("instance-b");

        assertThat(other.transition(queued, queued.start(T0, "instance-b")))
                .as("an instance without the lease cannot start a job")
                .isFalse();
        Job running = queued.start(T0, ME);
        assertThat(store.transition(queued, running)).isTrue();
        assertThat(store.find(queued.id()).orElseThrow().runBy()).isEqualTo(ME);

        // instance-b takes the lease over once it has expired (ME was cut off)
        assertThat(lease.tryAcquire("instance-b", T0.plusSeconds(31), T0.plusSeconds(61)))
                .isTrue();
        assertThat(store.transition(running, running.succeed(Map.of(), T0.plusSeconds(40))))
                .as("the late write of the instance that lost the lease is refused")
                .isFalse();
        Job lost = running.endLostAttempt(running.lostWithDriver("taken over", T0.plusSeconds(41)), 0.5);
        assertThat(other.transition(running, lost))
                .as("the new holder records what it recovered")
                .isTrue();
        Job stored = store.find(queued.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(JobState.FAILED);
        assertThat(stored.error().type()).isEqualTo(JobError.DRIVER_RESTART);
        assertThat(stored.runBy()).as("who ran the attempt that was lost").isEqualTo(ME);
    }

    @Test
    void queuedJobsAreReadInBoundedPagesWithoutParamsAndRunningOnesByInstance() {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Job job = queued("page-" + i, Map.of("i", String.valueOf(i)));
            store.insert(job, null);
            jobs.add(job);
        }
        Job running = jobs.get(1).start(T0, ME);
        store.transition(jobs.get(1), running);

        List<QueuedEntry> first = store.findQueued(0, 2);
        List<QueuedEntry> second = store.findQueued(first.get(1).seq(), 2);
        List<QueuedEntry> last = store.findQueued(second.get(1).seq(), 2);

        assertThat(first)
                .extracting(QueuedEntry::id)
                .containsExactly(jobs.get(0).id(), jobs.get(2).id());
        assertThat(second)
                .extracting(QueuedEntry::id)
                .containsExactly(jobs.get(3).id(), jobs.get(4).id());
        assertThat(last).isEmpty();
        assertThat(first.get(0).pool()).isEqualTo("default");
        assertThat(first.get(0).submittedAt()).isEqualTo(T0);
        assertThat(store.findRunningOn(ME, 10)).containsExactly(running);
        assertThat(store.findRunningOn("instance-b", 10)).isEmpty();
    }

    @Test
    void aStoredJobComesBackFieldForField() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("sql", "SELECT 'é', '😀', :x");
        params.put("args", Map.of("x", new BigDecimal("12345678901234567890.123456789")));
        params.put("nothing", null);
        params.put("list", List.of(1, "two", true));
        Job job = Job.submitted(
                JobId.random(),
                new JobSpec("sql", "nightly 'load'", params, "etl", 7, Duration.ofMinutes(90), Map.of("team", "a")),
                new JobOwner("team-a", "alice"),
                T0);

        store.insert(job, new IdempotencyKey("k-1", "hash-1"));

        assertThat(store.find(job.id())).contains(job);
        assertThat(store.findByIdempotencyKey("team-a", "k-1")).contains(new IdempotencyKey.Claim(job.id(), "hash-1"));
        assertThat(store.findByIdempotencyKey("team-a", "k-2")).isEmpty();
        assertThat(store.findByIdempotencyKey("team-b", "k-1"))
                .as("a key is its tenant's own")
                .isEmpty();
        assertThat(store.find(JobId.random())).isEmpty();
    }

    @Test
    void aKeyHoldsOneJobOnlyAndALosingInsertLeavesNothingBehind() {
        Job first = queued("a", Map.of("team", "x"));
        Job second = queued("b", Map.of("team", "y"));
        store.insert(first, new IdempotencyKey("same", "h1"));

        assertThatThrownBy(() -> store.insert(second, new IdempotencyKey("same", "h2")))
                .isInstanceOf(DuplicateIdempotencyKeyException.class);

        assertThat(store.find(second.id())).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM job_tag WHERE job_id = ?")
                        .param(second.id().toString())
                        .query(Integer.class)
                        .single())
                .as("the loser's tag rows were rolled back with it")
                .isZero();
    }

    @Test
    void concurrentInsertsUnderOneKeyLeaveExactlyOneJob() throws Exception {
        int writers = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> won = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Job job = queued("race-" + i, Map.of());
                won.add(pool.submit(() -> {
                    go.await();
                    try {
                        store.insert(job, new IdempotencyKey("contended", "h"));
                        return true;
                    } catch (DuplicateIdempotencyKeyException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> f : won) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(jdbc.sql("SELECT count(*) FROM job").query(Integer.class).single())
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void transitionsAreCompareAndSetOnTheState() {
        Job queued = queued("cas", Map.of());
        store.insert(queued, null);
        Job running = queued.start(T0.plusSeconds(1), ME);

        assertThat(store.transition(queued, running)).isTrue();
        assertThat(store.transition(queued, running))
                .as("a second writer that saw QUEUED loses")
                .isFalse();

        Job failed = running.fail(new JobError("BOOM", "x".repeat(100_000)), T0.plusSeconds(2));
        assertThat(store.transition(running, failed)).isTrue();
        assertThat(store.find(queued.id())).contains(failed);
        assertThat(store.transition(running, running.succeed(Map.of(), T0.plusSeconds(3))))
                .as("a final state is final")
                .isFalse();
    }

    @Test
    void ofRacingFinishersExactlyOneWins() throws Exception {
        Job queued = queued("race", Map.of());
        store.insert(queued, null);
        Job running = queued.start(T0, ME);
        store.transition(queued, running);
        List<Job> outcomes = List.of(
                running.succeed(Map.of("rows", 1), T0.plusSeconds(1)),
                running.cancel(T0.plusSeconds(1)),
                running.timeOut(T0.plusSeconds(1)),
                running.fail(new JobError("E", "e"), T0.plusSeconds(1)));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(outcomes.size());
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Job outcome : outcomes) {
                results.add(pool.submit((Callable<Boolean>) () -> {
                    go.await();
                    return store.transition(running, outcome);
                }));
            }
            go.countDown();
            List<Job> winners = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                if (results.get(i).get()) {
                    winners.add(outcomes.get(i));
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(store.find(queued.id())).contains(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRetryKeepsEachAttemptAndAStaleAttemptCannotWrite() {
        RetryPolicy policy = new RetryPolicy(
                3, Duration.ofSeconds(5), Duration.ofMinutes(1), EnumSet.of(RetryPolicy.RetryOn.FAILED));
        Job queued = Job.submitted(
                JobId.random(),
                new JobSpec("sql", "retried", Map.of(), "default", 0, Duration.ofHours(1), Map.of(), policy),
                JobOwner.DEFAULT,
                T0);
        store.insert(queued, null);
        Job first = queued.start(T0.plusSeconds(1), ME);
        store.transition(queued, first);
        Job second = first.retry(
                RetryPolicy.RetryOn.FAILED, new JobError("E1", "one"), T0.plusSeconds(2), Duration.ofSeconds(5));
        assertThat(store.transition(first, second)).isTrue();
        Job secondRunning = second.start(T0.plusSeconds(7), ME);
        assertThat(store.transition(second, secondRunning)).isTrue();

        assertThat(store.transition(first, first.succeed(Map.of(), T0.plusSeconds(8))))
                .as("attempt 1's late writer is fenced off by the attempt number")
                .isFalse();

        Job third = secondRunning.retry(
                RetryPolicy.RetryOn.FAILED, new JobError("E2", "two"), T0.plusSeconds(9), Duration.ofSeconds(10));
        assertThat(store.transition(secondRunning, third)).isTrue();

        Job stored = store.find(queued.id()).orElseThrow();
        assertThat(stored).isEqualTo(third);
        assertThat(stored.spec().retry()).isEqualTo(policy);
        assertThat(stored.notBefore()).isEqualTo(T0.plusSeconds(19));
        assertThat(stored.attempts())
                .extracting(Attempt::number, Attempt::outcome, a -> a.error().type())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "FAILED", "E1"),
                        org.assertj.core.groups.Tuple.tuple(2, "FAILED", "E2"));
        assertThat(store.list(new JobQuery(null, Set.of(), null, null, Map.of(), 10, null))
                        .jobs())
                .containsExactly(third);
    }

    @Test
    void aCancelRequestIsRecordedOnlyWhileRunningAndKeepsTheFirstTime() {
        Job queued = queued("cancel", Map.of());
        store.insert(queued, null);
        assertThat(store.markCancelRequested(queued.start(T0, ME).requestCancel(T0)))
                .as("not RUNNING yet")
                .isFalse();
        Job running = queued.start(T0, ME);
        store.transition(queued, running);

        assertThat(store.markCancelRequested(running.requestCancel(T0.plusSeconds(5))))
                .isTrue();
        assertThat(store.markCancelRequested(running.requestCancel(T0.plusSeconds(9))))
                .isTrue();

        assertThat(store.find(queued.id()).orElseThrow().cancelRequestedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void listsNewestFirstFilteredAndInPages() {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Job job = Job.submitted(
                    JobId.random(),
                    new JobSpec(
                            i % 2 == 0 ? "sql" : "other",
                            "job-" + i,
                            Map.of(),
                            i < 5 ? "default" : "etl",
                            0,
                            Duration.ofHours(1),
                            i % 3 == 0 ? Map.of("team", "a", "env", "prod") : Map.of("team", "b")),
                    JobOwner.DEFAULT,
                    T0.plusSeconds(i));
            store.insert(job, null);
            jobs.add(job);
        }
        Job started = jobs.get(3).start(T0.plusSeconds(10), ME);
        store.transition(jobs.get(3), started);

        JobPage firstPage = store.list(new JobQuery(null, Set.of(), null, null, Map.of(), 3, null));
        JobPage secondPage =
                store.list(new JobQuery(null, Set.of(), null, null, Map.of(), 3, firstPage.nextBeforeSeq()));
        JobPage lastPage =
                store.list(new JobQuery(null, Set.of(), null, null, Map.of(), 3, secondPage.nextBeforeSeq()));

        assertThat(names(firstPage)).containsExactly("job-6", "job-5", "job-4");
        assertThat(names(secondPage)).containsExactly("job-3", "job-2", "job-1");
        assertThat(names(lastPage)).containsExactly("job-0");
        assertThat(lastPage.nextBeforeSeq()).isNull();
        assertThat(names(store.list(new JobQuery(null, Set.of(JobState.RUNNING), null, null, Map.of(), 10, null))))
                .containsExactly("job-3");
        assertThat(names(store.list(new JobQuery(
                        null, Set.of(JobState.RUNNING, JobState.QUEUED), "other", null, Map.of(), 10, null))))
                .as("any of several states")
                .containsExactly("job-5", "job-3", "job-1");
        assertThat(names(store.list(new JobQuery(null, Set.of(), "sql", "default", Map.of(), 10, null))))
                .containsExactly("job-4", "job-2", "job-0");
        assertThat(names(store.list(
                        new JobQuery(null, Set.of(), null, null, Map.of("team", "a", "env", "prod"), 10, null))))
                .containsExactly("job-6", "job-3", "job-0");
        assertThat(store.findAllIn(JobState.QUEUED).stream()
                        .map(j -> j.spec().name())
                        .toList())
                .as("oldest first, for recovery")
                .containsExactly("job-0", "job-1", "job-2", "job-4", "job-5", "job-6");
    }

    @Test
    void summariesArePagedAndFilteredAsTheFullListButCarryNoParamsResultOrAttempts() {
        List<Job> ended = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Job queued = queued("summary-" + i, i % 2 == 0 ? Map.of("team", "a") : Map.of());
            store.insert(queued, null);
            Job first = queued.start(T0.plusSeconds(1), ME);
            store.transition(queued, first);
            Job second = first.retry(
                    RetryPolicy.RetryOn.FAILED, new JobError("E1", "one"), T0.plusSeconds(2), Duration.ZERO);
            store.transition(first, second);
            Job running = second.start(T0.plusSeconds(3), ME);
            store.transition(second, running);
            Job done = running.succeed(Map.of("rows", 42), T0.plusSeconds(4));
            store.transition(running, done);
            ended.add(done);
        }
        for (JobQuery q : List.of(
                new JobQuery(null, Set.of(), null, null, Map.of(), 2, null),
                new JobQuery(null, Set.of(JobState.SUCCEEDED), "sql", "default", Map.of("team", "a"), 10, null),
                new JobQuery(
                        JobOwner.DEFAULT.tenant(),
                        Set.of(JobState.SUCCEEDED, JobState.FAILED),
                        null,
                        null,
                        Map.of(),
                        3,
                        1_000_000L))) {
            JobPage full = store.list(q);
            JobPage summaries = store.listSummaries(q);
            assertThat(summaries.nextBeforeSeq()).isEqualTo(full.nextBeforeSeq());
            assertThat(summaries.jobs())
                    .as("the full jobs less what a list leaves out")
                    .containsExactlyElementsOf(full.jobs().stream()
                            .map(j -> new Job(
                                    j.id(),
                                    new JobSpec(
                                            j.spec().type(),
                                            j.spec().name(),
                                            Map.of(),
                                            j.spec().pool(),
                                            j.spec().priority(),
                                            j.spec().timeout(),
                                            j.spec().tags(),
                                            j.spec().retry(),
                                            j.spec().weight(),
                                            j.spec().writes(),
                                            j.spec().cancelIfUnpolled()),
                                    j.state(),
                                    j.owner(),
                                    j.submittedAt(),
                                    j.startedAt(),
                                    j.finishedAt(),
                                    j.cancelRequestedAt(),
                                    j.error(),
                                    null,
                                    j.attempt(),
                                    j.notBefore(),
                                    List.of(),
                                    j.runBy(),
                                    j.cancelReason()))
                            .toList());
        }
        assertThat(store.list(new JobQuery(null, Set.of(), null, null, Map.of(), 10, null))
                        .jobs()
                        .get(0)
                        .attempts())
                .as("the full list still has them")
                .hasSize(1);
        assertThat(names(store.listSummaries(new JobQuery(
                        null, Set.of(JobState.SUCCEEDED), "sql", "default", Map.of("team", "a"), 10, null))))
                .containsExactly("summary-4", "summary-2", "summary-0");
        assertThat(ended).hasSize(5);
    }

    @Test
    void statesAreReadForManyJobsAtOnceWithTheirErrors() {
        Job queued = queued("states-queued", Map.of());
        Job failing = queued("states-failed", Map.of());
        store.insert(queued, null);
        store.insert(failing, null);
        Job running = failing.start(T0.plusSeconds(1), ME);
        store.transition(failing, running);
        Job failed = running.fail(new JobError("E1", "broke"), T0.plusSeconds(2));
        store.transition(running, failed);

        assertThat(store.states(List.of(queued.id(), failing.id(), JobId.random())))
                .as("one per job that exists")
                .containsExactlyInAnyOrder(
                        new JobStatus(queued.id(), JobState.QUEUED, null),
                        new JobStatus(failing.id(), JobState.FAILED, new JobError("E1", "broke")));
        assertThat(store.states(List.of())).isEmpty();
    }

    @Test
    void aCallbackWaitsOutsideTheDueRangeUntilItsJobEndsAndTheEndingTransactionMakesItDue() {
        JdbcCallbackStore callbacks = new JdbcCallbackStore(jdbc, tx);
        Job queued = queued("waits", Map.of());
        store.insert(queued, null);
        callbacks.register(
                queued.id(), new Callback(Callback.Kind.JOB, "https://hooks.example.com/cb", null, null), T0);
        Job running = queued.start(T0.plusSeconds(1), ME);
        store.transition(queued, running);

        assertThat(storedCallback(queued.id()))
                .as("an unended job's callback is not in the due index's PENDING range")
                .containsExactly(JdbcCallbackStore.WAITING, JobRows.time(T0));
        assertThat(callbacks.status(queued.id()).orElseThrow().state())
                .as("a caller sees it as not delivered yet")
                .isEqualTo(DeliveryState.PENDING);
        assertThat(callbacks.claimDue(T0.plusSeconds(60), T0.plusSeconds(62), 10))
                .isEmpty();

        Job done = running.succeed(Map.of(), T0.plusSeconds(5));
        assertThat(store.transition(running, done)).isTrue();
        assertThat(storedCallback(queued.id()))
                .as("PENDING in the ending transaction, due from its registration")
                .containsExactly("PENDING", JobRows.time(T0));
        assertThat(callbacks.claimDue(T0.plusSeconds(5), T0.plusSeconds(7), 10))
                .singleElement()
                .satisfies(
                        d -> assertThat(d.subject().id()).isEqualTo(queued.id().value()));

        Job bornFinal = Job.unrun(
                JobId.random(),
                queued("born-final", Map.of()).spec(),
                JobOwner.DEFAULT,
                T0.plusSeconds(8),
                JobState.SKIPPED,
                new JobError("SKIPPED", "its condition no longer holds"));
        store.insert(
                bornFinal,
                null,
                () -> callbacks.register(
                        bornFinal.id(),
                        new Callback(Callback.Kind.JOB, "https://hooks.example.com/cb", null, null),
                        T0.plusSeconds(8)));
        assertThat(storedCallback(bornFinal.id()))
                .as("a job born ended has its callback due at once")
                .containsExactly("PENDING", JobRows.time(T0.plusSeconds(8)));
    }

    @Test
    void theReleaseMakesDueTheCallbackOfAJobEndedByAnInstanceThatKeepsNoWaitingState() {
        JdbcCallbackStore callbacks = new JdbcCallbackStore(jdbc, tx);
        Job queued = queued("ended-elsewhere", Map.of());
        store.insert(queued, null);
        Job stillRunning = queued("still-running", Map.of());
        store.insert(stillRunning, null);
        for (Job j : List.of(queued, stillRunning)) {
            callbacks.register(j.id(), new Callback(Callback.Kind.JOB, "https://hooks.example.com/cb", null, null), T0);
            store.transition(j, j.start(T0.plusSeconds(1), ME));
        }
        // what ending a job amounts to in a version without WAITING: the job row alone
        jdbc.sql("UPDATE job SET state = 'SUCCEEDED', finished_at = ? WHERE id = ?")
                .params(JobRows.time(T0.plusSeconds(5)), queued.id().toString())
                .update();
        assertThat(callbacks.claimDue(T0.plusSeconds(6), T0.plusSeconds(8), 10))
                .as("stranded before the release")
                .isEmpty();

        assertThat(callbacks.releaseEnded()).isEqualTo(1);

        assertThat(callbacks.claimDue(T0.plusSeconds(6), T0.plusSeconds(8), 10))
                .singleElement()
                .satisfies(
                        d -> assertThat(d.subject().id()).isEqualTo(queued.id().value()));
        assertThat(storedCallback(stillRunning.id()))
                .as("a running job's callback waits on")
                .containsExactly(JdbcCallbackStore.WAITING, JobRows.time(T0));
        assertThat(callbacks.releaseEnded()).as("nothing left to release").isZero();
    }

    private List<Object> storedCallback(JobId id) {
        return jdbc.sql("SELECT state, next_attempt_at FROM job_callback WHERE job_id = ?")
                .param(id.toString())
                .query((rs, n) -> java.util.Arrays.<Object>asList(
                        rs.getString("state"), JobRows.time(JobRows.instant(rs, "next_attempt_at"))))
                .single();
    }

    @Test
    void retentionDeletesTheEarliestFinishedFirst() {
        Job longer = queued("submitted-first-finished-last", Map.of());
        Job shorter = queued("submitted-last-finished-first", Map.of());
        store.insert(longer, null);
        store.insert(shorter, null);
        Job longerRunning = longer.start(T0, ME);
        store.transition(longer, longerRunning);
        store.transition(longerRunning, longerRunning.succeed(Map.of(), T0.plusSeconds(30)));
        Job shorterRunning = shorter.start(T0, ME);
        store.transition(shorter, shorterRunning);
        store.transition(shorterRunning, shorterRunning.succeed(Map.of(), T0.plusSeconds(10)));

        assertThat(store.deleteFinishedBefore(T0.plusSeconds(50), 1)).isEqualTo(1);

        assertThat(store.find(shorter.id()))
                .as("finished first, so swept first")
                .isEmpty();
        assertThat(store.find(longer.id())).isPresent();
    }

    @Test
    void aJobBornFinalIsStoredWithItsEndAndSweptLikeAnyOther() {
        Job template = queued("never-ran", Map.of());
        Job skipped = Job.unrun(
                JobId.random(),
                template.spec(),
                new JobOwner("team-a", "alice"),
                T0,
                JobState.SKIPPED,
                new JobError(JobError.SKIPPED, "runIf ALL_SUCCESS cannot hold: extract FAILED"));
        Job unresolved = Job.unrun(
                JobId.random(),
                template.spec(),
                null,
                T0.plusSeconds(100),
                JobState.FAILED,
                new JobError(JobError.UNRESOLVED_REFERENCE, "params.sql: ${jobs.a.result.x} cannot be resolved"));

        store.insert(skipped, new IdempotencyKey("batch:b:k:1", "h"));
        store.insert(unresolved, null);

        assertThat(store.find(skipped.id())).contains(skipped);
        assertThat(store.find(unresolved.id())).contains(unresolved);
        assertThat(store.list(new JobQuery(null, Set.of(JobState.SKIPPED), null, null, null, 10, null))
                        .jobs())
                .extracting(Job::id)
                .containsExactly(skipped.id());
        assertThat(store.deleteFinishedBefore(T0.plusSeconds(50), 10)).isEqualTo(1);
        assertThat(store.find(skipped.id())).isEmpty();
        assertThat(store.find(unresolved.id())).isPresent();
    }

    @Test
    void retentionDeletesOnlyJobsThatFinishedBeforeTheCutoffInBatchesAndFreesTheirKeys() {
        List<Job> old = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Job job = queued("old-" + i, Map.of("team", "a"));
            store.insert(job, new IdempotencyKey("old-" + i, "h"));
            Job running = job.start(T0, ME);
            store.transition(job, running);
            store.transition(running, running.succeed(Map.of(), T0.plusSeconds(10 + i)));
            old.add(job);
        }
        Job stillRunning = queued("running", Map.of());
        store.insert(stillRunning, null);
        store.transition(stillRunning, stillRunning.start(T0, ME));
        Job stillQueued = queued("queued", Map.of());
        store.insert(stillQueued, null);
        Job recent = queued("recent", Map.of());
        store.insert(recent, null);
        store.transition(recent, recent.cancel(T0.plusSeconds(100)));

        assertThat(store.deleteFinishedBefore(T0.plusSeconds(50), 2)).isEqualTo(2);
        assertThat(store.deleteFinishedBefore(T0.plusSeconds(50), 2)).isEqualTo(1);
        assertThat(store.deleteFinishedBefore(T0.plusSeconds(50), 2)).isZero();

        for (Job job : old) {
            assertThat(store.find(job.id())).isEmpty();
        }
        assertThat(store.findByIdempotencyKey("default", "old-0"))
                .as("the key is free again")
                .isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM job_tag").query(Integer.class).single())
                .isZero();
        assertThat(store.find(stillRunning.id())).isPresent();
        assertThat(store.find(stillQueued.id())).isPresent();
        assertThat(store.find(recent.id())).isPresent();
    }

    @Test
    void timesKeepMicrosecondsInUtc() {
        Job job = Job.submitted(
                JobId.random(),
                new JobSpec("sql", null, Map.of(), "default", 0, Duration.ofSeconds(1), Map.of()),
                JobOwner.DEFAULT,
                Instant.parse("2026-03-29T01:30:00.000001Z")); // the hour clocks change in Europe
        store.insert(job, null);

        assertThat(store.find(job.id()).orElseThrow().submittedAt())
                .isEqualTo(Instant.parse("2026-03-29T01:30:00.000001Z").truncatedTo(ChronoUnit.MICROS));
    }

    private static List<String> names(JobPage page) {
        return page.jobs().stream().map(j -> j.spec().name()).toList();
    }

    @Test
    void aJobsUnpolledLimitAndLastReadAreKept() {
        JobSpec limited = new JobSpec(
                "sql",
                "watched",
                Map.of(),
                "default",
                0,
                Duration.ofHours(1),
                Map.of(),
                RetryPolicy.NONE,
                1.0,
                List.of(),
                Duration.ofSeconds(90));
        Job watched = Job.submitted(JobId.random(), limited, JobOwner.DEFAULT, T0);
        Job unwatched = queued("unwatched", Map.of());
        store.insert(watched, null);
        store.insert(unwatched, null);
        JdbcReadTimes reads = new JdbcReadTimes(jdbc, new org.springframework.jdbc.core.JdbcTemplate(dataSource()));

        assertThat(store.find(watched.id()).orElseThrow().spec().cancelIfUnpolled())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(store.find(unwatched.id()).orElseThrow().spec().cancelIfUnpolled())
                .isNull();
        reads.recordReads(Map.of(watched.id(), T0.plusSeconds(20), unwatched.id(), T0.plusSeconds(20)));
        reads.recordReads(Map.of(watched.id(), T0.plusSeconds(10))); // a late batch of an older read
        assertThat(reads.watched(10))
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("seq")
                .containsExactly(new dev.sparkjobs.abandon.ReadTimes.Watched(
                        watched.id(), "sql", JobState.QUEUED, Duration.ofSeconds(90), T0, T0.plusSeconds(20)));

        Job running = watched.start(T0.plusSeconds(1), ME);
        assertThat(store.transition(watched, running)).isTrue();
        assertThat(reads.watched(10)).extracting(w -> w.state()).containsExactly(JobState.RUNNING);
        assertThat(store.transition(running, running.abandon(T0.plusSeconds(200))))
                .isTrue();
        assertThat(reads.watched(10)).isEmpty();
        assertThat(store.find(watched.id()).orElseThrow().error().type()).isEqualTo(JobError.ABANDONED);
    }

    @Test
    void aCallbackAttemptIsRecordedOnlyWhileItsClaimHolds() {
        Job job = queued("called-back", Map.of());
        store.insert(job, null);
        JdbcCallbackStore callbacks = new JdbcCallbackStore(jdbc, tx);
        callbacks.register(job.id(), new Callback(Callback.Kind.JOB, "https://hooks.example.com/cb", null, null), T0);
        // the job ends as the service ends jobs: the transition makes its callback PENDING
        assertThat(store.transition(job, job.cancel(T0))).isTrue();

        var first = callbacks.claimDue(T0, T0.plusMillis(2200), 10);
        assertThat(first).hasSize(1);
        // the first sender's claim lapses; a second one claims the row again
        var second = callbacks.claimDue(T0.plusSeconds(3), T0.plusMillis(5200), 10);
        assertThat(second).hasSize(1);

        var attempt = new DeliveryAttempt(1, T0.plusSeconds(3), 204, null, 5);
        assertThat(callbacks.recordAttempt(first.get(0), attempt, DeliveryState.DELIVERED, T0.plusSeconds(4)))
                .as("a sender whose claim was taken records nothing")
                .isFalse();
        assertThat(callbacks.status(job.id()).orElseThrow().state()).isEqualTo(DeliveryState.PENDING);
        assertThat(callbacks.recordAttempt(second.get(0), attempt, DeliveryState.DELIVERED, T0.plusSeconds(4)))
                .isTrue();
        assertThat(callbacks.status(job.id()).orElseThrow().state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(callbacks.status(job.id()).orElseThrow().attempts()).hasSize(1);
    }

    @Test
    void aJobAndWhatIsWrittenAlongsideItAreStoredTogetherOrNotAtAll() {
        JdbcCallbackStore callbacks = new JdbcCallbackStore(jdbc, tx);
        Job job = queued("with-callback", Map.of());
        String tooLong = "https://hooks.example.com/" + "x".repeat(5000); // longer than job_callback.url
        assertThatThrownBy(() -> store.insert(
                        job,
                        null,
                        () -> callbacks.register(job.id(), new Callback(Callback.Kind.JOB, tooLong, null, null), T0)))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.find(job.id())).as("no job without its callback").isEmpty();

        Job ok = queued("with-callback", Map.of());
        store.insert(
                ok,
                null,
                () -> callbacks.register(
                        ok.id(), new Callback(Callback.Kind.JOB, "https://hooks.example.com/cb", null, null), T0));
        assertThat(store.find(ok.id())).isPresent();
        assertThat(callbacks.status(ok.id())).isPresent();
    }

    @Test
    void whyACancelWasAskedIsKeptWithIt() {
        Job queued = queued("abandoned", Map.of());
        store.insert(queued, null);
        Job running = queued.start(T0, ME);
        assertThat(store.transition(queued, running)).isTrue();
        assertThat(store.markCancelRequested(running.requestAbandon(T0.plusSeconds(5))))
                .isTrue();
        assertThat(store.markCancelRequested(running.requestCancel(T0.plusSeconds(6))))
                .isTrue(); // a second ask keeps the first reason
        Job stored = store.find(queued.id()).orElseThrow();
        assertThat(stored.cancelReason()).isEqualTo(JobError.ABANDONED);
        assertThat(stored.endLostAttempt(stored.lostWithDriver("lease lost", T0.plusSeconds(7)), 0.5)
                        .error()
                        .type())
                .isEqualTo(JobError.ABANDONED);
    }

    @Test
    void sideWritesCommitWithTheChangeAndOneTheStoreRefusesIsUndoneAlone() {
        Job queued = queued("side-writes", Map.of());
        Job other = queued("other", Map.of());
        store.insert(queued, null);
        store.insert(other, null);
        Job running = queued.start(T0, ME);
        assertThat(store.transition(queued, running)).isTrue();
        List<RuntimeException> refused = new ArrayList<>();

        SideWrite kept = new SideWrite(() -> progressRow(queued.id(), "kept"), e -> {
            throw e;
        });
        // its first row goes in, its second is refused (the first write's key): both are undone; in a
        // transaction of its own that joins the change's, as the other stores write
        SideWrite halfway = new SideWrite(
                () -> tx.executeWithoutResult(status -> {
                    progressRow(other.id(), "undone");
                    progressRow(queued.id(), "again");
                }),
                refused::add);
        Job succeeded = running.succeed(Map.of("rows", 1), T0.plusSeconds(1));

        assertThat(store.transition(running, succeeded, List.of(kept, halfway))).isTrue();

        assertThat(refused).singleElement().isInstanceOf(DataIntegrityViolationException.class);
        assertThat(progressOf(queued.id())).containsExactly("kept");
        assertThat(progressOf(other.id()))
                .as("undone with the write that refused")
                .isEmpty();
        assertThat(store.find(queued.id()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aSideWriteThatFailsTheChangeLeavesNothingAndALosingChangeStillWritesThem() {
        Job queued = queued("side-writes-fail", Map.of());
        store.insert(queued, null);
        Job running = queued.start(T0, ME);
        assertThat(store.transition(queued, running)).isTrue();
        SideWrite progress = new SideWrite(() -> progressRow(queued.id(), "first"), e -> {
            throw e;
        });
        RuntimeException away = new TransientDataAccessResourceException("store away");
        SideWrite outage = new SideWrite(
                () -> {
                    throw away;
                },
                e -> {
                    throw e;
                });
        Job succeeded = running.succeed(Map.of(), T0.plusSeconds(1));

        assertThatThrownBy(() -> store.transition(running, succeeded, List.of(progress, outage)))
                .isSameAs(away);
        assertThat(progressOf(queued.id()))
                .as("a change that throws wrote none of its side writes")
                .isEmpty();
        assertThat(store.find(queued.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);

        // a cancel's end wins first: the late end loses its compare-and-set, its attempt's figures are kept
        assertThat(store.transition(running, running.cancel(T0.plusSeconds(2)))).isTrue();
        assertThat(store.transition(running, succeeded, List.of(progress))).isFalse();
        assertThat(progressOf(queued.id())).containsExactly("first");
        assertThat(store.find(queued.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void sideWritesAreFencedLikeTheirChange() {
        Job queued = queued("side-writes-fenced", Map.of());
        store.insert(queued, null);
        Job running = queued.start(T0, ME);
        assertThat(store.transition(queued, running)).isTrue();
        Job retried = running.retry(
                RetryPolicy.RetryOn.FAILED, new JobError("E1", "one"), T0.plusSeconds(1), Duration.ofSeconds(1));
        Job second = retried.start(T0.plusSeconds(2), ME);
        assertThat(store.transition(running, retried)).isTrue();
        assertThat(store.transition(retried, second)).isTrue();
        SideWrite late = new SideWrite(() -> progressRow(queued.id(), "attempt 1, late"), e -> {
            throw e;
        });

        assertThat(store.transition(running, running.succeed(Map.of(), T0.plusSeconds(3)), List.of(late)))
                .as("attempt 1's late end, after attempt 2 started")
                .isFalse();
        assertThat(progressOf(queued.id()))
                .as("a later attempt's figures are not the late one's")
                .isEmpty();

        // instance-b takes the lease over once it has expired (ME was cut off)
        assertThat(lease.tryAcquire("instance-b", T0.plusSeconds(31), T0.plusSeconds(61)))
                .isTrue();
        SideWrite cutOff = new SideWrite(() -> progressRow(queued.id(), "cut off"), e -> {
            throw e;
        });
        assertThat(store.transition(second, second.succeed(Map.of(), T0.plusSeconds(40)), List.of(cutOff)))
                .as("the end written by the instance that lost the lease")
                .isFalse();
        assertThat(progressOf(queued.id()))
                .as("an instance without the lease writes nothing with its change")
                .isEmpty();
    }

    private void progressRow(JobId id, String text) {
        jdbc.sql("INSERT INTO job_progress (job_id, attempt, progress) VALUES (?, 1, ?)")
                .params(id.toString(), text)
                .update();
    }

    private List<String> progressOf(JobId id) {
        return jdbc.sql("SELECT progress FROM job_progress WHERE job_id = ?")
                .param(id.toString())
                .query(String.class)
                .list();
    }

    private static Job queued(String name, Map<String, String> tags) {
        return Job.submitted(
                JobId.random(),
                new JobSpec(
                        "sql", name, new HashMap<>(Map.of("sql", "SELECT 1")), "default", 0, Duration.ofHours(1), tags),
                JobOwner.DEFAULT,
                T0);
    }
}
