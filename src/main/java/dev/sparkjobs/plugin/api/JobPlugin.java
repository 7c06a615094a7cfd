package dev.sparkjobs.plugin.api;

import java.util.Map;

/**
 * A job type written outside this service. Implement it with a record for the parameters, list the
 * class in {@code META-INF/services/dev.sparkjobs.plugin.api.JobPlugin} and put the jar on the
 * classpath or in the plug-ins directory: callers then submit {@code {"type": name(), "params": …}}.
 *
 * <p>The service binds {@code params} to {@link #paramsType()} with Jackson (unknown fields are refused)
 * and checks it with Jakarta Bean Validation annotations on the record before the job is accepted; the
 * record also gives the JSON Schema that {@code GET /job-types} and the API document show.
 *
 * @param <P> the parameter record
 */
public interface JobPlugin<P> {

    /** The {@code type} callers submit: lower case letters, digits, {@code -} and {@code _}. */
    String name();

    /** One or two sentences for {@code GET /job-types} and the API docs. */
    String description();

    /** The record {@code params} binds to. */
    Class<P> paramsType();

    /** Valid parameters, shown as the example in the API docs and runnable as is. */
    P exampleParams();

    /**
     * Does the work on the job's thread.
     *
     * @return the job's result, made of JSON values (maps, lists, strings, numbers, booleans, null)
     */
    Map<String, Object> run(JobContext context, P params) throws Exception;
}
