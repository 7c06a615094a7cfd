package dev.sparkjobs.store;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.progress.JobProgress;
import dev.sparkjobs.progress.ProgressStore;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** {@link ProgressStore} over JDBC: one row per job, its last ended attempt's progress as JSON. */
@Repository
class JdbcProgressStore implements ProgressStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    /** Rows written by an older version may hold members this one no longer has. */
    private final ObjectReader reader;

    JdbcProgressStore(JdbcClient jdbc, TransactionTemplate tx, JsonMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.reader = json.readerFor(JobProgress.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public void save(JobId id, JobProgress progress) {
        String text = json.writeValueAsString(progress);
        // one writer per job at a time (its attempt's thread), so update-or-insert needs no upsert
        tx.executeWithoutResult(status -> {
            int updated = jdbc.sql("UPDATE job_progress SET attempt = ?, progress = ? WHERE job_id = ?")
                    .params(progress.attempt(), text, id.toString())
                    .update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO job_progress (job_id, attempt, progress) VALUES (?, ?, ?)")
                        .params(id.toString(), progress.attempt(), text)
                        .update();
            }
        });
    }

    @Override
    public Optional<JobProgress> find(JobId id) {
        return jdbc.sql("SELECT progress FROM job_progress WHERE job_id = ?")
                .param(id.toString())
                .query(String.class)
                .optional()
                .map(text -> reader.readValue(text));
    }
}
