package dev.sparkjobs.web;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.jobcallbacks.Callback;
import dev.sparkjobs.jobcallbacks.CallbackRequests;
import dev.sparkjobs.jobtypes.ParamError;
import java.util.ArrayList;
import org.springframework.stereotype.Component;

/**
 * The callback fields of a submission: checked before the job is stored (a refused URL or header is
 * a 400 naming the field), recorded once it is.
 */
@Component
class SubmittedCallbacks {

    private final CallbackRequests callbacks;

    SubmittedCallbacks(CallbackRequests callbacks) {
        this.callbacks = callbacks;
    }

    /** The callback the request asks for, or null for none. */
    Callback check(SubmitJobRequest request) {
        var asked = request.callback();
        if (asked != null && request.callBackUri() != null) {
            throw new BadRequestException("callBackUri", "give either callback or callBackUri, not both");
        }
        Callback callback;
        String field;
        if (asked != null) {
            callback = new Callback(Callback.Kind.JOB, asked.url(), asked.headers(), asked.secret());
            field = "callback.url";
        } else if (request.callBackUri() != null) {
            callback = new Callback(Callback.Kind.ADF, request.callBackUri(), null, null);
            field = "callBackUri";
        } else {
            return null;
        }
        var errors = new ArrayList<ParamError>();
        callback.headers().forEach((name, value) -> {
            var problem = CallbackRequests.headerProblem(name, value);
            if (problem != null) {
                errors.add(new ParamError("callback.headers", problem));
            }
        });
        var problem = callbacks.problem(callback);
        if (problem != null) {
            errors.add(new ParamError(field, problem));
        }
        if (!errors.isEmpty()) {
            throw new BadRequestException(errors);
        }
        return callback;
    }

    void register(Job job, Callback callback) {
        if (callback != null) {
            callbacks.register(job.id(), callback);
        }
    }

    CallbackView view(Job job) {
        return callbacks.status(job.id()).map(CallbackView::of).orElse(null);
    }
}
