package dev.sparkjobs.guardrails;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guardrails' last verdicts, so that the same SQL from callers under the same policy is parsed
 * and inspected once rather than on every submit (a scheduler sends the same statements again and
 * again). A verdict depends on the statements, their named parameters, the caller's policy and
 * tenant, and on nothing else that changes while the service runs: no catalog is asked. The one
 * exception is the file system, whose symbolic links decide where a local path leads: a check that
 * read a path is never kept (see {@link PolicyChecks#readPaths()}).
 *
 * <p>Bounded twice: at most {@value #MAX_ENTRIES} verdicts, least recently used first out, and only
 * for statements and named parameters of at most {@value #MAX_CHARS} characters in all, so that a few
 * large jobs cannot fill the driver's heap.
 */
final class VerdictCache {

    static final int MAX_ENTRIES = 1_024;
    static final int MAX_CHARS = Lru.MAX_CHARS;

    /** What a verdict is looked up by; build it with {@link #key}. */
    record Key(SqlPolicy policy, String tenant, List<String> statements, boolean single, Map<String, Object> args) {}

    /** A refusal as it is thrown: thrown afresh from a kept verdict, never the same instance twice. */
    record Refused(SqlRule rule, Integer statement, String message) {

        SqlRefusedException exception() {
            return new SqlRefusedException(rule, statement, message);
        }
    }

    /** A kept verdict: {@code refused} is null when the statements were allowed. */
    record Verdict(Refused refused) {

        static final Verdict ALLOWED = new Verdict(null);

        static Verdict of(Refused refused) {
            return refused == null ? ALLOWED : new Verdict(refused);
        }
    }

    private final Lru<Key, Verdict> verdicts;

    VerdictCache() {
        this(MAX_ENTRIES);
    }

    VerdictCache(int maxEntries) {
        this.verdicts = new Lru<>(maxEntries);
    }

    /** The key of a check, or null when its statements and parameters are too long to be kept. */
    static Key key(SqlPolicy policy, String tenant, List<String> statements, boolean single, Map<String, Object> args) {
        long chars = Lru.chars(statements);
        for (Map.Entry<String, Object> a : args.entrySet()) {
            chars += a.getKey().length() + String.valueOf(a.getValue()).length();
        }
        if (chars > MAX_CHARS) {
            return null;
        }
        // copies: the key must not change under the map when a caller's list or map does
        return new Key(
                policy,
                tenant,
                Collections.unmodifiableList(new ArrayList<>(statements)),
                single,
                Collections.unmodifiableMap(new LinkedHashMap<>(args)));
    }

    /** The kept verdict; null when none is kept (or {@code key} is null). */
    Verdict get(Key key) {
        return key == null ? null : verdicts.get(key);
    }

    /** Keeps a verdict. Nothing is kept for a null key. */
    void put(Key key, Verdict verdict) {
        if (key != null) {
            verdicts.put(key, verdict);
        }
    }

    int size() {
        return verdicts.size();
    }
}
