package dev.sparkjobs.admission;

import java.util.List;

/** Limits and what is running and waiting right now, overall and per pool. */
public record AdmissionSnapshot(int maxRunning, int maxQueued, int running, int queued, List<PoolSnapshot> pools) {

    /** One pool's cap and load. */
    public record PoolSnapshot(String name, int maxRunning, int running, int queued) {}
}
