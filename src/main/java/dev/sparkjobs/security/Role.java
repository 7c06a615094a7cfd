package dev.sparkjobs.security;

/** What a caller may do. Roles do not imply each other: a submitter who may read is given both. */
public enum Role {
    /** Reads its tenant's jobs. */
    VIEWER,
    /** Submits and cancels its tenant's jobs. */
    SUBMITTER,
    /** Everything, in every tenant: all jobs, the whole admission view, any cancel. */
    ADMIN;
}
