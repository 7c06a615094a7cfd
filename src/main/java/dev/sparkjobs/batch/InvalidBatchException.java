package dev.sparkjobs.batch;

import java.util.List;

/** A batch that cannot run as submitted; carries every problem found, not just the first. */
public class InvalidBatchException extends RuntimeException {

    private final transient List<BatchProblem> problems;

    public InvalidBatchException(List<BatchProblem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<BatchProblem> problems() {
        return problems;
    }

    private static String summary(List<BatchProblem> problems) {
        StringBuilder text = new StringBuilder("invalid batch:");
        for (BatchProblem p : problems) {
            text.append(' ').append(p.field()).append(": ").append(p.message()).append(';');
        }
        return text.substring(0, text.length() - (problems.isEmpty() ? 0 : 1));
    }
}
