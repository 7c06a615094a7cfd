package dev.sparkjobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchLink;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.BatchPage;
import dev.sparkjobs.batch.BatchQuery;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batch.CancelReason;
import dev.sparkjobs.batch.FailurePolicy;
import dev.sparkjobs.batch.NodeRequest;
import dev.sparkjobs.batch.RunIf;
import dev.sparkjobs.job.DuplicateIdempotencyKeyException;
import dev.sparkjobs.job.IdempotencyKey;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.job.TableWrite;
import dev.sparkjobs.lease.InstanceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every {@link dev.sparkjobs.batch.BatchStore} must do, run against each database the service
 * supports: the migrations applied to a real, empty database, then the store's promises.
 */
abstract class BatchStoreContract {

    private static final Instant T0 = Instant.parse("2026-11-21T10:15:30.123456Z");
    private static final JobOwner ACME = new JobOwner("acme", "alice");

    private JdbcBatchStore store;
    private JdbcJobStore jobs;

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
        JdbcClient jdbc = JdbcClient.create(dataSource());
        JsonMapper json = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        TransactionTemplate tx = new TransactionTemplate(new JdbcTransactionManager(dataSource()));
        store = new JdbcBatchStore(jdbc, tx, json, new JdbcTemplate(dataSource()));
        jobs = new JdbcJobStore(jdbc, tx, json, new InstanceId("instance-a"));
    }

    @Test
    void aBatchKeepsItsUnreadLimitItsLatestReadAndWhyItWasCancelled() {
        Batch batch = Batch.submitted(
                BatchId.random(),
                "watched",
                new JobOwner("t1", "alice"),
                Set.of("SUBMITTER"),
                2,
                FailurePolicy.CONTINUE,
                null,
                Duration.ofSeconds(30),
                T0,
                List.of(BatchNode.pending("a", List.of(), RunIf.ALL_SUCCESS, request("SELECT 1"))));
        store.insert(batch, null);

        store.recordReads(Map.of(batch.id(), T0.plusSeconds(10)));
        store.recordReads(Map.of(batch.id(), T0.plusSeconds(5)));
        assertThat(store.requestCancel(batch.id(), T0.plusSeconds(50), CancelReason.ABANDONED))
                .isTrue();
        assertThat(store.requestCancel(batch.id(), T0.plusSeconds(51))).isFalse();

        Batch found = store.find(batch.id()).orElseThrow();
        assertThat(found.cancelIfUnpolled()).isEqualTo(Duration.ofSeconds(30));
        assertThat(found.lastReadAt()).as("an older read does not win").isEqualTo(T0.plusSeconds(10));
        assertThat(found.cancelReason()).isEqualTo(CancelReason.ABANDONED);
    }

    @Test
    void aBatchComesBackWithItsNodesInRequestOrder() {
        NodeRequest full = new NodeRequest(
                "sql",
                "load",
                Map.of("sql", "SELECT 1", "nested", Map.of("list", List.of(1, "two"))),
                "etl",
                5,
                600L,
                Map.of("team", "sales"),
                2,
                30L,
                EnumSet.of(RetryPolicy.RetryOn.FAILED, RetryPolicy.RetryOn.TIMED_OUT),
                0.5,
                List.of(new TableWrite("sales.orders", TableWrite.Kind.APPEND)));
        Batch batch = batch(
                "nightly",
                ACME,
                List.of(
                        BatchNode.pending("z-first", List.of(), null, request("SELECT 1")),
                        BatchNode.pending("a-second", List.of("z-first"), RunIf.ALL_DONE, full)));
        store.insert(batch, null);

        Batch read = store.find(batch.id()).orElseThrow();

        assertThat(read.nodes()).extracting(BatchNode::key).containsExactly("z-first", "a-second");
        assertThat(read.node("a-second").request()).isEqualTo(full);
        assertThat(read.node("a-second").runIf()).isEqualTo(RunIf.ALL_DONE);
        assertThat(read.node("a-second").dependsOn()).containsExactly("z-first");
        assertThat(read.node("z-first").isPending()).isTrue();
        assertThat(read.owner()).isEqualTo(ACME);
        assertThat(read.roles()).containsExactlyInAnyOrder("SUBMITTER", "VIEWER");
        assertThat(read.state()).isEqualTo(BatchState.RUNNING);
        assertThat(read.concurrency()).isEqualTo(3);
        assertThat(read.failurePolicy()).isEqualTo(FailurePolicy.FAIL_FAST);
        assertThat(read.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(read.submittedAt()).isEqualTo(T0);
        assertThat(store.find(BatchId.random())).isEmpty();
    }

    @Test
    void anIdempotencyKeyIsTheTenantsOwn() {
        Batch first = batch("one", ACME, nodes("a"));
        store.insert(first, new IdempotencyKey("k-1", "hash-1"));

        assertThatThrownBy(() -> store.insert(batch("two", ACME, nodes("a")), new IdempotencyKey("k-1", "hash-2")))
                .isInstanceOf(DuplicateIdempotencyKeyException.class);
        store.insert(batch("three", new JobOwner("other", "bob"), nodes("a")), new IdempotencyKey("k-1", "hash-3"));

        assertThat(store.findByIdempotencyKey("acme", "k-1"))
                .contains(new dev.sparkjobs.batch.BatchStore.Claim(first.id(), "hash-1"));
        assertThat(store.findByIdempotencyKey("acme", "k-2")).isEmpty();
        assertThat(store.list(new BatchQuery("acme", null, null, 10, null)).items())
                .as("the refused batch left no row behind, nor any node")
                .extracting(Batch::name)
                .containsExactly("one");
    }

    @Test
    void listsNewestFirstByTenantStateAndNameAPageAtATime() {
        List<BatchId> acme = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Batch b = batch(i % 2 == 0 ? "even" : "odd", ACME, nodes("a", "b"));
            store.insert(b, null);
            acme.add(b.id());
        }
        store.insert(batch("even", new JobOwner("other", "bob"), nodes("a")), null);
        assertThat(store.finish(acme.get(0), 0, BatchState.SUCCEEDED, T0)).isTrue();

        BatchPage first = store.list(new BatchQuery("acme", null, null, 2, null));
        BatchPage second = store.list(new BatchQuery("acme", null, null, 2, first.nextSeq()));
        BatchPage last = store.list(new BatchQuery("acme", null, null, 2, second.nextSeq()));

        assertThat(first.items()).extracting(Batch::id).containsExactly(acme.get(4), acme.get(3));
        assertThat(second.items()).extracting(Batch::id).containsExactly(acme.get(2), acme.get(1));
        assertThat(last.items()).extracting(Batch::id).containsExactly(acme.get(0));
        assertThat(last.nextSeq()).isNull();
        assertThat(first.counts(acme.get(4))).isEqualTo(Map.of("PENDING", 2));
        assertThat(store.list(new BatchQuery("acme", null, "even", 10, null)).items())
                .extracting(Batch::id)
                .containsExactly(acme.get(4), acme.get(2), acme.get(0));
        assertThat(store.list(new BatchQuery("acme", BatchState.SUCCEEDED, null, 10, null))
                        .items())
                .extracting(Batch::id)
                .containsExactly(acme.get(0));
        assertThat(store.list(new BatchQuery(null, null, "even", 10, null)).items())
                .hasSize(4);
        assertThat(store.findRunning())
                .as("oldest first, the other tenant's too")
                .hasSize(5)
                .startsWith(acme.get(1), acme.get(2), acme.get(3), acme.get(4))
                .doesNotContain(acme.get(0));
    }

    @Test
    void aNodeRecordsOneJobPerRunAndTheJobNamesItsBatch() {
        Batch batch = batch("b", ACME, nodes("a"));
        store.insert(batch, null);
        Job job = queued();
        jobs.insert(job, null);
        Job other = queued();
        jobs.insert(other, null);

        assertThat(store.recordJob(batch.id(), "a", 1, job.id(), JobState.QUEUED))
                .isTrue();
        assertThat(store.recordJob(batch.id(), "a", 1, other.id(), JobState.QUEUED))
                .as("the node is no longer PENDING: the second writer loses")
                .isFalse();
        assertThat(store.recordJob(batch.id(), "a", 2, other.id(), JobState.QUEUED))
                .as("a run the node is not in")
                .isFalse();

        BatchNode node = store.find(batch.id()).orElseThrow().node("a");
        assertThat(node.jobId()).isEqualTo(job.id());
        assertThat(node.state()).isEqualTo(JobState.QUEUED);
        assertThat(store.linkOf(job.id())).contains(new BatchLink(batch.id(), "a"));
        assertThat(store.linkOf(other.id())).isEmpty();
    }

    @Test
    void twoWritersRacingToRecordANodesJobHaveOneWinner() throws Exception {
        Batch batch = batch("b", ACME, nodes("a"));
        store.insert(batch, null);
        List<Job> candidates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Job j = queued();
            jobs.insert(j, null);
            candidates.add(j);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (Job j : candidates) {
                results.add(pool.submit(() -> {
                    go.await();
                    return store.recordJob(batch.id(), "a", 1, j.id(), JobState.QUEUED);
                }));
            }
            go.countDown();
            int wins = 0;
            for (Future<Boolean> r : results) {
                wins += r.get() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        JobId recorded = store.find(batch.id()).orElseThrow().node("a").jobId();
        assertThat(candidates.stream().filter(j -> store.linkOf(j.id()).isPresent()))
                .as("only the winner's job names the batch")
                .extracting(Job::id)
                .containsExactly(recorded);
    }

    @Test
    void mirrorAndFinishAreComparedWithWhatTheWriterSaw() {
        Batch batch = batch("b", ACME, nodes("a"));
        store.insert(batch, null);
        Job job = queued();
        jobs.insert(job, null);
        store.recordJob(batch.id(), "a", 1, job.id(), JobState.QUEUED);

        assertThat(store.mirror(batch.id(), "a", 1, JobState.QUEUED, JobState.RUNNING))
                .isTrue();
        assertThat(store.mirror(batch.id(), "a", 1, JobState.QUEUED, JobState.FAILED))
                .isFalse();
        assertThat(store.mirror(batch.id(), "a", 1, JobState.RUNNING, JobState.SUCCEEDED))
                .isTrue();
        assertThat(store.finish(batch.id(), 1, BatchState.SUCCEEDED, T0))
                .as("a repair it never had")
                .isFalse();
        assertThat(store.finish(batch.id(), 0, BatchState.SUCCEEDED, T0.plusSeconds(5)))
                .isTrue();
        assertThat(store.finish(batch.id(), 0, BatchState.FAILED, T0.plusSeconds(6)))
                .as("only a RUNNING batch ends")
                .isFalse();

        Batch read = store.find(batch.id()).orElseThrow();
        assertThat(read.state()).isEqualTo(BatchState.SUCCEEDED);
        assertThat(read.finishedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(read.node("a").state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(store.findRunning()).doesNotContain(batch.id());
    }

    @Test
    void aCancelIsAskedForOnceAndOnlyOfARunningBatch() {
        Batch batch = batch("b", ACME, nodes("a"));
        store.insert(batch, null);

        assertThat(store.requestCancel(batch.id(), T0.plusSeconds(1))).isTrue();
        assertThat(store.requestCancel(batch.id(), T0.plusSeconds(2))).isFalse();
        assertThat(store.find(batch.id()).orElseThrow().cancelRequestedAt()).isEqualTo(T0.plusSeconds(1));
        store.finish(batch.id(), 0, BatchState.CANCELLED, T0.plusSeconds(3));
        Batch other = batch("c", ACME, nodes("a"));
        store.insert(other, null);
        store.finish(other.id(), 0, BatchState.SUCCEEDED, T0);
        assertThat(store.requestCancel(other.id(), T0)).isFalse();
    }

    @Test
    void aBatchWithACancelPendingEndsCancelledAndOnlySuch() {
        Batch batch = batch("b", ACME, nodes("a"));
        store.insert(batch, null);
        store.requestCancel(batch.id(), T0.plusSeconds(1));

        for (BatchState end : List.of(BatchState.SUCCEEDED, BatchState.FAILED, BatchState.TIMED_OUT)) {
            assertThat(store.finish(batch.id(), 0, end, T0.plusSeconds(2)))
                    .as("a step that read it before the cancel may not end it " + end)
                    .isFalse();
        }
        assertThat(store.finish(batch.id(), 0, BatchState.CANCELLED, T0.plusSeconds(3)))
                .isTrue();
        Batch read = store.find(batch.id()).orElseThrow();
        assertThat(read.state()).isEqualTo(BatchState.CANCELLED);
        assertThat(read.cancelReason()).isEqualTo(CancelReason.REQUESTED);
        assertThat(read.error()).isNull();

        Batch other = batch("c", ACME, nodes("a"));
        store.insert(other, null);
        assertThat(store.finish(other.id(), 0, BatchState.CANCELLED, T0))
                .as("nobody asked for a cancel")
                .isFalse();
        assertThat(store.finish(other.id(), 0, BatchState.FAILED, T0, "x".repeat(3000)))
                .isTrue();
        Batch failed = store.find(other.id()).orElseThrow();
        assertThat(failed.error())
                .as("kept, cut to its column")
                .startsWith("xxx")
                .hasSize(2000);
        assertThat(store.repair(failed, Set.of("a"), T0.plusSeconds(1))).isTrue();
        assertThat(store.find(other.id()).orElseThrow().error())
                .as("a repair clears it")
                .isNull();
    }

    @Test
    void aRepairRerunsItsNodesOnceEvenWhenTwoAskAtOnce() {
        Batch batch = batch("b", ACME, nodes("a", "b", "c"));
        store.insert(batch, null);
        Map<String, Job> firstRun = new HashMap<>();
        for (String key : List.of("a", "b", "c")) {
            Job job = queued();
            jobs.insert(job, null);
            firstRun.put(key, job);
            store.recordJob(batch.id(), key, 1, job.id(), key.equals("a") ? JobState.SUCCEEDED : JobState.FAILED);
        }
        store.requestCancel(batch.id(), T0);
        store.finish(batch.id(), 0, BatchState.CANCELLED, T0.plusSeconds(1));
        Batch failed = store.find(batch.id()).orElseThrow();

        assertThat(store.repair(failed, Set.of("b", "c"), T0.plusSeconds(5))).isTrue();
        assertThat(store.repair(failed, Set.of("b", "c"), T0.plusSeconds(5)))
                .as("the second repair of what it read loses")
                .isFalse();

        Batch repaired = store.find(batch.id()).orElseThrow();
        assertThat(repaired.state()).isEqualTo(BatchState.RUNNING);
        assertThat(repaired.repairs()).isEqualTo(1);
        assertThat(repaired.finishedAt()).isNull();
        assertThat(repaired.cancelRequestedAt()).isNull();
        assertThat(repaired.cancelReason()).isNull();
        assertThat(repaired.lastReadAt()).as("a repair reads it").isEqualTo(T0.plusSeconds(5));
        assertThat(failed.runStartedAt())
                .as("the first run began at the submit")
                .isEqualTo(failed.submittedAt());
        assertThat(repaired.runStartedAt())
                .as("its timeout counts from the repair")
                .isEqualTo(T0.plusSeconds(5));
        assertThat(repaired.node("a").run()).isEqualTo(1);
        assertThat(repaired.node("a").jobId()).isEqualTo(firstRun.get("a").id());
        assertThat(repaired.node("b").run()).isEqualTo(2);
        assertThat(repaired.node("b").isPending()).isTrue();
        assertThat(repaired.node("b").jobId()).isNull();
        assertThat(repaired.node("b").earlierJobIds())
                .containsExactly(firstRun.get("b").id());

        Job again = queued();
        jobs.insert(again, null);
        store.recordJob(batch.id(), "b", 2, again.id(), JobState.FAILED);
        store.recordJob(batch.id(), "c", 2, queuedStored().id(), JobState.SKIPPED);
        store.finish(batch.id(), 1, BatchState.FAILED, T0.plusSeconds(2));
        assertThat(store.repair(store.find(batch.id()).orElseThrow(), Set.of("b"), T0.plusSeconds(6)))
                .isTrue();
        assertThat(store.find(batch.id()).orElseThrow().node("b").earlierJobIds())
                .containsExactly(firstRun.get("b").id(), again.id());
    }

    @Test
    void aRepairOfABatchGivenUpRerunsANodeThatNeverGotAJobWithNoEarlierJob() {
        Batch batch = batch("b", ACME, nodes("a", "b"));
        store.insert(batch, null);
        Job b = queued();
        jobs.insert(b, null);
        store.recordJob(batch.id(), "b", 1, b.id(), JobState.RUNNING); // its cancel is never mirrored
        store.finish(batch.id(), 0, BatchState.FAILED, T0.plusSeconds(1), "5 steps in a row failed");
        Batch failed = store.find(batch.id()).orElseThrow();
        assertThat(failed.node("a").isPending()).isTrue();

        assertThat(store.repair(failed, Set.of("a", "b"), T0.plusSeconds(5))).isTrue();

        Batch repaired = store.find(batch.id()).orElseThrow();
        assertThat(repaired.state()).isEqualTo(BatchState.RUNNING);
        assertThat(repaired.node("a").run()).isEqualTo(2);
        assertThat(repaired.node("a").isPending()).isTrue();
        assertThat(repaired.node("a").earlierJobIds())
                .as("it had no job to keep")
                .isEmpty();
        assertThat(repaired.node("b").run()).isEqualTo(2);
        assertThat(repaired.node("b").isPending()).isTrue();
        assertThat(repaired.node("b").earlierJobIds()).containsExactly(b.id());
        Job a = queued();
        jobs.insert(a, null);
        assertThat(store.recordJob(batch.id(), "a", 2, a.id(), JobState.QUEUED)).isTrue();
        assertThat(store.find(batch.id()).orElseThrow().node("a").jobId()).isEqualTo(a.id());
    }

    @Test
    void retentionDeletesFinishedBatchesAndLeavesTheirJobsUnlinked() {
        Batch old = batch("old", ACME, nodes("a"));
        Batch recent = batch("recent", ACME, nodes("a"));
        Batch running = batch("running", ACME, nodes("a"));
        store.insert(old, null);
        store.insert(recent, null);
        store.insert(running, null);
        Job job = queued();
        jobs.insert(job, null);
        store.recordJob(old.id(), "a", 1, job.id(), JobState.QUEUED);
        store.finish(old.id(), 0, BatchState.SUCCEEDED, T0);
        store.finish(recent.id(), 0, BatchState.SUCCEEDED, T0.plusSeconds(100));

        assertThat(store.deleteFinishedBefore(T0.plusSeconds(50), 10)).isEqualTo(1);

        assertThat(store.find(old.id())).isEmpty();
        assertThat(store.find(recent.id())).isPresent();
        assertThat(store.find(running.id())).isPresent();
        assertThat(jobs.find(job.id())).as("the job outlives its batch").isPresent();
        assertThat(store.linkOf(job.id())).isEmpty();
    }

    @Test
    void aJobOfABatchLivesAsLongAsItsBatch() {
        Batch batch = batch("kept", ACME, nodes("a"));
        store.insert(batch, null);
        Job linked = Job.unrun(
                JobId.random(),
                new JobSpec("sql", "n", Map.of("sql", "SELECT 1"), "default", 0, Duration.ofHours(1), Map.of()),
                ACME,
                T0,
                JobState.FAILED,
                new JobError(JobError.UNRESOLVED_REFERENCE, "x"));
        jobs.insert(linked, null);
        store.recordJob(batch.id(), "a", 1, linked.id(), JobState.FAILED);
        store.finish(batch.id(), 0, BatchState.FAILED, T0.plusSeconds(100));

        assertThat(jobs.deleteFinishedBefore(T0.plusSeconds(50), 10))
                .as("its batch may still be repaired and read its result")
                .isZero();
        assertThat(jobs.find(linked.id())).isPresent();

        assertThat(store.deleteFinishedBefore(T0.plusSeconds(200), 10)).isEqualTo(1);
        assertThat(jobs.deleteFinishedBefore(T0.plusSeconds(50), 10)).isEqualTo(1);
        assertThat(jobs.find(linked.id())).isEmpty();
    }

    @Test
    void aListedBatchCarriesItsCountsNotItsJobsRequests() {
        Batch batch = batch("counted", ACME, nodes("a", "b", "c"));
        store.insert(batch, null);
        Job job = queuedStored();
        store.recordJob(batch.id(), "a", 1, job.id(), JobState.SUCCEEDED);

        BatchPage page = store.list(new BatchQuery(null, null, "counted", 10, null));

        assertThat(page.items()).hasSize(1);
        assertThat(page.items().get(0).nodes())
                .as("a summary needs no requests")
                .isEmpty();
    }

    @Test
    void theJobsOfABatchAreReadAtOnce() {
        Job a = queuedStored();
        Job b = queuedStored();
        queuedStored();

        assertThat(jobs.findAll(List.of(a.id(), b.id(), JobId.random())))
                .extracting(Job::id)
                .containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(jobs.findAll(List.of())).isEmpty();
    }

    @Test
    void aJobBornTerminalIsStoredEnded() {
        Job skipped = Job.unrun(
                JobId.random(),
                new JobSpec("sql", "n", Map.of("sql", "SELECT 1"), "default", 0, Duration.ofHours(1), Map.of()),
                ACME,
                T0,
                JobState.SKIPPED,
                new JobError(JobError.SKIPPED, "runIf ALL_SUCCESS cannot hold: a FAILED"));
        jobs.insert(skipped, null);

        Job read = jobs.find(skipped.id()).orElseThrow();
        assertThat(read.state()).isEqualTo(JobState.SKIPPED);
        assertThat(read.finishedAt()).isEqualTo(T0);
        assertThat(read.error()).isEqualTo(skipped.error());
        assertThat(read.attempt()).isZero();
    }

    private Job queuedStored() {
        Job j = queued();
        jobs.insert(j, null);
        return j;
    }

    private static Job queued() {
        return Job.submitted(
                JobId.random(),
                new JobSpec(
                        "sql",
                        "n",
                        new HashMap<>(Map.of("sql", "SELECT 1")),
                        "default",
                        0,
                        Duration.ofHours(1),
                        Map.of()),
                ACME,
                T0);
    }

    private static NodeRequest request(String sql) {
        return new NodeRequest("sql", null, Map.of("sql", sql), null, null, null, null, null, null, null, null, null);
    }

    private static List<BatchNode> nodes(String... keys) {
        return java.util.Arrays.stream(keys)
                .map(k -> BatchNode.pending(k, List.of(), RunIf.ALL_SUCCESS, request("SELECT 1")))
                .toList();
    }

    private static Batch batch(String name, JobOwner owner, List<BatchNode> nodes) {
        return Batch.submitted(
                BatchId.random(),
                name,
                owner,
                Set.of("SUBMITTER", "VIEWER"),
                3,
                FailurePolicy.FAIL_FAST,
                Duration.ofMinutes(10),
                T0,
                nodes);
    }
}
