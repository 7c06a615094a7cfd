package dev.sparkjobs.plugin.api;

import java.util.Map;

/**
 * Ends the job FAILED, and still records a result: what the job did before it failed (the tables it
 * did maintain, the rows it did load), shown on the failed job next to its error.
 */
public class JobFailedException extends RuntimeException {

    private final transient Map<String, Object> result;

    /**
     * @param message the job's error message
     * @param result JSON values (maps, lists, strings, numbers, booleans, null)
     */
    public JobFailedException(String message, Map<String, Object> result) {
        super(message);
        this.result = result == null ? Map.of() : result;
    }

    /** What the job did before it failed. */
    public Map<String, Object> result() {
        return result;
    }
}
