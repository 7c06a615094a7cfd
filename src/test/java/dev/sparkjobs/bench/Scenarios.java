package dev.sparkjobs.bench;

import java.util.List;

/** Every scenario that writes a report of its own; A to D still share {@code results.md}. */
final class Scenarios {

    private Scenarios() {}

    /** Delta conflicts, as {@link ScenarioE} and {@link ConflictReport} always wrote them. */
    static final Scenario CONFLICTS = new Scenario() {
        @Override
        public String letter() {
            return "E";
        }

        @Override
        public String markdown(Context c) throws Exception {
            ScenarioE.Result r = new ScenarioE(c.work(), c.jar()).run(Bench.CONFLICT_CONCURRENCY);
            return ConflictReport.markdown(c.scaleName(), r, c.machine());
        }
    };

    /** In the order they run. */
    static final List<Scenario> ALL =
            List.of(CONFLICTS, new ScenarioT(), new ScenarioQ(), new ScenarioS(), new ScenarioG());
}
