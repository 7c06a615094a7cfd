package dev.sparkjobs.jobcallbacks;

import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobState;
import java.util.LinkedHashMap;
import java.util.Map;

/** The two bodies a callback sends, as trees for the JSON writer. */
public final class CallbackBodies {

    /** The {@code event} of a {@link Callback.Kind#JOB} body for a job. */
    public static final String FINISHED = "job.finished";

    /** The {@code event} of a {@link Callback.Kind#JOB} body for a batch. */
    public static final String BATCH_FINISHED = "batch.finished";

    private CallbackBodies() {}

    /** {@code {"event": "job.finished", "job": <the job as GET /api/v1/jobs/{id} shows it>}}. */
    public static Map<String, Object> job(Object view) {
        var body = new LinkedHashMap<String, Object>();
        body.put("event", FINISHED);
        body.put("job", view);
        return body;
    }

    /**
     * What a Data Factory Webhook activity with {@code reportStatusOnCallBack} reads: {@code Output}
     * (the job), {@code StatusCode} ({@code "200"} when it succeeded, else {@code "500"}: 400 and up
     * fail the activity) and, unless it succeeded, {@code Error} with the job's error.
     */
    public static Map<String, Object> adf(Job job, Object view) {
        if (job.state() == JobState.SUCCEEDED) {
            return adf(view, null, null);
        }
        var error = job.error();
        var code = error == null ? job.state().name() : error.type();
        var message = error == null || error.message() == null
                ? "job " + job.id() + " ended " + job.state()
                : error.message();
        return adf(view, code, message);
    }

    /** {@code {"event": "batch.finished", "batch": <the batch as GET /api/v1/batches/{id} shows it>}}. */
    public static Map<String, Object> batch(Object view) {
        var body = new LinkedHashMap<String, Object>();
        body.put("event", BATCH_FINISHED);
        body.put("batch", view);
        return body;
    }

    /**
     * As {@link #adf(Job, Object)} for a batch: {@code Output} is the batch; unless it succeeded,
     * {@code ErrorCode} is its end ({@code FAILED}, {@code CANCELLED}, {@code TIMED_OUT}).
     */
    public static Map<String, Object> adf(BatchViews.Ended batch) {
        if (batch.state() == BatchState.SUCCEEDED) {
            return adf(batch.view(), null, null);
        }
        return adf(batch.view(), batch.state().name(), batch.message());
    }

    private static Map<String, Object> adf(Object view, String code, String message) {
        var body = new LinkedHashMap<String, Object>();
        body.put("Output", view);
        body.put("StatusCode", code == null ? "200" : "500");
        if (code != null) {
            body.put("Error", Map.of("ErrorCode", code, "Message", message == null ? code : message));
        }
        return body;
    }
}
