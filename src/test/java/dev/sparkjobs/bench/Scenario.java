package dev.sparkjobs.bench;

import java.nio.file.Path;

/**
 * One benchmark scenario: {@link Bench} runs every scenario in {@link Scenarios#ALL} whose letter is
 * in {@code -Dbench.only} and writes its Markdown to {@code docs/benchmarks/<scale>/scenario-<x>.md}.
 * A scenario decides from {@link Context#scale()}'s name how much it runs, so adding one touches no
 * other scenario's code.
 */
interface Scenario {

    /**
     * What every scenario is given: its work directory, the jar under test, the scale, the machine,
     * and the scale's report directory (where it adds its {@link Figures}).
     */
    record Context(Path work, Path jar, Bench.Scale scale, String machine, Path out) {

        /** The scale's name: smoke, medium or full. */
        String scaleName() {
            return scale.name();
        }
    }

    /** The letter that selects it in {@code -Dbench.only}, e.g. {@code "T"}. */
    String letter();

    /** Runs the scenario and returns its report. */
    String markdown(Context context) throws Exception;

    /** The report's file name in the scale's directory. */
    default String file() {
        return "scenario-" + letter().toLowerCase(java.util.Locale.ROOT) + ".md";
    }
}
