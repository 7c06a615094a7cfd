package dev.sparkjobs.jobtypes.ingest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkThrowable;

/**
 * Keeps a connection's secrets out of what a failed job shows: a JDBC driver (or Spark quoting its
 * options) may echo a password or a property value in an exception's message, which would become the
 * job's stored error.
 */
final class Redaction {

    static final String MASK = "***";

    private final List<String> secrets;

    /** @param secrets the values to hide; the longest are replaced first, so a secret inside another goes too */
    Redaction(List<String> secrets) {
        this.secrets = secrets.stream()
                .filter(s -> s != null && !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    /**
     * {@code failure} itself when no message in its chain shows a secret; otherwise a failure with the
     * same Spark error condition and the message redacted, and no cause (the causes hold the secret).
     */
    RuntimeException redact(RuntimeException failure) {
        boolean shows = false;
        Throwable telling = failure;
        boolean found = false;
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            shows |= m != null && !m.equals(redact(m));
            if (!found && c instanceof SparkThrowable st && st.getCondition() != null) {
                telling = c;
                found = true;
            }
        }
        if (!shows) {
            return failure;
        }
        String condition = telling instanceof SparkThrowable st ? st.getCondition() : null;
        return new Redacted(condition, telling.getClass().getSimpleName(), redact(telling.getMessage()));
    }

    /** A failure whose message had a secret taken out; it carries the original's Spark error condition. */
    static final class Redacted extends RuntimeException implements SparkThrowable {

        private final String condition;

        Redacted(String condition, String type, String message) {
            super(message == null ? type : message, null, false, false);
            this.condition = condition == null ? type : condition;
        }

        @Override
        public String getCondition() {
            return condition;
        }

        @Override
        public Map<String, String> getMessageParameters() {
            return Map.of();
        }
    }
}
