package dev.sparkjobs.lease;

import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.UUID;

/**
 * This service instance's name: the owner it writes into the driver lease, and the {@code runBy} of
 * every attempt it starts. Unique per process start, so a restarted instance is a new owner.
 */
public record InstanceId(String value) {

    public InstanceId {
        Objects.requireNonNull(value, "value");
    }

    /** {@code <pid>@<host>/<8 random hex digits>}. */
    public static InstanceId random() {
        return new InstanceId(ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public String toString() {
        return value;
    }
}
