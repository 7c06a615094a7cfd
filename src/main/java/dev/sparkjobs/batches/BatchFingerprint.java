package dev.sparkjobs.batches;

import dev.sparkjobs.jobcallbacks.Callback;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A SHA-256 of a batch submission in a canonical form (keys sorted), to compare retries. */
final class BatchFingerprint {

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private BatchFingerprint() {}

    static String of(BatchSubmission s) {
        return of(s, null);
    }

    /** With the callback asked for: a replay that brings another callback is another request. */
    static String of(BatchSubmission s, Callback callback) {
        // the key itself is not part of the request it protects
        BatchSubmission request = new BatchSubmission(
                s.name(),
                s.concurrency(),
                s.failurePolicy(),
                s.timeoutSeconds(),
                s.cancelIfUnpolledSeconds(),
                s.jobs(),
                null);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of()
                    .formatHex(sha.digest(CANONICAL
                            .writeValueAsString(canonical(request, callback))
                            .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // without a callback the request alone, so that keys stored before callbacks existed still match;
    // the secret and header values are hashed, never stored as such
    private static Object canonical(BatchSubmission request, Callback callback) {
        if (callback == null) {
            return request;
        }
        return java.util.Map.of("request", request, "callback", callback);
    }
}
