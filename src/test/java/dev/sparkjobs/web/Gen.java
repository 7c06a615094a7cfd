package dev.sparkjobs.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * A generator of test values from a seeded {@link Random}: the few combinators the fuzz run needs,
 * so that a run is reproduced exactly from its seed.
 */
@FunctionalInterface
interface Gen<T> {

    T next(Random random);

    default <U> Gen<U> map(Function<? super T, ? extends U> f) {
        return r -> f.apply(next(r));
    }

    default <U> Gen<U> flatMap(Function<? super T, Gen<U>> f) {
        return r -> f.apply(next(r)).next(r);
    }

    /** Null with probability {@code p}. */
    default Gen<T> orNull(double p) {
        return r -> r.nextDouble() < p ? null : next(r);
    }

    /** 0 to {@code max} values. */
    default Gen<List<T>> list(int max) {
        return r -> {
            List<T> values = new ArrayList<>();
            for (int i = r.nextInt(max + 1); i > 0; i--) {
                values.add(next(r));
            }
            return values;
        };
    }

    static <T> Gen<T> just(T value) {
        return r -> value;
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return of(List.of(values));
    }

    static <T> Gen<T> of(List<T> values) {
        List<T> copy = new ArrayList<>(values);
        return r -> copy.get(r.nextInt(copy.size()));
    }

    static <T> Gen<T> oneOf(List<Gen<T>> gens) {
        return r -> gens.get(r.nextInt(gens.size())).next(r);
    }

    /** One of the generators, chosen with the weights given. */
    record Weighted<T>(int weight, Gen<T> gen) {}

    static <T> Weighted<T> weight(int weight, Gen<T> gen) {
        return new Weighted<>(weight, gen);
    }

    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<T>... choices) {
        return frequency(List.of(choices));
    }

    static <T> Gen<T> frequency(List<Weighted<T>> choices) {
        int total = choices.stream().mapToInt(Weighted::weight).sum();
        return r -> {
            int pick = r.nextInt(total);
            for (Weighted<T> c : choices) {
                pick -= c.weight();
                if (pick < 0) {
                    return c.gen().next(r);
                }
            }
            throw new IllegalStateException("weights changed");
        };
    }

    /** From {@code min} to {@code max}, both included; the bounds themselves often. */
    static Gen<Long> longs(long min, long max) {
        return r -> switch (r.nextInt(8)) {
            case 0 -> min;
            case 1 -> max;
            default -> max == Long.MAX_VALUE ? r.nextLong(min, max) : r.nextLong(min, max + 1);
        };
    }

    static Gen<Integer> ints(int min, int max) {
        return longs(min, max).map(Long::intValue);
    }

    String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    String ALNUM = ALPHA + "0123456789";

    /** Strings of {@code min} to {@code max} characters from {@code alphabet}. */
    static Gen<String> strings(String alphabet, int min, int max) {
        return r -> {
            StringBuilder s = new StringBuilder();
            for (int n = min + r.nextInt(max - min + 1); n > 0; n--) {
                s.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            return s.toString();
        };
    }

    /** Strings of any UTF-16 units: controls, surrogates (paired or not), anything. */
    static Gen<String> anyStrings(int min, int max) {
        return r -> {
            StringBuilder s = new StringBuilder();
            for (int n = min + r.nextInt(max - min + 1); n > 0; n--) {
                s.append(r.nextInt(4) == 0 ? (char) r.nextInt(0x20) : (char) r.nextInt(Character.MAX_VALUE + 1));
            }
            return s.toString();
        };
    }

    static <T> Gen<Set<T>> subsetOf(List<T> values) {
        return r -> {
            Set<T> subset = new LinkedHashSet<>();
            values.forEach(v -> {
                if (r.nextBoolean()) {
                    subset.add(v);
                }
            });
            return subset;
        };
    }

    static <K, V> Gen<Map<K, V>> maps(Gen<K> keys, Gen<V> values, int max) {
        return r -> {
            Map<K, V> map = new LinkedHashMap<>();
            for (int i = r.nextInt(max + 1); i > 0; i--) {
                map.put(keys.next(r), values.next(r));
            }
            return map;
        };
    }
}
