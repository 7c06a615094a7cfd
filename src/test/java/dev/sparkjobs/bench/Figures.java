package dev.sparkjobs.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The headline figures of a scale, one {@code key=value} each in {@code <scale>/figures.properties}:
 * what {@link Summary} draws and checks against the targets. Each scenario writes its own keys when it
 * runs and leaves the others' alone, so a run of one scenario keeps the last figures of the rest. A
 * figure is a ratio or a percentile from one run, and its key's {@code .date} says which run.
 */
final class Figures {

    static final String FILE = "figures.properties";

    private Figures() {}

    /** Adds (or replaces) {@code figures} in the scale's file, each with today's date as its run. */
    static void put(Path out, String date, Map<String, Double> figures) throws IOException {
        Map<String, String> all = read(out);
        figures.forEach((k, v) -> {
            if (v != null && !v.isNaN() && !v.isInfinite()) {
                all.put(k, Double.toString(v));
                all.put(k + ".date", date);
            }
        });
        Files.createDirectories(out);
        StringBuilder text = new StringBuilder("# written by the benchmark scenarios; see Figures.java\n");
        all.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(out.resolve(FILE), text);
    }

    /** Every figure of the scale, sorted by key; empty when none was written yet. */
    static Map<String, String> read(Path out) throws IOException {
        Map<String, String> all = new TreeMap<>();
        Path file = out.resolve(FILE);
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> all.put(k, p.getProperty(k)));
        }
        return all;
    }

    /** A figure, or null when it was not measured. */
    static Double get(Map<String, String> figures, String key) {
        String v = figures.get(key);
        return v == null ? null : Double.valueOf(v);
    }
}
