package dev.sparkjobs.guardrails;

import dev.sparkjobs.security.Caller;
import java.util.List;
import java.util.Map;

/** Checks the SQL of a job against the caller's policy before the job is accepted. */
public interface SqlGuard {

    /**
     * Parses each statement with the driver's own parser and checks its plan.
     *
     * @param statements the job's statements, in order
     * @param single the job gave one {@code sql} rather than a list of {@code statements}
     * @param args the job's named parameters, for IDENTIFIER(:name) and EXECUTE IMMEDIATE :name
     * @throws SqlRefusedException for the first statement that breaks a rule or does not parse
     */
    void check(List<String> statements, boolean single, Map<String, Object> args, Caller caller);
}
