package com.example.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Counts distinct values in little memory: keeps the {@value #K} smallest of their 63-bit hashes
 * ("k minimum values"). Fewer than K distinct hashes are counted exactly; beyond that the K-th
 * smallest tells how densely the hash range is filled (standard error about 3%). Sketches of
 * partitions merge by keeping the K smallest of their union.
 */
final class DistinctSketch {

    static final int K = 1024;

    private static final double RANGE = 0x1p63;

    private final TreeSet<Long> smallest = new TreeSet<>();

    void add(Object value) {
        offer(hash(value));
    }

    void merge(List<Long> hashes) {
        hashes.forEach(this::offer);
    }

    List<Long> hashes() {
        return new ArrayList<>(smallest);
    }

    boolean exact() {
        return smallest.size() < K;
    }

    long estimate() {
        if (exact()) {
            return smallest.size();
        }
        return Math.round((K - 1) / (smallest.last() / RANGE));
    }

    private void offer(long hash) {
        if (smallest.size() < K) {
            smallest.add(hash);
        } else if (hash < smallest.last() && smallest.add(hash)) {
            smallest.pollLast();
        }
    }

    /** A 63-bit hash of the value's text: FNV-1a, then MurmurHash3's finalizer to spread its bits. */
    static long hash(Object value) {
        String text = value instanceof byte[] bytes ? java.util.Arrays.toString(bytes) : value.toString();
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h >>> 1;
    }
}
