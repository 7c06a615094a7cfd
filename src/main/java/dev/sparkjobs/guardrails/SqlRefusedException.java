package dev.sparkjobs.guardrails;

/** A job refused by the SQL guardrails before anything was queued; the API answers 400. */
public class SqlRefusedException extends RuntimeException {

    private final SqlRule rule;
    private final Integer statement;

    /**
     * @param statement the 0-based index in {@code statements}, or null for {@code sql} (and for a
     *     path a job type checks)
     */
    public SqlRefusedException(SqlRule rule, Integer statement, String message) {
        super(message);
        this.rule = rule;
        this.statement = statement;
    }

    public SqlRule rule() {
        return rule;
    }

    public Integer statement() {
        return statement;
    }
}
