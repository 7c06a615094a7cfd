package dev.sparkjobs.store;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.progress.CostStore;
import dev.sparkjobs.progress.JobCost;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link CostStore} over JDBC: one row per ended attempt; a job's cost is their sum. */
@Repository
class JdbcCostStore implements CostStore {

    private static final String FIGURES = "tasks, task_cpu_nanos, executor_run_millis, gc_millis, input_bytes,"
            + " input_rows, output_bytes, output_rows, shuffle_read_bytes, shuffle_write_bytes,"
            + " peak_execution_memory_bytes";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    JdbcCostStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public void save(JobId id, int attempt, JobCost c) {
        // one writer per attempt (its thread), so delete-and-insert needs no upsert
        tx.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM job_cost WHERE job_id = ? AND attempt = ?")
                    .params(id.toString(), attempt)
                    .update();
            jdbc.sql("INSERT INTO job_cost (job_id, attempt, " + FIGURES + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                            + " ?, ?)")
                    .params(
                            id.toString(),
                            attempt,
                            c.tasks(),
                            c.taskCpuNanos(),
                            c.executorRunMillis(),
                            c.gcMillis(),
                            c.inputBytes(),
                            c.inputRows(),
                            c.outputBytes(),
                            c.outputRows(),
                            c.shuffleReadBytes(),
                            c.shuffleWriteBytes(),
                            c.peakExecutionMemoryBytes())
                    .update();
        });
    }

    @Override
    public Optional<JobCost> total(JobId id, int leaving) {
        return jdbc.sql("SELECT count(*), sum(tasks), sum(task_cpu_nanos), sum(executor_run_millis), sum(gc_millis),"
                        + " sum(input_bytes), sum(input_rows), sum(output_bytes), sum(output_rows),"
                        + " sum(shuffle_read_bytes), sum(shuffle_write_bytes), max(peak_execution_memory_bytes)"
                        + " FROM job_cost WHERE job_id = ? AND attempt <> ?")
                .params(id.toString(), leaving)
                .query((rs, n) -> rs.getLong(1) == 0
                        ? Optional.<JobCost>empty()
                        : Optional.of(new JobCost(
                                rs.getLong(2),
                                rs.getLong(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                rs.getLong(6),
                                rs.getLong(7),
                                rs.getLong(8),
                                rs.getLong(9),
                                rs.getLong(10),
                                rs.getLong(11),
                                rs.getLong(12))))
                .single();
    }

    @Override
    public Optional<JobCost.Owner> owner(JobId id) {
        return jdbc.sql("SELECT type, pool, tenant FROM job WHERE id = ?")
                .param(id.toString())
                .query((rs, n) -> new JobCost.Owner(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
    }
}
