package dev.sparkjobs.batches;

import dev.sparkjobs.abandon.AbandonSweep;
import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchGraph;
import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.BatchPlanner;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batch.BatchStore;
import dev.sparkjobs.batch.CancelReason;
import dev.sparkjobs.batch.NodeStatus;
import dev.sparkjobs.batch.Plan;
import dev.sparkjobs.batch.ResultReferences;
import dev.sparkjobs.engine.StoreOutage;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import dev.sparkjobs.job.JobStore;
import dev.sparkjobs.metrics.BatchMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One step of one batch: its nodes' jobs' states mirrored onto the nodes, then the planner's plans
 * applied until it has nothing new to say (skips, starts, the cancel of active jobs, the end). Every
 * write is a compare-and-set: a step that loses one stops, and the next step reads again.
 */
@Component
class BatchStepper {

    private static final Logger log = LoggerFactory.getLogger(BatchStepper.class);

    private final BatchStore store;
    private final JobStore jobs;
    private final NodeJobs starter;
    private final BatchMetrics metrics;
    private final AbandonSweep sweep;
    private final BatchReads reads;
    private final Clock clock;

    BatchStepper(
            BatchStore store,
            JobStore jobs,
            NodeJobs starter,
            BatchMetrics metrics,
            AbandonSweep sweep,
            BatchReads reads,
            Clock clock) {
        this.store = store;
        this.jobs = jobs;
        this.starter = starter;
        this.metrics = metrics;
        this.sweep = sweep;
        this.reads = reads;
        this.clock = clock;
    }

    /**
     * Steps the batch once.
     *
     * @return the QUEUED and RUNNING jobs of its nodes as the step left them: the jobs whose end is worth
     *     stepping it again for (none once it ended)
     */
    Set<JobId> step(BatchId id) {
        Map<String, BatchNode> nodes = new LinkedHashMap<>();
        Map<String, NodeStatus> status = new LinkedHashMap<>();
        Batch batch = store.find(id).orElse(null);
        if (batch == null || batch.isTerminal()) {
            return active(nodes, status);
        }
        if (abandoned(batch)) {
            batch = store.find(id).orElse(null);
            if (batch == null || batch.isTerminal()) {
                return active(nodes, status);
            }
        }
        batch.nodes().forEach(n -> nodes.put(n.key(), n));
        for (BatchNode n : batch.nodes()) {
            JobState state = n.state();
            if (state != null && !state.isTerminal()) {
                Optional<Job> job = jobs.find(n.jobId());
                // a job that is gone (deleted from the store, or never stored) will never end on its
                // own: its node FAILED, or the batch would wait for it forever
                JobState now = job.map(Job::state).orElse(JobState.FAILED);
                if (now != state && !store.mirror(id, n.key(), n.run(), state, now)) {
                    return active(nodes, status);
                }
                if (job.isEmpty()) {
                    log.warn(
                            "batch {}: the job {} of '{}' no longer exists; the node counts as FAILED",
                            id,
                            n.jobId(),
                            n.key());
                }
                state = now;
            }
            status.put(n.key(), new NodeStatus(n.key(), state, null));
        }
        BatchGraph graph = BatchRuns.graph(batch);
        BatchState stop = stopReason(batch, clock.instant());
        Set<String> notNow = new HashSet<>();
        boolean cancelled = false;
        while (true) {
            Plan plan = BatchPlanner.plan(graph, batch.concurrency(), batch.failurePolicy(), status, stop);
            boolean changed = false;
            for (Map.Entry<String, String> skip : plan.skip().entrySet()) {
                BatchNode node = nodes.get(skip.getKey());
                Job job = starter.unrun(batch, node, JobState.SKIPPED, new JobError(JobError.SKIPPED, skip.getValue()));
                if (!record(batch, node, job, nodes, status)) {
                    return active(nodes, status);
                }
                changed = true;
            }
            if (plan.cancelActive() && !cancelled) {
                status.values().stream()
                        .filter(NodeStatus::isActive)
                        .forEach(s -> starter.cancel(nodes.get(s.key()).jobId()));
                cancelled = true;
            }
            for (String key : plan.start()) {
                if (notNow.contains(key)) {
                    break; // admission said "not now": the rest wait for the next step too
                }
                BatchNode node = nodes.get(key);
                Optional<Job> job = starter.start(batch, node, upstream(node, nodes, status));
                if (job.isEmpty()) {
                    notNow.add(key);
                    break;
                }
                if (!record(batch, node, job.get(), nodes, status)) {
                    return active(nodes, status);
                }
                changed = true;
            }
            if (plan.end() != null) {
                if (store.finish(id, batch.repairs(), plan.end(), clock.instant())) {
                    reads.forget(id);
                    metrics.finished(plan.end());
                    log.info("batch {} ended {}", id, plan.end());
                    return Set.of();
                }
                return active(nodes, status);
            }
            if (!changed) {
                return active(nodes, status);
            }
        }
    }

    private static Set<JobId> active(Map<String, BatchNode> nodes, Map<String, NodeStatus> status) {
        Set<JobId> active = new HashSet<>();
        status.values().stream()
                .filter(NodeStatus::isActive)
                .map(st -> nodes.get(st.key()).jobId())
                .forEach(active::add);
        return active;
    }

    /**
     * Ends a batch that cannot be stepped: FAILED with {@code why} (CANCELLED when a cancel was asked
     * for, so that its state agrees with its cancel reason), its QUEUED and RUNNING jobs cancelled. Its
     * PENDING nodes stay so, and the cancelled jobs' ends are not mirrored onto their nodes (an ended
     * batch is not stepped again): a repair decides from the jobs themselves and runs both.
     *
     * @return true when this call ended it
     */
    boolean giveUp(BatchId id, String why) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Batch batch = store.find(id).orElse(null);
            if (batch == null || batch.isTerminal()) {
                return false;
            }
            for (BatchNode n : batch.nodes()) {
                if (n.state() != null && !n.state().isTerminal()) {
                    try {
                        starter.cancel(n.jobId());
                    } catch (RuntimeException e) {
                        if (StoreOutage.is(e)) {
                            throw e;
                        }
                        log.warn(
                                "batch {}: the job {} of '{}' could not be cancelled: {}",
                                id,
                                n.jobId(),
                                n.key(),
                                e.toString());
                    }
                }
            }
            BatchState end = batch.cancelRequestedAt() != null ? BatchState.CANCELLED : BatchState.FAILED;
            if (store.finish(id, batch.repairs(), end, clock.instant(), why)) {
                reads.forget(id);
                metrics.finished(end);
                return true;
            }
            // a cancel or another writer came in between: read again
        }
        return false;
    }

    /**
     * Asks a batch nobody read for its {@code cancelIfUnpolled} to stop, as a caller's cancel would, with
     * the reason ABANDONED: its jobs are never abandoned on their own (nobody polls them), so this is
     * their backstop too.
     *
     * @return true when the cancel was recorded
     */
    private boolean abandoned(Batch batch) {
        if (batch.cancelRequestedAt() != null
                || !sweep.isUnread(
                        reads, batch.id(), batch.submittedAt(), batch.lastReadAt(), batch.cancelIfUnpolled())) {
            return false;
        }
        if (!store.requestCancel(batch.id(), clock.instant(), CancelReason.ABANDONED)) {
            return false;
        }
        metrics.abandoned();
        log.info("cancelling batch {}: nobody read it for {}", batch.id(), batch.cancelIfUnpolled());
        return true;
    }

    /** CANCELLED once a cancel was asked for, TIMED_OUT past the run's deadline; null while it runs on. */
    static BatchState stopReason(Batch batch, Instant now) {
        if (batch.cancelRequestedAt() != null) {
            return BatchState.CANCELLED;
        }
        if (batch.deadline() != null && now.isAfter(batch.deadline())) { // counted from its latest repair
            return BatchState.TIMED_OUT;
        }
        return null;
    }

    /** Records a node's new job in the store and in what this step knows of the node (its job id too). */
    private boolean record(
            Batch batch, BatchNode node, Job job, Map<String, BatchNode> nodes, Map<String, NodeStatus> status) {
        if (!store.recordJob(batch.id(), node.key(), node.run(), job.id(), job.state())) {
            return false;
        }
        nodes.put(
                node.key(),
                new BatchNode(
                        node.key(),
                        node.dependsOn(),
                        node.runIf(),
                        node.request(),
                        node.run(),
                        job.id(),
                        job.state(),
                        node.earlierJobIds()));
        status.put(node.key(), new NodeStatus(node.key(), job.state(), null));
        return true;
    }

    /**
     * The upstream nodes the references of {@code key}'s params name, with the results of those that
     * succeeded: all its start needs, and no job read for a node without references.
     */
    private Map<String, NodeStatus> upstream(
            BatchNode node, Map<String, BatchNode> nodes, Map<String, NodeStatus> status) {
        Map<String, Object> params = node.request().params();
        if (params == null || !ResultReferences.hasReferences(params)) {
            return Map.of();
        }
        Map<String, NodeStatus> upstream = new LinkedHashMap<>();
        for (String up : ResultReferences.keys(params)) {
            NodeStatus s = status.get(up);
            if (s == null) {
                continue; // checked at submit to be upstream; resolving it says what is wrong
            }
            Map<String, Object> result = null;
            if (s.state() == JobState.SUCCEEDED) {
                result = jobs.find(nodes.get(up).jobId()).map(Job::result).orElse(null);
            }
            upstream.put(up, new NodeStatus(up, s.state(), result));
        }
        return upstream;
    }
}
