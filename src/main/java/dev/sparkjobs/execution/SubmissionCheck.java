package dev.sparkjobs.execution;

import dev.sparkjobs.abandon.AbandonProperties;
import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.AdmissionProperties;
import dev.sparkjobs.admission.PoolNotAllowedException;
import dev.sparkjobs.admission.WeightNotAllowedException;
import dev.sparkjobs.engine.JobsProperties;
import dev.sparkjobs.guardrails.SqlRefusedException;
import dev.sparkjobs.guardrails.TablePolicy;
import dev.sparkjobs.job.JobSpec;
import dev.sparkjobs.job.TableWrite;
import dev.sparkjobs.jobtypes.InvalidParamsException;
import dev.sparkjobs.jobtypes.JobType;
import dev.sparkjobs.jobtypes.JobTypeRegistry;
import dev.sparkjobs.jobtypes.ParamBinder;
import dev.sparkjobs.jobtypes.ParamError;
import dev.sparkjobs.security.Caller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Turns a submission into a job's spec before anything is stored: the type's params bound and valid,
 * pool, timeout and weight within the caller's limits, declared writes within its tables, the type's
 * policy check passed, and what the type derives (its writes, whether a Delta conflict may be retried).
 */
@Component
class SubmissionCheck {

    private final JobTypeRegistry types;
    private final ParamBinder binder;
    private final TablePolicy tables;
    private final AdmissionController admission;
    private final JobsProperties properties;
    private final RetryProperties retry;
    private final AbandonProperties abandon;

    SubmissionCheck(
            JobTypeRegistry types,
            ParamBinder binder,
            TablePolicy tables,
            AdmissionController admission,
            JobsProperties properties,
            RetryProperties retry,
            AbandonProperties abandon) {
        this.types = types;
        this.binder = binder;
        this.tables = tables;
        this.admission = admission;
        this.properties = properties;
        this.retry = retry;
        this.abandon = abandon;
    }

    /** What the job type says of valid params, once bound: its policy check passed, its writes, its repeatability. */
    private record TypeView(List<TableWrite> writes, boolean repeatable) {}

    private <P> TypeView checkPolicy(JobType<P> type, Map<String, Object> params, Caller caller) {
        P bound = binder.bindValid(type, params);
        try {
            type.checkPolicy(bound, caller);
        } catch (InvalidParamsException e) { // a type's refusal naming fields (a path, a connection)
            throw new InvalidSubmissionException(e.errors());
        }
        return new TypeView(type.writes(bound), type.repeatableOnConflict(bound));
    }

    /**
     * A declared write holds back other jobs of that table, so a caller may declare only tables it may
     * write: the same table policy as its SQL (another tenant's schemas are refused).
     */
    private List<ParamError> declaredWritesOutsidePolicy(List<TableWrite> writes, Caller caller) {
        List<ParamError> errors = new ArrayList<>();
        for (int i = 0; writes != null && i < writes.size(); i++) {
            try {
                tables.checkTable(writes.get(i).table(), caller);
            } catch (SqlRefusedException e) {
                errors.add(new ParamError("writes[" + i + "].table", e.getMessage()));
            }
        }
        return errors;
    }

    /**
     * The job's spec, with the caller's defaults and limits applied.
     *
     * @throws InvalidSubmissionException naming every invalid field
     */
    JobSpec toSpec(Submission s, Caller caller) {
        JobType<?> type = types.get(s.type());
        List<ParamError> errors = new ArrayList<>(binder.check(type, s.params()));
        String pool = AdmissionProperties.DEFAULT_POOL;
        try {
            pool = admission.poolFor(caller.tenant(), s.pool());
        } catch (PoolNotAllowedException e) {
            errors.add(new ParamError(e.field(), e.getMessage()));
        }
        Duration timeout =
                s.timeoutSeconds() == null ? properties.defaultTimeout() : Duration.ofSeconds(s.timeoutSeconds());
        if (timeout.compareTo(properties.maxTimeout()) > 0) {
            errors.add(new ParamError(
                    "timeoutSeconds",
                    "must be at most " + properties.maxTimeout().toSeconds()));
        }
        Duration cancelIfUnpolled = cancelIfUnpolled(s.cancelIfUnpolledSeconds(), errors);
        double weight = JobSpec.DEFAULT_WEIGHT;
        try {
            weight = admission.weightFor(type.name(), caller.tenant(), pool, s.weight(), caller.isAdmin());
        } catch (WeightNotAllowedException e) {
            errors.add(new ParamError(e.field(), e.getMessage()));
        }
        errors.addAll(declaredWritesOutsidePolicy(s.writes(), caller));
        if (!errors.isEmpty()) {
            throw new InvalidSubmissionException(errors);
        }
        TypeView view = checkPolicy(type, s.params(), caller);
        int priority = s.priority() == null ? 0 : s.priority();
        return new JobSpec(
                type.name(),
                s.name(),
                s.params(),
                pool,
                priority,
                timeout,
                s.tags(),
                retry.policyFor(type.name(), s.maxRetries(), s.retryBackoffSeconds(), s.retryOn(), view.repeatable()),
                weight,
                JobSpec.union(s.writes(), view.writes()),
                cancelIfUnpolled);
    }

    /** The job's own (0: never) or the configured default, within the configured maximum. */
    private Duration cancelIfUnpolled(Long seconds, List<ParamError> errors) {
        if (seconds == null) {
            return abandon.cancelIfUnpolled();
        }
        if (seconds < 0) {
            errors.add(new ParamError("cancelIfUnpolledSeconds", "must be 0 (never) or more"));
            return null;
        }
        if (seconds > abandon.cancelIfUnpolledMax().toSeconds()) {
            errors.add(new ParamError(
                    "cancelIfUnpolledSeconds",
                    "must be at most " + abandon.cancelIfUnpolledMax().toSeconds()));
            return null;
        }
        return seconds == 0 ? null : Duration.ofSeconds(seconds);
    }
}
