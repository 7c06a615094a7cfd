package dev.sparkjobs.store;

import static dev.sparkjobs.store.JobRows.instant;
import static dev.sparkjobs.store.JobRows.placeholders;

import dev.sparkjobs.batch.Batch;
import dev.sparkjobs.batch.BatchId;
import dev.sparkjobs.batch.BatchNode;
import dev.sparkjobs.batch.BatchState;
import dev.sparkjobs.batch.CancelReason;
import dev.sparkjobs.batch.FailurePolicy;
import dev.sparkjobs.batch.NodeRequest;
import dev.sparkjobs.batch.RunIf;
import dev.sparkjobs.job.JobId;
import dev.sparkjobs.job.JobOwner;
import dev.sparkjobs.job.JobState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads batches out of {@code batch} rows, and their nodes out of {@code batch_node}. */
final class BatchRows {

    static final String COLUMNS = "seq, id, tenant, submitted_by, roles, name, state, concurrency,"
            + " failure_policy, timeout_seconds, submitted_at, finished_at, cancel_requested_at, repairs,"
            + " cancel_if_unpolled_seconds, last_read_at, cancel_reason, run_started_at, error";
    static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    /** A batch (without its nodes) and its position in submission order. */
    record Row(long seq, Batch batch) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    BatchRows(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    static Row row(ResultSet rs) throws SQLException {
        String roles = rs.getString("roles");
        long timeout = rs.getLong("timeout_seconds");
        Duration limit = rs.wasNull() ? null : Duration.ofSeconds(timeout);
        long unpolled = rs.getLong("cancel_if_unpolled_seconds");
        Duration unread = rs.wasNull() ? null : Duration.ofSeconds(unpolled);
        String reason = rs.getString("cancel_reason");
        Batch batch = new Batch(
                batchId(rs, "id"),
                rs.getString("name"),
                new JobOwner(rs.getString("tenant"), rs.getString("submitted_by")),
                roles.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(roles.split(","))),
                BatchState.valueOf(rs.getString("state")),
                rs.getInt("concurrency"),
                FailurePolicy.valueOf(rs.getString("failure_policy")),
                limit,
                instant(rs, "submitted_at"),
                instant(rs, "finished_at"),
                instant(rs, "cancel_requested_at"),
                rs.getInt("repairs"),
                List.of(),
                unread,
                instant(rs, "last_read_at"),
                reason == null ? null : CancelReason.valueOf(reason),
                instant(rs, "run_started_at"), // null until a repair: the run began at the submit
                rs.getString("error"));
        return new Row(rs.getLong("seq"), batch);
    }

    /** The same batches with their nodes, in request order, read in one query. */
    List<Batch> withNodes(List<Batch> batches) {
        if (batches.isEmpty()) {
            return batches;
        }
        Map<String, List<BatchNode>> byBatch = new LinkedHashMap<>();
        jdbc.sql("SELECT batch_id, node_key, depends_on, run_if, request, run, job_id, state, earlier_job_ids"
                        + " FROM batch_node WHERE batch_id IN (" + placeholders(batches.size())
                        + ") ORDER BY batch_id, position")
                .params(batches.stream().map(b -> (Object) b.id().toString()).toList())
                .query(rs -> {
                    String job = rs.getString("job_id");
                    String state = rs.getString("state");
                    byBatch.computeIfAbsent(rs.getString("batch_id"), k -> new ArrayList<>())
                            .add(new BatchNode(
                                    rs.getString("node_key"),
                                    json.readValue(rs.getString("depends_on"), STRINGS),
                                    RunIf.valueOf(rs.getString("run_if")),
                                    json.readValue(rs.getString("request"), NodeRequest.class),
                                    rs.getInt("run"),
                                    job == null ? null : new JobId(UUID.fromString(job)),
                                    state == null ? null : JobState.valueOf(state),
                                    json.readValue(rs.getString("earlier_job_ids"), STRINGS).stream()
                                            .map(s -> new JobId(UUID.fromString(s)))
                                            .toList()));
                });
        return batches.stream()
                .map(b -> b.withNodes(byBatch.getOrDefault(b.id().toString(), List.of())))
                .toList();
    }

    static BatchId batchId(ResultSet rs, String column) throws SQLException {
        return new BatchId(UUID.fromString(rs.getString(column)));
    }
}
