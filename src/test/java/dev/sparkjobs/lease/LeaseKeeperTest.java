package dev.sparkjobs.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.ManualScheduler;
import dev.sparkjobs.support.MutableClock;
import dev.sparkjobs.support.PoolFailures;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lease's self-fencing, on a clock the test moves: no Spring, no database (but for the failures
 * of a real connection pool).
 */
class LeaseKeeperTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final FakeLease lease = new FakeLease();
    private final AtomicInteger stops = new AtomicInteger();
    private final AtomicInteger resumes = new AtomicInteger();
    private final AtomicInteger exits = new AtomicInteger();
    private final ManualScheduler timers = new ManualScheduler();
    private LeaseKeeper keeper;

    @BeforeEach
    void acquire() {
        Fence fence = new Fence() {
            @Override
            public int stopWork() {
                stops.incrementAndGet();
                return 2;
            }

            @Override
            public void resumeWork() {
                resumes.incrementAndGet();
            }
        };
        keeper = new LeaseKeeper(
                lease,
                new LeaseProperties(TTL, Duration.ofSeconds(5)),
                timers,
                fence,
                exits::incrementAndGet,
                new InstanceId("me"),
                clock);
        keeper.start();
    }

    @Test
    void renewsEveryThirdOfTheTtlAndWatchesOnAnotherSchedule() {
        assertThat(timers.tasks())
                .extracting(ManualScheduler.Task::every)
                .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(3));
    }

    @Test
    void theGaugesReadingsFollowTheRenewalsAndTheFence() {
        assertThat(keeper.holds()).isTrue();
        assertThat(keeper.storeAnswered()).isTrue();
        lease.failing = true;
        clock.advance(Duration.ofSeconds(10));
        keeper.renewOnce();
        assertThat(keeper.storeAnswered()).isFalse();
        assertThat(keeper.holds()).isTrue(); // not fenced yet
        clock.advance(Duration.ofSeconds(10));
        keeper.checkOnce();
        assertThat(keeper.holds()).isFalse();
        lease.failing = false;
        keeper.renewOnce();
        assertThat(keeper.storeAnswered()).isTrue();
        assertThat(keeper.holds()).isTrue();
        keeper.stop();
        assertThat(keeper.holds()).isFalse();
    }

    /**
     * A renewal that meets a pool with no connection free counts as the store not answering: a
     * database that hangs with every connection stuck in it looks just like that, and must show.
     */
    @Test
    void aRenewalThatFindsThePoolBusySaysTheStoreDidNotAnswerAsOneThatCannotReachItDoes() {
        lease.failure = PoolFailures.busyInTransaction();
        clock.advance(Duration.ofSeconds(10));
        keeper.renewOnce();
        assertThat(keeper.storeAnswered()).isFalse();
        lease.failure = null;
        clock.advance(Duration.ofSeconds(10));
        keeper.renewOnce();
        assertThat(keeper.storeAnswered()).isTrue();
        lease.failure = PoolFailures.unreachableInTransaction();
        clock.advance(Duration.ofSeconds(10));
        keeper.renewOnce();
        assertThat(keeper.storeAnswered()).isFalse();
    }

    @Test
    void whileRenewalsSucceedNothingIsFenced() {
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(10));
            keeper.renewOnce();
            keeper.checkOnce();
        }
        assertThat(stops).hasValue(0);
        assertThat(lease.expiresAt).isEqualTo(clock.instant().plus(TTL));
    }

    @Test
    void twoThirdsOfTheTtlWithoutASuccessfulRenewalFencesOnceAndASuccessReopens() {
        lease.failing = true;
        clock.advance(Duration.ofSeconds(10));
        keeper.renewOnce();
        clock.advance(Duration.ofSeconds(9).plusMillis(999));
        keeper.renewOnce();
        keeper.checkOnce();
        assertThat(stops).as("19.999 s after the last renewal").hasValue(0);

        clock.advance(Duration.ofMillis(1));
        keeper.checkOnce();
        keeper.checkOnce();
        assertThat(stops).as("fenced at 20 s of a 30 s TTL, once").hasValue(1);
        assertThat(keeper.isFenced()).isTrue();

        lease.failing = false;
        clock.advance(Duration.ofSeconds(5));
        keeper.renewOnce();
        assertThat(resumes)
                .as("the store answers again and the lease is still ours")
                .hasValue(1);
        assertThat(keeper.isFenced()).isFalse();
        assertThat(exits).hasValue(0);
    }

    @Test
    void aRenewalThatHangsDoesNotKeepTheWatchdogFromFencingNorReopensWhenItReturnsLate() throws Exception {
        lease.hang = new CountDownLatch(1);
        Thread renewal = new Thread(keeper::renewOnce, "lease-renewal");
        renewal.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> renewal.getState() == Thread.State.WAITING);

        clock.advance(Duration.ofSeconds(21));
        keeper.checkOnce();
        assertThat(stops).hasValue(1);

        lease.hang.countDown(); // the renewal begun 21 s ago succeeds now: too old to count
        renewal.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(resumes).hasValue(0);
        assertThat(keeper.isFenced()).isTrue();
    }

    @Test
    void aLeaseTakenOverStopsTheWorkAndExitsOnce() {
        lease.holder = "other";
        clock.advance(Duration.ofSeconds(10));
        keeper.renewOnce();
        keeper.renewOnce();

        assertThat(stops).hasValue(1);
        assertThat(exits).hasValue(1);
        keeper.stop();
        assertThat(lease.released)
                .as("a lease taken over is not ours to release")
                .isFalse();
    }

    @Test
    void aFencedInstanceThatFindsItsLeaseTakenOverDoesNotStopTwice() {
        lease.failing = true;
        clock.advance(Duration.ofSeconds(25));
        keeper.checkOnce();
        lease.failing = false;
        lease.holder = "other";
        keeper.renewOnce();

        assertThat(stops).hasValue(1);
        assertThat(exits).hasValue(1);
    }

    /** The lease row in memory: who holds it, until when, and failures on demand. */
    private static final class FakeLease implements DriverLease {
        volatile String holder;
        volatile Instant expiresAt;
        volatile boolean failing;
        volatile RuntimeException failure;
        volatile CountDownLatch hang;
        volatile boolean released;

        @Override
        public boolean tryAcquire(String owner, Instant now, Instant until) {
            if (holder == null || holder.equals(owner) || expiresAt.isBefore(now)) {
                holder = owner;
                expiresAt = until;
                return true;
            }
            return false;
        }

        @Override
        public boolean renew(String owner, Instant until) {
            CountDownLatch h = hang;
            if (h != null) {
                try {
                    h.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failing) {
                throw new IllegalStateException("store unreachable");
            }
            if (failure != null) {
                throw failure;
            }
            if (!owner.equals(holder)) {
                return false;
            }
            expiresAt = until;
            return true;
        }

        @Override
        public void release(String owner) {
            released = true;
        }

        @Override
        public Optional<String> holder() {
            return Optional.ofNullable(holder);
        }
    }
}
