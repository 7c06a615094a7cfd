package dev.sparkjobs.execution;

import dev.sparkjobs.jobcallbacks.Callback;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A SHA-256 of a submission in a canonical form (map keys sorted), to compare retries. */
final class Fingerprint {

    private Fingerprint() {}

    static String of(Submission s) {
        return of(s, null);
    }

    /** With the callback asked for: a replay that brings another callback is another request. */
    static String of(Submission s, Callback callback) {
        List<Object> canonical = new java.util.ArrayList<>(java.util.Arrays.asList(
                s.type(),
                s.name(),
                canonical(s.params()),
                s.pool(),
                s.priority(),
                s.timeoutSeconds(),
                canonical(s.tags())));
        if (s.maxRetries() != null || s.retryBackoffSeconds() != null || s.retryOn() != null) {
            // only when given, so that keys stored before retries existed still match their requests
            canonical.add(s.maxRetries());
            canonical.add(s.retryBackoffSeconds());
            canonical.add(s.retryOn() == null ? null : new java.util.TreeSet<>(s.retryOn()));
        }
        if (s.weight() != null || s.writes() != null) {
            // only when given, as above
            canonical.add(s.weight());
            canonical.add(s.writes() == null ? null : String.valueOf(s.writes()));
        }
        if (s.cancelIfUnpolledSeconds() != null) {
            canonical.add("cancelIfUnpolledSeconds=" + s.cancelIfUnpolledSeconds()); // only when given, as above
        }
        if (callback != null) {
            // only when given, as above; the secret and header values are hashed, never stored as such
            canonical.add("callback=" + callback.kind());
            canonical.add(canonical(callback.url()));
            canonical.add(canonical(callback.headers()));
            canonical.add(canonical(callback.secret()));
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(String.valueOf(canonical).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Fingerprint::canonical).toList();
        }
        if (value instanceof String str) {
            return '"' + str.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        return value;
    }
}
