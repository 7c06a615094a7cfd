package dev.sparkjobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.job.JobId;
import dev.sparkjobs.progress.CostStore;
import dev.sparkjobs.progress.JobCost;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** What jobs' Spark work cost, on the job and on the Prometheus endpoint, against the data they read and wrote. */
class JobCostIT extends AbstractIT {

    private static final int SOURCE_ROWS = 200_000;

    @Autowired
    private CostStore costs;

    @Test
    void aJobThatReadsATableAndWritesAnotherCostsWhatItReadAndWrote() {
        succeed(Api.statementsJob(
                "DROP TABLE IF EXISTS cost_src",
                "CREATE TABLE cost_src USING parquet AS SELECT id, concat('name-', id % 1000) AS name FROM range(0, "
                        + SOURCE_ROWS + ", 1, 4)"));
        Path srcDir = Path.of(java.net.URI.create(spark.sql("DESCRIBE TABLE EXTENDED cost_src")
                .where("col_name = 'Location'")
                .first()
                .getString(1)));
        succeed(Api.statementsJob("DROP TABLE IF EXISTS cost_dst"));

        JsonNode done =
                succeed(sql("CREATE TABLE cost_dst USING delta AS SELECT id, name FROM cost_src WHERE id % 4 = 0"));

        JsonNode cost = done.path("cost");
        System.out.println("JobCostIT read/write job cost: " + cost);
        Row dst = spark.sql("DESCRIBE DETAIL cost_dst").collectAsList().get(0);
        long written = spark.sql("SELECT count(*) FROM cost_dst").first().getLong(0);
        assertThat(written).isEqualTo(SOURCE_ROWS / 4);
        assertThat(cost.path("inputRows").asLong()).isEqualTo(SOURCE_ROWS);
        assertThat(cost.path("outputRows").asLong()).isEqualTo(written);
        long sourceBytes = filesBytes(srcDir, ".parquet");
        System.out.println(
                "JobCostIT source files " + sourceBytes + " B, target files " + dst.<Long>getAs("sizeInBytes") + " B");
        // Spark counts bytes its readers pull through Hadoop's per-thread statistics: at most the files'
        // size (docs/cost.md: Parquet's reads may be counted short)
        assertThat(cost.path("inputBytes").asLong()).isPositive().isLessThanOrEqualTo(sourceBytes);
        assertThat(cost.path("outputBytes").asLong()).isEqualTo(dst.<Long>getAs("sizeInBytes"));
        assertThat(cost.path("tasks").asLong()).isPositive();
        assertThat(cost.path("taskCpuSeconds").asDouble()).isPositive();
        assertThat(cost.path("executorRunSeconds").asDouble()).isPositive();
        assertThat(cost.path("peakExecutionMemoryBytes").asLong()).isNotNegative();
        // the job's own progress saw the same reads and writes (one attempt)
        assertThat(done.path("progress").path("inputRows").asLong()).isEqualTo(SOURCE_ROWS);

        String type = "type=\"sql\"";
        String metrics = api.get("/actuator/prometheus").raw();
        assertThat(counter(metrics, "jobservice_jobs_output_rows_total", type)).isGreaterThanOrEqualTo(written);
        assertThat(counter(metrics, "jobservice_jobs_input_rows_total", type)).isGreaterThanOrEqualTo(SOURCE_ROWS);
        for (String name : List.of(
                "jobservice_jobs_task_cpu_seconds_total",
                "jobservice_jobs_executor_run_seconds_total",
                "jobservice_jobs_input_bytes_total",
                "jobservice_jobs_output_bytes_total",
                "jobservice_jobs_shuffle_read_bytes_total",
                "jobservice_jobs_shuffle_write_bytes_total")) {
            assertThat(counter(metrics, name, type)).as(name).isPositive();
        }
    }

    @Test
    void aShuffleCostsShuffleBytesAndCpu() {
        JsonNode done = succeed(sql("SELECT id % 50 AS k, count(*) AS n FROM range(0, 300000, 1, 4) GROUP BY id % 50"));

        JsonNode cost = done.path("cost");
        System.out.println("JobCostIT shuffle job cost: " + cost);
        assertThat(cost.path("shuffleWriteBytes").asLong()).isPositive();
        assertThat(cost.path("shuffleReadBytes").asLong())
                .isEqualTo(cost.path("shuffleWriteBytes").asLong());
        assertThat(cost.path("taskCpuSeconds").asDouble()).isPositive();
        assertThat(cost.path("inputRows").asLong()).isEqualTo(300000); // Spark counts range()'s rows as read
    }

    @Test
    void aCancelledJobKeepsTheCostOfItsPartialWorkAndTheGaugesFollowIt() {
        String id = api.submitOk(sql("SELECT sum(id % 1000) FROM range(0, 50000000000, 1, 20000)"));
        JsonNode live;
        try {
            live = await("tasks counted while it runs")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> api.job(id), j -> j.path("cost").path("tasks").asLong() >= 4);
            assertThat(live.path("state").asString()).isEqualTo("RUNNING");
            String running = api.get("/actuator/prometheus").raw();
            assertThat(gauge(running, "jobservice_spark_active_jobs")).isGreaterThanOrEqualTo(1);
            assertThat(gauge(running, "jobservice_spark_active_stages")).isGreaterThanOrEqualTo(1);
            assertThat(gauge(running, "jobservice_spark_running_tasks")).isGreaterThanOrEqualTo(1);
            assertThat(gauge(running, "jobservice_spark_pending_tasks")).isGreaterThanOrEqualTo(1);
            await("the tenant's gauge")
                    .ignoreExceptions()
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> gauge(
                                    api.get("/actuator/prometheus").raw(),
                                    "jobservice_tenant_jobs_running",
                                    "tenant=\"ops\""),
                            n -> n == 1);
        } finally {
            api.cancel(id);
        }
        JsonNode done = api.awaitFinal(id);

        assertThat(done.path("state").asString()).isEqualTo("CANCELLED");
        JsonNode cost = done.path("cost");
        System.out.println("JobCostIT cancelled job cost: " + cost);
        assertThat(cost.path("tasks").asLong())
                .isGreaterThanOrEqualTo(live.path("cost").path("tasks").asLong());
        assertThat(cost.path("taskCpuSeconds").asDouble())
                .isGreaterThanOrEqualTo(live.path("cost").path("taskCpuSeconds").asDouble())
                .isPositive();
        // The gauges follow the end, each on its own: a killed task's end reaches the listener after its
        // job's end, and the job's slot is given back after its end is recorded (what the API shows).
        String after = await("Spark idle and the tenant's slot given back")
                .ignoreExceptions()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("/actuator/prometheus").raw(),
                        m -> gauge(m, "jobservice_spark_active_jobs") == 0
                                && gauge(m, "jobservice_spark_running_tasks") == 0
                                && gauge(m, "jobservice_spark_pending_tasks") == 0
                                && gauge(m, "jobservice_tenant_jobs_running", "tenant=\"ops\"") == 0);
        assertThat(gauge(after, "jobservice_spark_active_jobs")).isZero();
        assertThat(gauge(after, "jobservice_spark_running_tasks")).isZero();
        assertThat(gauge(after, "jobservice_spark_pending_tasks")).isZero();
        assertThat(gauge(after, "jobservice_tenant_jobs_running", "tenant=\"ops\""))
                .isZero();
        assertThat(gauge(after, "jobservice_tenant_jobs_queued", "tenant=\"ops\""))
                .isZero();
        assertThat(counter(after, "jobservice_jobs_task_cpu_seconds_total", "tenant=\"ops\""))
                .isGreaterThanOrEqualTo(cost.path("taskCpuSeconds").asDouble());
    }

    @Test
    void aTimedOutJobsCostHoldsTheRunTimeOfItsKilledTask() {
        // one partition: one task that runs until the timeout kills it; its end comes after its Spark job's
        String id = api.submitOk(Api.json(Map.of(
                "type",
                "sql",
                "params",
                Map.of("sql", "SELECT sum(id % 1000) FROM range(0, 50000000000, 1, 1)"),
                "timeoutSeconds",
                3)));
        JsonNode done = awaitEnd(id);

        assertThat(done.path("state").asString()).isEqualTo("TIMED_OUT");
        JsonNode cost = done.path("cost");
        System.out.println("JobCostIT timed-out job cost: " + cost);
        assertThat(cost.path("tasks").asLong()).isPositive();
        assertThat(cost.path("executorRunSeconds").asDouble()).isGreaterThanOrEqualTo(2);
        assertThat(done.path("progress").path("tasks").path("failed").asLong()).isPositive();
    }

    @Test
    void aRetriedJobsCostIsTheSumOfItsAttempts() {
        succeed(Api.statementsJob("DROP TABLE IF EXISTS cost_retry"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "sql");
        body.put("maxRetries", 1);
        body.put("retryBackoffSeconds", 0);
        // the first attempt writes a row and fails; the second writes another and succeeds
        body.put(
                "params",
                Map.of(
                        "statements",
                        List.of(
                                "CREATE TABLE IF NOT EXISTS cost_retry (n BIGINT) USING delta",
                                "INSERT INTO cost_retry SELECT count(*) FROM range(0, 1000, 1, 3)",
                                "SELECT assert_true((SELECT count(*) FROM cost_retry) >= 2) AS ok")));
        String id = api.submitOk(Api.json(body));
        JsonNode done = awaitEnd(id);
        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("attempt").asInt()).isEqualTo(2);

        JsonNode cost = done.path("cost");
        System.out.println("JobCostIT retried job cost: " + cost);
        JobCost first = costs.total(JobId.parse(id).orElseThrow(), 2).orElseThrow(); // attempt 1 alone
        JobCost second = costs.total(JobId.parse(id).orElseThrow(), 1).orElseThrow(); // attempt 2 alone
        assertThat(first.tasks()).isPositive();
        assertThat(second.tasks()).isPositive();
        assertThat(cost.path("tasks").asLong()).isEqualTo(first.tasks() + second.tasks());
        assertThat(cost.path("taskCpuSeconds").asDouble())
                .isCloseTo(first.plus(second).taskCpuSeconds(), org.assertj.core.data.Offset.offset(1e-9));
        JsonNode progress = done.path("progress"); // the last attempt's
        assertThat(second.tasks())
                .isEqualTo(progress.path("tasks").path("completed").asLong()
                        + progress.path("tasks").path("failed").asLong());
        // each attempt wrote one row: the table holds both, the cost counts both
        assertThat(spark.sql("SELECT count(*) FROM cost_retry").first().getLong(0))
                .isEqualTo(2);
        assertThat(cost.path("outputRows").asLong()).isEqualTo(2);
        assertThat(first.outputRows()).isOne();
    }

    @Test
    void aJobThatNeverRanHasNoCostAndTheDriverGaugesAreExported() {
        // the serial pool runs one job at a time: the second waits behind the first
        String first = api.submitOk(sqlIn("serial", 5, ENDLESS));
        String second = api.submitOk(sqlIn("serial", 5, "SELECT 1"));
        awaitState(first, "RUNNING");
        JsonNode queued = api.job(second);
        assertThat(queued.path("state").asString()).isEqualTo("QUEUED");
        assertThat(queued.path("cost").isNull()).isTrue();
        api.cancel(second);
        api.cancel(first);
        api.awaitFinal(first);
        api.awaitFinal(second);
        String metrics = await("the JVM's GC pauses")
                .atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/actuator/prometheus").raw(), m -> m.contains("jvm_gc_pause_seconds_count"));
        assertThat(gauge(metrics, "jobservice_lease_held")).isEqualTo(1);
        assertThat(gauge(metrics, "jobservice_store_up")).isEqualTo(1);
        assertThat(metrics)
                .containsPattern("jvm_memory_used_bytes\\{[^}]*area=\"heap\"")
                .containsPattern("jvm_memory_max_bytes\\{[^}]*area=\"heap\"")
                .containsPattern("jobservice_tenant_jobs_queued\\{[^}]*tenant=\"team-q\"");
    }

    /** A job's final answer; the first Delta writes in a JVM on a busy machine take a minute or more. */
    private JsonNode awaitEnd(String id) {
        return await("job " + id + " ends").atMost(Duration.ofMinutes(4)).until(() -> api.awaitFinal(id), j -> !j.path(
                        "state")
                .asString()
                .matches("QUEUED|RUNNING"));
    }

    private JsonNode succeed(String body) {
        JsonNode done = awaitEnd(api.submitOk(body));
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        return done;
    }

    private static long filesBytes(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sum of the series of a counter whose tags contain {@code tag}. */
    private static double counter(String metrics, String name, String tag) {
        Matcher m =
                Pattern.compile("(?m)^" + name + "\\{([^}]*)} ([0-9.E+-]+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains(tag)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private static double gauge(String metrics, String name) {
        return gauge(metrics, name, "");
    }

    private static double gauge(String metrics, String name, String tag) {
        Matcher m =
                Pattern.compile("(?m)^" + name + "\\{([^}]*)} ([0-9.E+-]+)$").matcher(metrics);
        while (m.find()) {
            if (m.group(1).contains(tag)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError(name + " with " + tag + " is not exported");
    }
}
