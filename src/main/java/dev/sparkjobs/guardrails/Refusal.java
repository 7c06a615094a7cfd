package dev.sparkjobs.guardrails;

/** A refusal found in a plan, before {@link SparkSqlGuard} gives it the statement's index. */
final class Refusal extends RuntimeException {

    final SqlRule rule;

    Refusal(SqlRule rule, String message) {
        super(message, null, false, false);
        this.rule = rule;
    }
}
