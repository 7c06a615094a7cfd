package dev.sparkjobs.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code ${jobs.<key>.result.<path>}} found in a string, or a malformed one. The key is what precedes
 * the first {@code .result.}, so a key that itself contains {@code .result.} cannot be referenced.
 *
 * @param text the reference as written, {@code ${...}} included
 * @param start where it starts in the string
 * @param key the upstream node's key; null when malformed
 * @param path the field names and list indexes into the upstream's result; empty when malformed
 * @param malformed why it is not a reference; null when it is one
 */
record Reference(String text, int start, String key, List<String> path, String malformed) {

    static final String OPEN = "${jobs.";
    private static final String RESULT = ".result.";

    int end() {
        return start + text.length();
    }

    /** Every reference in {@code s}, well-formed or not, left to right; text without {@code ${jobs.} has none. */
    static List<Reference> in(String s) {
        List<Reference> found = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = s.indexOf(OPEN, from);
            if (open < 0) {
                return found;
            }
            int close = s.indexOf('}', open);
            if (close < 0) {
                found.add(bad(s.substring(open), open, "it has no closing }"));
                return found;
            }
            found.add(parse(s.substring(open, close + 1), open));
            from = close + 1;
        }
    }

    private static Reference parse(String text, int start) {
        String body = text.substring(OPEN.length(), text.length() - 1);
        int split = body.indexOf(RESULT);
        if (split < 0) {
            return bad(text, start, "expected ${jobs.<key>.result.<path>}");
        }
        String key = body.substring(0, split);
        if (!BatchGraph.KEY.matcher(key).matches()) {
            return bad(text, start, key.isEmpty() ? "the key is empty" : "'" + key + "' is not a job key");
        }
        List<String> path = List.of(body.substring(split + RESULT.length()).split("\\.", -1));
        for (String field : path) {
            if (field.isEmpty()) {
                return bad(text, start, "the path has an empty field name");
            }
            if (field.contains("$") || field.contains("{")) {
                return bad(text, start, "a reference cannot contain another");
            }
        }
        return new Reference(text, start, key, path, null);
    }

    private static Reference bad(String text, int start, String why) {
        return new Reference(text, start, null, List.of(), why);
    }
}
