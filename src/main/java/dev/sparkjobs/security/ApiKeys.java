package dev.sparkjobs.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The configured API keys, looked up by the SHA-256 of what a caller presents. */
final class ApiKeys {

    private record Entry(byte[] sha256, Caller caller) {}

    private final List<Entry> entries;

    ApiKeys(List<SecurityProperties.ApiKey> keys) {
        this.entries = keys.stream()
                .map(k -> new Entry(
                        HexFormat.of().parseHex(k.sha256().toLowerCase()), new Caller(k.name(), k.tenant(), k.roles())))
                .toList();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The caller whose key this is. Compares with every configured hash in constant time, so the
     * time taken says nothing about how close a guess came, nor which key matched.
     */
    Optional<Caller> match(String presented) {
        byte[] digest = sha256(presented);
        Caller found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(digest, e.sha256()) && found == null) {
                found = e.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
