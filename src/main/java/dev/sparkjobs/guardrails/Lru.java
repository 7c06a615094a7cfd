package dev.sparkjobs.guardrails;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A map of at most {@code maxEntries} entries, the least recently used first out, safe for the
 * request threads to share: what the guardrails read off SQL text, kept so that a scheduler sending
 * the same statements again and again does not have them parsed on every submit.
 */
final class Lru<K, V> {

    /** Statements (and parameters) longer than this in all are not kept, so that a few large jobs cannot fill the heap. */
    static final int MAX_CHARS = 8_192;

    private final Map<K, V> entries;

    Lru(int maxEntries) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The kept value; null when none is kept. */
    synchronized V get(K key) {
        return entries.get(key);
    }

    synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    synchronized int size() {
        return entries.size();
    }

    /** The characters of the statements, a null one counted as none. */
    static long chars(List<String> statements) {
        long chars = 0;
        for (String s : statements) {
            chars += s == null ? 0 : s.length();
        }
        return chars;
    }
}
