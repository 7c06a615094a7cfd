package dev.sparkjobs.store;

import static dev.sparkjobs.store.JobRows.instant;
import static dev.sparkjobs.store.JobRows.time;

import dev.sparkjobs.abandon.ReadTimes;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@link ReadTimes} over JDBC: the {@code last_read_at} column of {@code job}. Not fenced by the
 * driver lease: a read time decides nothing by itself, and any instance serves reads.
 */
@Repository
class JdbcReadTimes implements ReadTimes {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    JdbcReadTimes(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    @Override
    public Set<JobId> ended(Collection<JobId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<String> live = new HashSet<>(jdbc.sql("SELECT id FROM job WHERE state IN ('QUEUED', 'RUNNING') AND id IN ("
                        + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")
                .params(ids.stream().map(JobId::toString).toList())
                .query(String.class)
                .list());
        Set<JobId> ended = new HashSet<>();
        ids.stream().filter(id -> !live.contains(id.toString())).forEach(ended::add);
        return ended;
    }

    @Override
    public List<Watched> watched(long afterSeq, int limit) {
        return jdbc.sql("SELECT id, type, state, cancel_if_unpolled_seconds, submitted_at, last_read_at, seq FROM job"
                        + " WHERE state IN ('QUEUED', 'RUNNING') AND cancel_if_unpolled_seconds IS NOT NULL"
                        + " AND seq > ? ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY")
                .param(afterSeq)
                .query((rs, n) -> new Watched(
                        JobRows.jobId(rs),
                        rs.getString("type"),
                        JobState.valueOf(rs.getString("state")),
                        Duration.ofSeconds(rs.getLong("cancel_if_unpolled_seconds")),
                        instant(rs, "submitted_at"),
                        instant(rs, "last_read_at"),
                        rs.getLong("seq")))
                .list();
    }

    @Override
    public void recordReads(Map<JobId, Instant> reads) {
        if (reads.isEmpty()) {
            return;
        }
        List<Object[]> rows = reads.entrySet().stream()
                .map(e -> new Object[] {time(e.getValue()), e.getKey().toString(), time(e.getValue())})
                .toList();
        batch.batchUpdate(
                "UPDATE job SET last_read_at = ? WHERE id = ? AND (last_read_at IS NULL OR last_read_at < ?)", rows);
    }
}
