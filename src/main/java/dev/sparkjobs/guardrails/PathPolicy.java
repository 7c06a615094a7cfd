package dev.sparkjobs.guardrails;

import dev.sparkjobs.security.Caller;

/**
 * Where a caller's jobs may read and write files: the same allowed roots the SQL guardrails use.
 * Job types that take paths (ingest, maintenance) check each one here before they are accepted.
 */
public interface PathPolicy {

    /** Whether {@code path} (a plain path or a URI) lies inside one of the caller's allowed roots. */
    boolean allows(String path, Caller caller);

    /**
     * @throws SqlRefusedException with rule {@link SqlRule#LOCATION} when the path is outside
     */
    default void checkPath(String path, Caller caller) {
        if (!allows(path, caller)) {
            throw new SqlRefusedException(
                    SqlRule.LOCATION, null, "the path '" + path + "' is outside the allowed directories");
        }
    }
}
