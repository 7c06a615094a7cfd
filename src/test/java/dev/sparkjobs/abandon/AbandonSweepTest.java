package dev.sparkjobs.abandon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.RetryPolicy;
import dev.sparkjobs.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AbandonSweepTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(T0);
    private final JobReads reads = new JobReads(clock);
    private final AbandonSweep sweep = new AbandonSweep(reads, clock);

    private static JobSpec spec(Duration cancelIfUnpolled) {
        return new JobSpec(
                "sql",
                null,
                Map.of(),
                "default",
                0,
                Duration.ofHours(1),
                Map.of(),
                RetryPolicy.NONE,
                1.0,
                List.of(),
                cancelIfUnpolled);
    }

    private static Job job(Duration cancelIfUnpolled, Instant submittedAt) {
        return Job.submitted(JobId.random(), spec(cancelIfUnpolled), JobOwner.DEFAULT, submittedAt);
    }

    private static ReadTimes.Watched watched(Job job, Instant storedRead) {
        return new ReadTimes.Watched(
                job.id(), "sql", job.state(), job.spec().cancelIfUnpolled(), job.submittedAt(), storedRead);
    }

    @Test
    void aJobNobodyReadsIsDueOnlyOnceItsLimitIsOver() {
        Job job = job(LIMIT, T0);
        List<ReadTimes.Watched> all = List.of(watched(job, null));

        clock.advance(LIMIT);
        assertThat(sweep.due(all)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sweep.due(all)).extracting(ReadTimes.Watched::id).containsExactly(job.id());
    }

    @Test
    void eachReadStartsTheJobsClockAgain() {
        Job job = job(LIMIT, T0);
        List<ReadTimes.Watched> all = List.of(watched(job, null));

        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(20));
            reads.touch(job);
            assertThat(sweep.due(all)).isEmpty();
        }
        clock.advance(LIMIT.plusSeconds(1));
        assertThat(sweep.due(all)).hasSize(1);
    }

    @Test
    void aReadStoredByAnotherInstanceCounts() {
        clock.advance(Duration.ofMinutes(10));
        JobReads started = new JobReads(clock);
        AbandonSweep later = new AbandonSweep(started, clock);
        Job job = job(LIMIT, T0);
        clock.advance(Duration.ofSeconds(40));
        Instant storedRead = clock.instant().minusSeconds(5);

        assertThat(later.due(List.of(watched(job, storedRead)))).isEmpty();
        assertThat(later.due(List.of(watched(job, null)))).hasSize(1);
    }

    @Test
    void afterAStartTheClockOfEveryJobCountsFromTheStart() {
        Job old = job(LIMIT, T0);
        Instant readLongAgo = T0.plusSeconds(1);
        clock.advance(Duration.ofHours(2)); // the service was down: reads before it may never have been stored
        JobReads restarted = new JobReads(clock);
        AbandonSweep sweepAfterStart = new AbandonSweep(restarted, clock);
        List<ReadTimes.Watched> all = List.of(watched(old, readLongAgo));

        assertThat(sweepAfterStart.due(all)).isEmpty();
        clock.advance(LIMIT);
        assertThat(sweepAfterStart.due(all)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sweepAfterStart.due(all)).hasSize(1);
    }

    @Test
    void aJobWithoutALimitIsNeverDue() {
        Job job = job(null, T0);
        clock.advance(Duration.ofDays(30));
        assertThat(sweep.due(List.of(watched(job, null)))).isEmpty();
    }

    @Test
    void onlyReadsOfJobsThatMayBeAbandonedAreKept() {
        Job limited = job(LIMIT, T0);
        Job unlimited = job(null, T0);
        Job ended = limited.start(T0, "here").succeed(Map.of(), T0);

        reads.touch(limited);
        reads.touch(unlimited);
        reads.touch(ended);

        assertThat(reads.lastRead(limited.id())).isEqualTo(T0);
        assertThat(reads.lastRead(unlimited.id())).isNull();
        assertThat(reads.tracked()).isEqualTo(1);
    }

    @Test
    void readsReachTheStoreInBatchesAndAFailedBatchIsKept() {
        Job a = job(LIMIT, T0);
        Job b = job(LIMIT, T0);
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(100));
            reads.touch(a);
        }
        reads.touch(b);

        Map<JobId, Instant> batch = reads.takeUnwritten();
        assertThat(batch).containsOnlyKeys(a.id(), b.id()).containsEntry(a.id(), clock.instant());
        assertThat(reads.takeUnwritten()).isEmpty();

        reads.giveBack(batch);
        assertThat(reads.takeUnwritten()).isEqualTo(batch);
    }

    @Test
    void oldReadsAreDroppedOnlyOnceWritten() {
        Job job = job(LIMIT, T0);
        reads.touch(job);
        clock.advance(Duration.ofDays(8));

        reads.forgetBefore(clock.instant().minus(Duration.ofDays(7)));
        assertThat(reads.lastRead(job.id())).isEqualTo(T0); // not yet in the store

        reads.takeUnwritten();
        reads.forgetBefore(clock.instant().minus(Duration.ofDays(7)));
        assertThat(reads.lastRead(job.id())).isNull();
    }

    @Test
    void anAbandonedJobIsCancelledWithItsReason() {
        Job queued = job(LIMIT, T0);
        Job cancelled = queued.abandon(T0.plusSeconds(31));
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.error().type()).isEqualTo("ABANDONED");
        assertThat(cancelled.error().message()).contains("30 s");

        Job running = queued.start(T0, "here");
        assertThat(running.abandon(T0.plusSeconds(31)).error().type()).isEqualTo("ABANDONED");
    }

    @Test
    void theClockOfEveryJobStartsWhenTheSweepStartsNotWhenTheReadsAreBuilt() {
        Duration limit = Duration.ofSeconds(60);
        JobReads built = new JobReads(clock); // T0: the bean, before the lease wait and recovery
        AbandonSweep later = new AbandonSweep(built, clock);
        Job job = job(limit, T0.minusSeconds(600));
        clock.advance(Duration.ofSeconds(90));
        built.start(); // the canceller starts: the lease is held, recovery ran
        clock.advance(Duration.ofSeconds(5));

        assertThat(later.due(List.of(watched(job, T0)))).isEmpty();
        clock.advance(limit);
        assertThat(later.due(List.of(watched(job, T0)))).hasSize(1);
    }

    @Test
    void theReadsOfAJobAreForgottenOnceItEnded() {
        Job job = job(LIMIT, T0);
        reads.touch(job);
        reads.takeUnwritten();
        var store = new Watching(List.of()); // the job ended: it is watched no more

        reads.forgetEnded(store);
        assertThat(reads.tracked()).isZero();
    }

    @Test
    void everyWatchedJobIsLookedAtWithinAFewRunsHoweverManyThereAre() {
        var all = new java.util.ArrayList<ReadTimes.Watched>();
        var jobs = new java.util.ArrayList<Job>();
        for (int i = 1; i <= 501; i++) {
            Job job = job(LIMIT, T0);
            jobs.add(job);
            all.add(new ReadTimes.Watched(job.id(), "sql", job.state(), LIMIT, T0, null, i));
        }
        var store = new Watching(all);
        clock.advance(LIMIT.plusSeconds(1));
        jobs.subList(0, 500).forEach(reads::touch); // the oldest 500 are polled, the newest is not

        var due = new java.util.ArrayList<ReadTimes.Watched>();
        for (int run = 0; run < 3; run++) {
            due.addAll(sweep.dueNext(store, 500));
        }
        assertThat(due).extracting(ReadTimes.Watched::seq).containsExactly(501L);
    }

    /** Jobs still QUEUED or RUNNING, as the store would list them. */
    private record Watching(List<ReadTimes.Watched> live) implements ReadTimes {

        @Override
        public List<Watched> watched(long afterSeq, int limit) {
            return live.stream().filter(w -> w.seq() > afterSeq).limit(limit).toList();
        }

        @Override
        public java.util.Set<JobId> ended(java.util.Collection<JobId> ids) {
            var liveIds = live.stream().map(Watched::id).collect(java.util.stream.Collectors.toSet());
            return ids.stream().filter(id -> !liveIds.contains(id)).collect(java.util.stream.Collectors.toSet());
        }

        @Override
        public void recordReads(Map<JobId, Instant> reads) {}
    }

    @Test
    void anythingElseReadIsJudgedByTheSameRuleAsJobs() {
        Reads<String> batches = new Reads<>(clock);
        batches.start();
        clock.advance(Duration.ofSeconds(20));
        batches.touch("batch-1");
        clock.advance(Duration.ofSeconds(25));

        assertThat(sweep.isUnread(batches, "batch-1", T0, null, LIMIT))
                .as("read 25 s ago")
                .isFalse();
        assertThat(sweep.isUnread(batches, "batch-2", T0, null, LIMIT))
                .as("never read, 45 s old")
                .isTrue();
        assertThat(sweep.isUnread(batches, "batch-2", T0, T0.plusSeconds(40), LIMIT))
                .as("read 5 s ago on another instance")
                .isFalse();
        assertThat(sweep.isUnread(batches, "batch-2", T0, null, null))
                .as("no limit")
                .isFalse();
        batches.beginWait("batch-2");
        assertThat(sweep.isUnread(batches, "batch-2", T0, null, LIMIT))
                .as("waited for")
                .isFalse();
    }
}
