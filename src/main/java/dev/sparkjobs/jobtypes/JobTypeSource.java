package dev.sparkjobs.jobtypes;

import java.util.List;

/**
 * Job types that are not Spring beans of their own: the plug-ins found at start-up. The registry adds
 * them to the beans and fails start-up when two types share a name.
 */
@FunctionalInterface
public interface JobTypeSource {

    /**
     * The types this source offers; each one's {@code toString()} says where it came from (a jar), for
     * the message that reports a name clash.
     */
    List<JobType<?>> jobTypes();
}
