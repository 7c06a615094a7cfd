package dev.sparkjobs.jobcallbacks;

import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobState;
import java.util.LinkedHashMap;
import java.util.Map;

/** The two bodies a callback sends, as trees for the JSON writer. */
public final class CallbackBodies {

    /** The {@code event} of a {@link Callback.Kind#JOB} body. */
    public static final String FINISHED = "job.finished";

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
        var body = new LinkedHashMap<String, Object>();
        body.put("Output", view);
        boolean succeeded = job.state() == JobState.SUCCEEDED;
        body.put("StatusCode", succeeded ? "200" : "500");
        if (!succeeded) {
            var error = job.error();
            var code = error == null ? job.state().name() : error.type();
            var message = error == null || error.message() == null
                    ? "job " + job.id() + " ended " + job.state()
                    : error.message();
            body.put("Error", Map.of("ErrorCode", code, "Message", message));
        }
        return body;
    }
}
