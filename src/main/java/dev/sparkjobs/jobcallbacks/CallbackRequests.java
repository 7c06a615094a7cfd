package dev.sparkjobs.jobcallbacks;

import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.callbacks.CallbackCheck;
import dev.sparkjobs.callbacks.CallbackPolicy;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.jobtypes.ParamError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** Checks a callback asked for at submit, and records it with its job or batch. */
@Service
public class CallbackRequests {

    /** Headers the sender sets itself, or that would change how the request is framed or routed. */
    static final Set<String> RESERVED = Set.of(
            "host",
            "content-length",
            "content-type",
            "transfer-encoding",
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "upgrade",
            "expect",
            "user-agent",
            Signatures.HEADER.toLowerCase(Locale.ROOT),
            Signatures.TIMESTAMP_HEADER.toLowerCase(Locale.ROOT));

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Pattern VALUE = Pattern.compile("[\\x20-\\x7e\\t]{0,1024}");

    private final CallbackPolicy policy;
    private final CallbackStore store;
    private final Clock clock;

    public CallbackRequests(CallbackPolicy policy, CallbackStore store, Clock clock) {
        this.policy = policy;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Why the callback may not be sent, or null if it may.
     *
     * @return the refusal's message, fit for the caller (never the URL's query, nor a header value)
     */
    public String problem(Callback callback) {
        if (callback.url() == null || callback.url().isBlank()) {
            return "must be an http or https URL";
        }
        if (policy.check(callback.url()) instanceof CallbackCheck.Refused refused) {
            return refused.message();
        }
        return null;
    }

    /**
     * Everything wrong with a callback asked for at submit, each naming its field ({@code
     * callback.headers}, {@code callback.url} or {@code callBackUri}); empty when it may be sent. Looks
     * the host up: call it only for a caller allowed to submit.
     */
    public List<ParamError> problems(Callback callback) {
        var errors = new ArrayList<ParamError>();
        callback.headers().forEach((name, value) -> {
            var problem = headerProblem(name, value);
            if (problem != null) {
                errors.add(new ParamError("callback.headers", problem));
            }
        });
        var problem = problem(callback);
        if (problem != null) {
            errors.add(new ParamError(callback.kind() == Callback.Kind.ADF ? "callBackUri" : "callback.url", problem));
        }
        return errors;
    }

    /** Why a header may not be sent, or null if it may. */
    public static String headerProblem(String name, String value) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            return "header names are 1 to 64 token characters";
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            return "header " + name + " is set by the service";
        }
        if (value == null || !VALUE.matcher(value).matches()) {
            return "header " + name + ": values are up to 1024 printable ASCII characters";
        }
        return null;
    }

    /** The job's callback and its delivery attempts, if it asked for one. */
    public java.util.Optional<CallbackStatus> status(JobId job) {
        return store.status(job);
    }

    /** Records the job's callback; a replay of the same submission keeps the first. */
    public void register(JobId job, Callback callback) {
        store.register(job, callback, clock.instant());
    }

    /** The batch's callback and its delivery attempts, if it asked for one. */
    public java.util.Optional<CallbackStatus> status(BatchId batch) {
        return store.status(CallbackSubject.of(batch));
    }

    /**
     * Records the batch's callback, in the transaction that stores the batch (call it from {@code
     * BatchStore.insert}'s {@code alongside}); a replay of the same submission keeps the first.
     */
    public void register(BatchId batch, Callback callback) {
        store.register(CallbackSubject.of(batch), callback, clock.instant());
    }
}
