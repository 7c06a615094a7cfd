package dev.sparkjobs.jobcallbacks;

import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.callbacks.CallbackCheck;
import dev.sparkjobs.callbacks.CallbackPolicy;
import dev.sparkjobs.callbacks.CallbackTarget;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.threads.ApplicationThreadFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers the callbacks of ended jobs and batches from the outbox ({@link CallbackStore}), on
 * threads of its own: a slow receiver never holds a job's thread nor the batch coordinator's. It
 * looks for due deliveries every {@code poll-interval}, so one the service did not finish before it
 * stopped is sent after it starts again.
 */
@Component
class CallbackSender implements SmartLifecycle {

    /** Attempts by outcome: {@code delivered}, {@code retried} (to be tried again), {@code failed} (given up). */
    static final String DELIVERIES = "jobservice.callbacks.deliveries";

    /**
     * How often callbacks still waiting for a subject that has ended are looked for ({@link
     * CallbackStore#releaseEnded}): only an instance of an older version, ending jobs after this one
     * migrated the store, leaves such a row, so once at start and then rarely is enough.
     */
    static final Duration RELEASE_INTERVAL = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);

    private final CallbackStore store;
    private final JobStore jobs;
    private final JobViews views;
    private final BatchViews batches;
    private final CallbackPolicy policy;
    private final CallbackDeliveryProperties properties;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private volatile CallbackHttp http;
    private volatile ScheduledExecutorService timer;
    private volatile ScheduledExecutorService poller;
    private volatile ExecutorService senders;
    /** Senders free for a delivery: no more rows are claimed than can be sent at once. */
    private volatile Semaphore idle;
    /** When {@link CallbackStore#releaseEnded} is next due; read and written by whoever polls. */
    private volatile Instant nextRelease = Instant.MIN;

    CallbackSender(
            CallbackStore store,
            JobStore jobs,
            JobViews views,
            BatchViews batches,
            CallbackPolicy policy,
            CallbackDeliveryProperties properties,
            JsonMapper json,
            MeterRegistry meters,
            Clock clock) {
        this.store = store;
        this.jobs = jobs;
        this.views = views;
        this.batches = batches;
        this.policy = policy;
        this.properties = properties;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(new ApplicationThreadFactory("callback-timer-"));
        http = new CallbackHttp(
                properties.connectTimeout(),
                properties.readTimeout(),
                (SSLSocketFactory) SSLSocketFactory.getDefault(),
                timer);
        idle = new Semaphore(properties.threads());
        senders = Executors.newFixedThreadPool(properties.threads(), new ApplicationThreadFactory("callback-send-"));
        poller = Executors.newSingleThreadScheduledExecutor(new ApplicationThreadFactory("callback-poll-"));
        poller.scheduleWithFixedDelay(this::poll, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * After the drain and the web server (see {@link #getPhase}): stops looking on schedule, takes one
     * last look for jobs that ended during the drain, and gives the deliveries in flight up to one
     * attempt's time (connect + read timeout). An attempt cut short is not recorded; its claim lapses
     * and it is tried again after the next start.
     */
    @Override
    public void stop() {
        poller.shutdown();
        try {
            if (poller.awaitTermination(attempt().toMillis(), TimeUnit.MILLISECONDS)) {
                poll(); // on this thread: the jobs the drain let finish
            }
            senders.shutdown();
            if (!senders.awaitTermination(attempt().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                log.warn("Callback deliveries still in flight at stop; they are tried again after the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            poller.shutdownNow();
            senders.shutdownNow();
            timer.shutdownNow();
        }
    }

    /**
     * Starts after the lease and recovery ({@code DEFAULT_PHASE - 4096}) and stops after the web
     * server ({@code DEFAULT_PHASE - 2048}), so after the drain ({@code DEFAULT_PHASE}): a job that
     * ends while the service drains still calls back from this instance.
     */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 3072;
    }

    @Override
    public boolean isRunning() {
        return poller != null && !poller.isShutdown();
    }

    private void poll() {
        try {
            var now = clock.instant();
            if (!now.isBefore(nextRelease)) {
                int released = store.releaseEnded();
                nextRelease = now.plus(RELEASE_INTERVAL);
                if (released > 0) {
                    log.info("{} callbacks waited for a job or batch that an older instance ended; due now", released);
                }
            }
            int free = idle.availablePermits();
            if (free == 0) {
                return; // every sender is busy: a row claimed now would wait, and its claim could lapse
            }
            for (var due : store.claimDue(now, now.plus(claim()), free)) {
                idle.acquireUninterruptibly(); // only this thread takes permits: one is free
                senders.execute(() -> {
                    try {
                        deliver(due);
                    } finally {
                        idle.release();
                        pollSoon();
                    }
                });
            }
        } catch (RuntimeException e) {
            log.warn("Looking for callbacks to deliver failed; trying again in {}", properties.pollInterval(), e);
        }
    }

    /** A sender is free again: look for more at once rather than at the next interval. */
    private void pollSoon() {
        try {
            poller.execute(this::poll);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** How long a row is a sender's: twice the longest attempt, so one in flight never outlives it. */
    private Duration claim() {
        return attempt().multipliedBy(2);
    }

    private Duration attempt() {
        return properties.connectTimeout().plus(properties.readTimeout());
    }

    void deliver(CallbackStore.Due due) {
        var started = clock.instant();
        if (started.plus(attempt()).isAfter(due.claimedUntil())) {
            // the claim could lapse before the answer: leave the row to whoever claims it next
            return;
        }
        long t0 = System.nanoTime();
        int tries = due.attemptsSoFar() + 1; // of this ending: what the retries count
        int number = due.nextNumber();
        Integer status = null;
        String error = null;
        try {
            var check = policy.check(due.callback().url());
            if (check instanceof CallbackCheck.Refused refused) {
                error = "refused: " + refused.message();
            } else {
                status = send(due, ((CallbackCheck.Allowed) check).target(), started);
            }
        } catch (NotEnded e) {
            // repaired (it runs again) or deleted since it was claimed: the repair made the row due
            // again for its next end and broke this claim; a deleted batch took its row along
            return;
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Callback of {} could not be sent", due.subject(), e);
            error = e.getClass().getSimpleName();
        }
        var took = Duration.ofNanos(System.nanoTime() - t0);
        var attempt = new DeliveryAttempt(number, started, status, trim(error), took.toMillis());
        var schedule = properties.schedule();
        var verdict = schedule.judge(tries, status);
        var state =
                switch (verdict) {
                    case DELIVERED -> DeliveryState.DELIVERED;
                    case RETRY -> DeliveryState.PENDING;
                    case GIVE_UP -> DeliveryState.FAILED;
                };
        if (!store.recordAttempt(due, attempt, state, clock.instant().plus(schedule.delayAfter(tries)))) {
            log.warn(
                    "Callback of {}: the claim lapsed during attempt {}; its outcome is not recorded",
                    due.subject(),
                    number);
            return;
        }
        Counter.builder(DELIVERIES)
                .description("Callback delivery attempts, by outcome: delivered, retried, failed (given up)")
                .tag("outcome", outcome(verdict))
                .register(meters)
                .increment();
        if (state == DeliveryState.FAILED) {
            log.warn(
                    "Callback of {} failed after {} attempts: {}",
                    due.subject(),
                    number,
                    status != null ? status : error);
        }
    }

    private int send(CallbackStore.Due due, CallbackTarget target, Instant now) throws IOException {
        var callback = due.callback();
        byte[] body = json.writeValueAsBytes(tree(due.subject(), callback.kind() == Callback.Kind.ADF));
        var headers = new LinkedHashMap<>(callback.headers());
        if (callback.secret() != null) {
            long ts = now.getEpochSecond();
            headers.put(Signatures.TIMESTAMP_HEADER, Long.toString(ts));
            headers.put(Signatures.HEADER, Signatures.sign(callback.secret(), ts, body));
        }
        return http.post(target, headers, body);
    }

    /** The body's tree: the subject as the API shows it, in the shape the callback asked for. */
    private Object tree(CallbackSubject subject, boolean adf) {
        return switch (subject.kind()) {
            case JOB -> {
                var id = new JobId(subject.id());
                var job = jobs.find(id).orElseThrow(() -> new IllegalStateException("job " + id + " is gone"));
                var view = views.render(job);
                yield adf ? CallbackBodies.adf(job, view) : CallbackBodies.job(view);
            }
            case BATCH -> {
                var ended = batches.ended(new BatchId(subject.id())).orElseThrow(NotEnded::new);
                yield adf ? CallbackBodies.adf(ended) : CallbackBodies.batch(ended.view());
            }
        };
    }

    /** The batch is not (or no longer) ended: nothing is sent, nothing recorded. */
    private static final class NotEnded extends RuntimeException {
        NotEnded() {
            super(null, null, false, false);
        }
    }

    static String outcome(RetrySchedule.Verdict verdict) {
        return switch (verdict) {
            case DELIVERED -> "delivered";
            case RETRY -> "retried";
            case GIVE_UP -> "failed";
        };
    }

    private static String trim(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
