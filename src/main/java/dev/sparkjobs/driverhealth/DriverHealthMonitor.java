package dev.sparkjobs.driverhealth;

import dev.sparkjobs.admission.AdmissionController;
import dev.sparkjobs.admission.AdmissionProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the driver JVM and holds job starts back while it is short of memory: a job started on
 * a driver whose heap stays full after collection, or that spends its time collecting, slows every
 * running job and risks an OutOfMemoryError that takes all of them down. Starts pause when the heap
 * left after GC or the GC time share passes its maximum, and resume only once both are below their
 * maximum less the recovery margin, so a reading hovering at a limit does not start and stop jobs in
 * turn. Submits are still admitted meanwhile.
 */
public final class DriverHealthMonitor {

    private static final Logger log = LoggerFactory.getLogger(DriverHealthMonitor.class);

    private final AdmissionProperties.DriverHealth limits;
    private final JvmReadings readings;
    private final Clock clock;
    private final AdmissionController admission;
    private final GcTimeWindow gcWindow;
    private volatile DriverState state = DriverState.UNSAMPLED;

    DriverHealthMonitor(
            AdmissionProperties.DriverHealth limits, JvmReadings readings, Clock clock, AdmissionController admission) {
        this.limits = limits;
        this.readings = readings;
        this.clock = clock;
        this.admission = admission;
        this.gcWindow = new GcTimeWindow(limits.window());
    }

    /** The last readings and verdict. */
    public DriverState state() {
        return state;
    }

    public AdmissionProperties.DriverHealth limits() {
        return limits;
    }

    /** Takes one sample, then pauses or resumes starts. */
    synchronized void check() {
        Instant now = clock.instant();
        double heap = readings.heapAfterGc();
        GcTimeWindow.Share gc = gcWindow.add(now, readings.gcTime());
        DriverState before = state;
        boolean paused = before.strained();
        List<String> reasons = new ArrayList<>();
        if (strained(paused, heap, limits.maxHeapAfterGc())) {
            reasons.add("old-generation heap after GC is " + percent(heap) + " of its maximum"
                    + levels(limits.maxHeapAfterGc()));
        }
        if (gc.complete() && strained(paused, gc.value(), limits.maxGcTimeShare())) {
            reasons.add("GC pauses took " + percent(gc.value()) + " of the last "
                    + limits.window().toSeconds() + " s" + levels(limits.maxGcTimeShare()));
        }
        if (reasons.isEmpty()) {
            state = new DriverState(heap, gc.value(), null, null);
            if (paused) {
                log.info("Driver recovered; starting jobs again (was: {})", before.strainedBy());
                admission.resumeStarts();
            }
            return;
        }
        String reason = String.join("; ", reasons);
        Instant since = paused ? before.since() : now;
        state = new DriverState(heap, gc.value(), reason, since);
        if (!paused) {
            log.warn("Driver short of memory; starting no job until it recovers: {}", reason);
        }
        admission.pauseStarts(reason, since);
    }

    /** Past the maximum to pause; not yet below the maximum less the margin to resume. */
    private boolean strained(boolean paused, double reading, double max) {
        return paused ? reading >= max - limits.recoveryMargin() : reading > max;
    }

    private String levels(double max) {
        return " (starts pause above " + percent(max) + " and resume below " + percent(max - limits.recoveryMargin())
                + ")";
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
