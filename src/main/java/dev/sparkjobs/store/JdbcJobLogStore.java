package dev.sparkjobs.store;

import static dev.sparkjobs.store.JobRows.instant;
import static dev.sparkjobs.store.JobRows.time;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.joblogs.JobLogLine;
import dev.sparkjobs.joblogs.JobLogStore;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link JobLogStore} over JDBC: {@code job_log} rows, and {@code job_log_dropped}'s count. */
@Repository
class JdbcJobLogStore implements JobLogStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate tx;

    JdbcJobLogStore(JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.tx = tx;
    }

    @Override
    public void append(JobId id, List<JobLogLine> lines, long droppedSoFar) {
        String job = id.toString();
        tx.executeWithoutResult(status -> {
            batch.batchUpdate(
                    "INSERT INTO job_log (job_id, seq, attempt, ts, level, logger, message) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    lines,
                    500,
                    (ps, line) -> {
                        ps.setString(1, job);
                        ps.setLong(2, line.seq());
                        ps.setInt(3, line.attempt());
                        ps.setObject(4, time(line.time()));
                        ps.setString(5, line.level());
                        ps.setString(6, line.logger());
                        ps.setString(7, line.message());
                    });
            if (droppedSoFar > 0) {
                // one writer per job at a time (the flush of its one open buffer): no upsert needed
                int updated = jdbc.sql("UPDATE job_log_dropped SET dropped = ? WHERE job_id = ?")
                        .params(droppedSoFar, job)
                        .update();
                if (updated == 0) {
                    jdbc.sql("INSERT INTO job_log_dropped (job_id, dropped) VALUES (?, ?)")
                            .params(job, droppedSoFar)
                            .update();
                }
            }
        });
    }

    @Override
    public List<JobLogLine> read(JobId id, long offset, int limit) {
        return jdbc.sql("SELECT seq, attempt, ts, level, logger, message FROM job_log WHERE job_id = ? AND seq >= ?"
                        + " ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY")
                .params(id.toString(), offset)
                .query((rs, n) -> new JobLogLine(
                        rs.getLong("seq"),
                        rs.getInt("attempt"),
                        instant(rs, "ts"),
                        rs.getString("level"),
                        rs.getString("logger"),
                        rs.getString("message")))
                .list();
    }

    @Override
    public long nextSeq(JobId id) {
        return jdbc.sql("SELECT COALESCE(MAX(seq) + 1, 0) FROM job_log WHERE job_id = ?")
                .param(id.toString())
                .query(Long.class)
                .single();
    }

    @Override
    public long dropped(JobId id) {
        return jdbc.sql("SELECT dropped FROM job_log_dropped WHERE job_id = ?")
                .param(id.toString())
                .query(Long.class)
                .optional()
                .orElse(0L);
    }
}
