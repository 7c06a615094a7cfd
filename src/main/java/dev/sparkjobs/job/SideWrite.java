package dev.sparkjobs.job;

import java.util.function.Consumer;

/**
 * A write of another store on the same database that belongs with a job's change of state, such as an
 * attempt's final progress and cost with its end: one commit for all of them instead of one each.
 * See {@link JobStore#transition(Job, Job, java.util.List)}. A side write goes with every try of its
 * change (an outage's retry, a FAILED end recorded instead), so it must be idempotent: an
 * update-or-insert, a delete-and-insert of the same rows.
 *
 * @param write the write; it throws when the store refuses it
 * @param failed told when {@code write} threw, after its own writes were undone: it accepts the loss
 *     by returning, or fails the whole change by throwing (as for an outage, which the change would
 *     meet too)
 */
public record SideWrite(Runnable write, Consumer<RuntimeException> failed) {

    /** Writes on its own: a failure goes to {@link #failed}. */
    public void writeAlone() {
        try {
            write.run();
        } catch (RuntimeException e) {
            failed.accept(e);
        }
    }
}
