package dev.sparkjobs.jobtypes;

import dev.sparkjobs.security.Caller;
import java.util.List;
import java.util.Map;

/**
 * A kind of job. Adding one is adding a Spring bean that implements this: the registry finds it,
 * the API accepts its name, {@code GET /job-types} and the OpenAPI document describe it.
 */
public interface JobType {

    /** The {@code type} callers submit, e.g. {@code sql}. Lower case, no spaces. */
    String name();

    /** One or two sentences for {@code GET /job-types} and the API docs. */
    String description();

    /** The parameters {@code params} may hold. */
    List<ParameterDoc> parameters();

    /** A valid {@code params} object, shown as the example in the API docs. */
    Map<String, Object> exampleParams();

    /**
     * Checks {@code params} before the job is accepted.
     *
     * @return one entry per problem; empty when valid
     */
    List<ParamError> validate(Map<String, Object> params);

    /**
     * Checks valid {@code params} against what {@code caller} may do with the shared driver (the SQL
     * guardrails, allowed paths), before the job is accepted. Called only when {@link #validate}
     * found nothing.
     *
     * @throws RuntimeException a refusal the API answers with 400
     */
    default void checkPolicy(Map<String, Object> params, Caller caller) {}

    /**
     * Does the work on the job's thread, inside its Spark job group. Long work should call {@link
     * JobContext#checkNotStopped()} between steps.
     *
     * @return the job's result, made of JSON values (maps, lists, strings, numbers, booleans, null)
     */
    Map<String, Object> run(JobContext context, Map<String, Object> params) throws Exception;
}
