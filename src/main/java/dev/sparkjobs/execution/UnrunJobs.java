package dev.sparkjobs.execution;

import dev.sparkjobs.admission.AdmissionProperties;
import dev.sparkjobs.engine.JobsProperties;
import dev.sparkjobs.job.DuplicateIdempotencyKeyException;
import dev.sparkjobs.job.IdempotencyKey;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.metrics.JobMetrics;
import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Jobs that never run: the record of a batch's job that its batch decided not to run (skipped), or
 * could not start (its params could not be made whole). Born terminal, never queued; stored like a
 * submitted job, with its Idempotency-Key, so that whoever decided has a job to point at.
 */
@Service
public class UnrunJobs {

    private final JobStore store;
    private final JobService jobs;
    private final SubmissionCheck check;
    private final JobMetrics metrics;
    private final JobsProperties properties;
    private final Clock clock;

    UnrunJobs(
            JobStore store,
            JobService jobs,
            SubmissionCheck check,
            JobMetrics metrics,
            JobsProperties properties,
            Clock clock) {
        this.store = store;
        this.jobs = jobs;
        this.check = check;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Stores the job of {@code submission}, born {@code terminal} with {@code error}. With an
     * Idempotency-Key already used for the same request, returns that job instead.
     *
     * @throws IdempotencyConflictException for a key used with a different request
     * @throws NotPermittedException without the submitter role
     */
    public SubmitOutcome record(Submission submission, Caller caller, JobState terminal, JobError error) {
        if (!caller.may(Role.SUBMITTER)) {
            throw new NotPermittedException(caller, Role.SUBMITTER, "submit jobs");
        }
        JobOwner owner = new JobOwner(caller.tenant(), caller.name());
        IdempotencyKey key = submission.idempotencyKey() == null
                ? null
                : new IdempotencyKey(submission.idempotencyKey(), Fingerprint.of(submission));
        if (key != null) {
            Optional<SubmitOutcome> earlier = earlier(owner.tenant(), key);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Job job = Job.unrun(JobId.random(), spec(submission, caller), owner, clock.instant(), terminal, error);
        try {
            store.insert(job, key);
        } catch (DuplicateIdempotencyKeyException e) {
            return earlier(owner.tenant(), key).orElseThrow(() -> e);
        }
        metrics.finished(job.spec().type(), terminal);
        return new SubmitOutcome(job, true);
    }

    /** The spec the job would have run with; as given when its params are not valid (it never runs). */
    private JobSpec spec(Submission s, Caller caller) {
        if (jobs.problems(s, caller).isEmpty()) {
            return check.toSpec(s, caller);
        }
        return new JobSpec(
                s.type(),
                s.name(),
                s.params(),
                s.pool() == null ? AdmissionProperties.DEFAULT_POOL : s.pool(),
                s.priority() == null ? 0 : s.priority(),
                s.timeoutSeconds() == null ? properties.defaultTimeout() : Duration.ofSeconds(s.timeoutSeconds()),
                s.tags(),
                null,
                JobSpec.DEFAULT_WEIGHT,
                null,
                null);
    }

    private Optional<SubmitOutcome> earlier(String tenant, IdempotencyKey key) {
        return store.findByIdempotencyKey(tenant, key.key()).map(claim -> {
            if (!claim.requestHash().equals(key.requestHash())) {
                throw new IdempotencyConflictException(key.key(), claim.jobId());
            }
            return new SubmitOutcome(store.find(claim.jobId()).orElseThrow(), false);
        });
    }
}
