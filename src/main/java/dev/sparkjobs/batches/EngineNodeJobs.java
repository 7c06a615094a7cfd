package dev.sparkjobs.batches;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.NodeStatus;
import dev.sparkjobs.execution.JobService;
import dev.sparkjobs.job.Job;
import dev.sparkjobs.job.JobError;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** {@link NodeJobs} through the job engine: the {@link NodeStarter} and the {@link JobService}. */
@Component
class EngineNodeJobs implements NodeJobs {

    private final NodeStarter starter;
    private final JobService service;

    EngineNodeJobs(NodeStarter starter, JobService service) {
        this.starter = starter;
        this.service = service;
    }

    @Override
    public Optional<Job> start(Batch batch, BatchNode node, Map<String, NodeStatus> upstream) {
        return starter.start(batch, node, upstream);
    }

    @Override
    public Job unrun(Batch batch, BatchNode node, JobState state, JobError error) {
        return starter.unrun(batch, node, state, error);
    }

    @Override
    public void cancel(JobId job) {
        service.cancelForBatch(job);
    }
}
