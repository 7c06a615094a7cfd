package dev.sparkjobs.lease;

/** What the service does when its lease is in doubt, and when it is sure of it again. */
public interface Fence {

    /**
     * Admit and launch nothing, and stop every running job: the lease may soon belong to another
     * instance, and nothing of this one may run by then.
     *
     * @return how many jobs were running
     */
    int stopWork();

    /** The lease is this instance's again (nobody took it over): admit and launch again. */
    void resumeWork();
}
