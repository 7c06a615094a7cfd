package dev.sparkjobs.web;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.jobcallbacks.Callback;
import dev.sparkjobs.jobcallbacks.CallbackRequests;
import org.springframework.stereotype.Component;

/**
 * The callback fields of a submission, as the {@link dev.sparkjobs.execution.JobService} takes them
 * (it checks them, after the caller's role, and stores them with the job), and a job's callback as
 * shown.
 */
@Component
class SubmittedCallbacks {

    private final CallbackRequests callbacks;

    SubmittedCallbacks(CallbackRequests callbacks) {
        this.callbacks = callbacks;
    }

    /** The callback the request asks for, or null for none; not checked yet. */
    Callback asked(SubmitJobRequest request) {
        var asked = request.callback();
        if (asked != null && request.callBackUri() != null) {
            throw new BadRequestException("callBackUri", "give either callback or callBackUri, not both");
        }
        if (asked != null) {
            return new Callback(Callback.Kind.JOB, asked.url(), asked.headers(), asked.secret());
        }
        if (request.callBackUri() != null) {
            return new Callback(Callback.Kind.ADF, request.callBackUri(), null, null);
        }
        return null;
    }

    CallbackView view(Job job) {
        return callbacks.status(job.id()).map(CallbackView::of).orElse(null);
    }
}
