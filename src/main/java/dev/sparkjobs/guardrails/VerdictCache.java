package dev.sparkjobs.guardrails;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    static final int MAX_CHARS = 8_192;

    /** What a verdict is looked up by; build it with {@link #key}. */
    record Key(SqlPolicy policy, String tenant, List<String> statements, boolean single, Map<String, Object> args) {}

    /** A refusal as it is thrown: thrown afresh from a kept verdict, never the same instance twice. */
    record Refused(SqlRule rule, Integer statement, String message) {

        SqlRefusedException exception() {
            return new SqlRefusedException(rule, statement, message);
        }
    }

    private final int maxEntries;
    private final Map<Key, Optional<Refused>> verdicts;

    VerdictCache() {
        this(MAX_ENTRIES);
    }

    VerdictCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.verdicts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Optional<Refused>> eldest) {
                return size() > VerdictCache.this.maxEntries;
            }
        };
    }

    /** The key of a check, or null when its statements and parameters are too long to be kept. */
    static Key key(SqlPolicy policy, String tenant, List<String> statements, boolean single, Map<String, Object> args) {
        long chars = 0;
        for (String s : statements) {
            chars += s == null ? 0 : s.length();
        }
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
                Collections.unmodifiableList(new java.util.ArrayList<>(statements)),
                single,
                Collections.unmodifiableMap(new LinkedHashMap<>(args)));
    }

    /**
     * The kept verdict: empty for allowed, the refusal otherwise; null when none is kept (or {@code
     * key} is null).
     */
    synchronized Optional<Refused> get(Key key) {
        return key == null ? null : verdicts.get(key);
    }

    /** Keeps a verdict: {@code refused} null for allowed. Nothing is kept for a null key. */
    synchronized void put(Key key, Refused refused) {
        if (key != null) {
            verdicts.put(key, Optional.ofNullable(refused));
        }
    }

    synchronized int size() {
        return verdicts.size();
    }
}
