package dev.sparkjobs.web;

import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.jobcallbacks.Callback;
import dev.sparkjobs.jobcallbacks.CallbackRequests;
import org.springframework.stereotype.Component;

/**
 * The callback fields of a submission, as the {@link dev.sparkjobs.execution.JobService} and the
 * {@link dev.sparkjobs.batches.BatchService} take them (they check them, after the caller's role, and
 * store them with the job or batch), and a job's or batch's callback as shown.
 */
@Component
class SubmittedCallbacks {

    private final CallbackRequests callbacks;

    SubmittedCallbacks(CallbackRequests callbacks) {
        this.callbacks = callbacks;
    }

    /** The callback the request asks for, or null for none; not checked yet. */
    Callback asked(SubmitJobRequest request) {
        return asked(request.callback(), request.callBackUri());
    }

    /** The callback a batch request asks for, or null for none; not checked yet. */
    Callback asked(SubmitBatchRequest request) {
        return asked(request.callback(), request.callBackUri());
    }

    private static Callback asked(SubmitJobRequest.CallbackRequest asked, String callBackUri) {
        if (asked != null && callBackUri != null) {
            throw new BadRequestException("callBackUri", "give either callback or callBackUri, not both");
        }
        if (asked != null) {
            return new Callback(Callback.Kind.JOB, asked.url(), asked.headers(), asked.secret());
        }
        if (callBackUri != null) {
            return new Callback(Callback.Kind.ADF, callBackUri, null, null);
        }
        return null;
    }

    CallbackView view(Job job) {
        return callbacks.status(job.id()).map(CallbackView::of).orElse(null);
    }

    CallbackView view(BatchId batch) {
        return callbacks.status(batch).map(CallbackView::of).orElse(null);
    }
}
