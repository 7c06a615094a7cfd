package dev.sparkjobs.driverhealth;

import java.time.Instant;

/**
 * The driver's last readings and the gate's verdict.
 *
 * @param heapAfterGc old-generation heap left by the last collection, as a share of its maximum
 * @param gcTimeShare share of wall time in GC pauses over the window (or the time sampled so far)
 * @param strainedBy why starts are paused, or null while they are not
 * @param since when starts paused, or null
 */
public record DriverState(double heapAfterGc, double gcTimeShare, String strainedBy, Instant since) {

    static final DriverState UNSAMPLED = new DriverState(0, 0, null, null);

    public boolean strained() {
        return strainedBy != null;
    }
}
