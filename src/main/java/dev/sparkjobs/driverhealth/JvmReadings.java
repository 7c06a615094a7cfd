package dev.sparkjobs.driverhealth;

import java.time.Duration;

/** What the driver JVM reports about its memory and its collector, read now. */
interface JvmReadings {

    /**
     * The old-generation heap the last collection of it left in use, as a share of its maximum
     * (0 to 1): the data that survives collection, not the garbage the instantaneous usage is mostly
     * made of.
     */
    double heapAfterGc();

    /** Time spent in GC pauses since the JVM started. */
    Duration gcTime();
}
