package dev.sparkjobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.ServiceJar;
import dev.sparkjobs.support.SparkStandalone;
import dev.sparkjobs.support.SparkStandalone.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The built jar as the driver of a Spark standalone cluster on 127.0.0.1: a Master, a Worker, and
 * executors the worker launches as JVMs of their own. The executors' class path is a Spark home
 * without Delta, the JDBC drivers, the service's classes and the plug-ins: whatever of those a job
 * needs in its tasks, the service must have shipped. Evidence of where work ran comes from the
 * cluster itself: the master's and the worker's JSON and the executors' own logs.
 *
 * <p>The tests run in order on one cluster and one service; the last ones lose the worker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterProcessIT {

    private static final Path JAR = Path.of("target", "spark-job-service.jar");
    private static final Path PLUGINS = Path.of("target", "examples", "plugin-example", "target");

    /** What a Spark distribution lacks and the service ships: kept out of the cluster's jars. */
    private static final Predicate<String> NOT_IN_SPARK_HOME = name -> Stream.of(
                    "delta-", "unitycatalog-", "postgresql-", "h2-", "spring-", "tomcat-", "junit-", "assertj-")
            .anyMatch(name::startsWith);

    /** Keeps two cores busy for minutes until cancelled. */
    private static final String ENDLESS = "SELECT sum(id % 1000) FROM range(0, 50000000000)";

    private static SparkStandalone cluster;
    private static Worker worker;
    private static ServiceJar service;
    private static Api api;
    private static Path dir;
    private static String appId;

    @BeforeAll
    static void startClusterAndService() throws Exception {
        assertThat(JAR).as("the fat jar: ./mvnw -DskipTests package").exists();
        assertThat(PLUGINS.resolve("column-profile-plugin-1.0.0.jar"))
                .as("the example plug-in: ./mvnw -o -B -DskipTests package invoker:install@example-plugin"
                        + " invoker:run@example-plugin")
                .exists();
        dir = Files.createDirectories(
                Path.of("target", "it-data", "cluster-" + UUID.randomUUID()).toAbsolutePath());
        long t0 = System.nanoTime();
        cluster = SparkStandalone.startMaster(dir, NOT_IN_SPARK_HOME);
        worker = cluster.startWorker("worker-1");
        long clusterMs = millisSince(t0);

        long t1 = System.nanoTime();
        service = ServiceJar.start(
                JAR,
                dir.resolve("data"),
                dir.resolve("service.log"),
                ServiceJar.freePort(),
                ServiceJar.quickStart("-Xmx1g"),
                List.of(
                        "--jobservice.spark.master=" + cluster.masterUrl(),
                        "--jobservice.spark.conf.spark.executor.memory=768m",
                        "--jobservice.spark.conf.spark.cores.max=2",
                        "--jobservice.plugins.dir=" + PLUGINS.toAbsolutePath(),
                        "--jobservice.shutdown.drain-timeout=5s"));
        api = service.api;
        await("the application RUNNING on the master, an executor on the worker")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> runningApp() != null
                        && !cluster.workerJson(worker).path("executors").isEmpty()
                        && worker.executorLogs().contains("Successfully registered with driver"));
        appId = runningApp().path("id").asString();
        System.out.printf(
                "measured: cluster (master + worker) up in %d ms; service ready in %d ms;"
                        + " application running with its executor registered %d ms after the service's start%n",
                clusterMs, service.readyMillis, millisSince(t1));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    @Order(1)
    void theServiceIsAnApplicationOfTheClusterWithAnExecutorOnTheWorker() throws Exception {
        JsonNode app = runningApp();
        assertThat(app.path("name").asString()).isEqualTo("spark-job-service");
        assertThat(app.path("cores").asInt()).isEqualTo(2);

        JsonNode executors = cluster.workerJson(worker).path("executors");
        assertThat(executors).hasSize(1);
        assertThat(executors.get(0).path("appid").asString()).isEqualTo(appId);
        assertThat(worker.executors())
                .as("the executor is a JVM the worker launched")
                .isNotEmpty();

        // spark.jars, served by the driver: Delta and the service's classes, none of which the
        // executor's own class path has
        String log = worker.executorLogs();
        assertThat(log)
                .contains("spark://CoarseGrainedScheduler@127.0.0.1:")
                .containsPattern("Fetching spark://127\\.0\\.0\\.1:\\d+/jars/delta-spark_2\\.13-[^ ]+\\.jar")
                .containsPattern("Fetching spark://127\\.0\\.0\\.1:\\d+/jars/delta-storage-[^ ]+\\.jar")
                .contains("/jars/spark-job-service-classes.jar");
        assertThat(Files.readString(dir.resolve("service.log")))
                .contains("executors get these jars from the driver (jobservice.spark.ship-jars)");
    }

    @Test
    @Order(2)
    void aSqlJobRunsItsTasksOnTheExecutor() throws Exception {
        int before = count(worker.executorLogs(), "Finished task");

        JsonNode job = finished(Map.of(
                "type",
                "sql",
                "params",
                Map.of(
                        "sql",
                        "SELECT id % 4 AS bucket, count(*) AS n FROM range(0, 100000, 1, 4) GROUP BY 1 ORDER BY 1")));

        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(rows(job)).isEqualTo("[[0,25000],[1,25000],[2,25000],[3,25000]]");
        assertThat(count(worker.executorLogs(), "Finished task"))
                .as("tasks finished on the executor")
                .isGreaterThanOrEqualTo(before + 4);
    }

    @Test
    @Order(3)
    void aDeltaTableWrittenByTheExecutorsReadsBack() throws Exception {
        JsonNode write = finished(Map.of(
                "type",
                "sql",
                "params",
                Map.of(
                        "statements",
                        List.of(
                                "CREATE TABLE cluster_numbers (id BIGINT, label STRING) USING delta",
                                "INSERT INTO cluster_numbers SELECT id, concat('n', id) FROM range(0, 1000, 1, 4)"))));
        assertThat(write.path("state").asString()).as(write.toString()).isEqualTo("SUCCEEDED");

        JsonNode read = finished(Map.of(
                "type",
                "sql",
                "params",
                Map.of("sql", "SELECT count(*), sum(id), min(label), max(label) FROM cluster_numbers")));
        assertThat(read.path("state").asString()).as(read.toString()).isEqualTo("SUCCEEDED");
        assertThat(rows(read)).isEqualTo("[[1000,499500,\"n0\",\"n999\"]]");
        try (Stream<Path> files = Files.list(dir.resolve("data/warehouse/cluster_numbers"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .anyMatch(f -> f.endsWith(".parquet"))
                    .contains("_delta_log");
        }
    }

    @Test
    @Order(4)
    void theSampleIngestLoadsOnTheCluster() throws Exception {
        JsonNode ingest = finished(Map.of(
                "type",
                "ingest",
                "params",
                Map.of(
                        "source",
                        Map.of(
                                "format",
                                "csv",
                                "path",
                                "samples/trips.csv",
                                "options",
                                Map.of("header", "true"),
                                "schema",
                                "trip_id BIGINT, pickup_at TIMESTAMP, pickup_zone STRING, dropoff_zone STRING,"
                                        + " distance_km DOUBLE, fare DECIMAL(8,2), passengers INT"),
                        "target",
                        Map.of("table", "samples.trips"),
                        "mode",
                        "overwrite")));
        assertThat(ingest.path("state").asString()).as(ingest.toString()).isEqualTo("SUCCEEDED");
        assertThat(ingest.path("result").path("rowsWritten").asLong()).isEqualTo(50);

        JsonNode read = finished(Map.of(
                "type", "sql", "params", Map.of("sql", "SELECT count(*), count(DISTINCT trip_id) FROM samples.trips")));
        assertThat(rows(read)).isEqualTo("[[50,50]]");
    }

    @Test
    @Order(5)
    void aPlugInsTaskCodeRunsOnTheExecutor() throws Exception {
        JsonNode job =
                finished(Map.of("type", "column-profile", "params", Map.of("range", 100000, "columns", List.of("id"))));

        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode result = job.path("result");
        assertThat(result.path("rows").asLong()).isEqualTo(100000);
        JsonNode id = result.path("columns").get(0);
        assertThat(id.path("nulls").asLong()).isZero();
        assertThat(id.path("min").asLong()).isZero();
        assertThat(id.path("max").asLong()).isEqualTo(99999);
        // the profiler's class exists nowhere on the executor but in the plug-in's jar it fetched
        assertThat(worker.executorLogs())
                .containsPattern("Fetching spark://127\\.0\\.0\\.1:\\d+/jars/column-profile-plugin-1\\.0\\.0\\.jar");
    }

    @Test
    @Order(6)
    void cancelKillsTheTasksOnTheExecutor() throws Exception {
        int logStart = worker.executorLogs().length();
        String id = api.submitOk(Api.json(Map.of("type", "sql", "params", Map.of("sql", ENDLESS))));
        await("the endless job's tasks running on the executor")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> newLog(logStart).contains("Running task"));

        long t0 = System.nanoTime();
        assertThat(api.cancel(id).status()).isBetween(200, 202);
        await("tasks killed on the executor")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> newLog(logStart).contains("killed task"));
        long killedMs = millisSince(t0);
        await("the job CANCELLED")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> api.state(id).equals("CANCELLED"));
        long cancelledMs = millisSince(t0);
        System.out.printf(
                "measured: cancel to the executor's tasks killed %d ms; to the job CANCELLED %d ms%n",
                killedMs, cancelledMs);

        assertThat(newLog(logStart)).contains("Executor is trying to kill task");
        await("every task the job started killed")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> count(newLog(logStart), "killed task") == count(newLog(logStart), "Running task"));
        assertThat(killedMs).isLessThan(10_000);
        assertThat(cancelledMs).isLessThan(20_000);
    }

    @Test
    @Order(7)
    void aJobWhoseWorkerIsKilledSucceedsOnAReplacementWorkerThroughSparksTaskRetry() throws Exception {
        // 4 tasks of 10^9 rows: seconds each, long enough to lose the worker in the middle
        long rows = 4_000_000_000L;
        int logStart = worker.executorLogs().length();
        String id = api.submitOk(Api.json(Map.of(
                "type",
                "sql",
                "params",
                Map.of("sql", "SELECT sum(id % 1000) FROM range(0, " + rows + ", 1, 4)"),
                "timeoutSeconds",
                300)));
        await("the job's tasks running on worker-1's executor")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> newLog(logStart).contains("Running task"));
        List<ProcessHandle> executors = worker.executors();
        assertThat(executors).isNotEmpty();

        cluster.kill(worker);
        await("worker-1's executor gone with it")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> executors.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(api.state(id)).as("no executor: the job waits for one").isEqualTo("RUNNING");

        Worker replacement = cluster.startWorker("worker-2");
        await("the job finished on the replacement worker")
                .atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> isFinal(api.state(id)));

        JsonNode job = api.job(id);
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("attempt").asInt())
                .as("no retry by the service: Spark re-ran the lost tasks")
                .isEqualTo(1);
        assertThat(rows(job)).isEqualTo("[[" + (rows / 1000 * 499500) + "]]");
        assertThat(Files.readString(dir.resolve("service.log")))
                .as("Spark's driver put the loss on the worker, so it does not count against the tasks")
                .containsPattern("Lost executor \\d+ on 127\\.0\\.0\\.1: worker lost");
        assertThat(replacement.executorLogs()).contains("Running task").contains("Finished task");
        assertThat(cluster.aliveWorkers())
                .singleElement()
                .satisfies(w -> assertThat(w.path("webuiaddress").asString()).endsWith(":" + replacement.webUiPort()));
    }

    @Test
    @Order(8)
    void theServiceIsHealthyAfterTheLoss() throws Exception {
        Api.Response ready = api.get("/actuator/health/readiness");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().path("status").asString()).isEqualTo("UP");

        JsonNode job = finished(Map.of("type", "sql", "params", Map.of("sql", "SELECT count(*) FROM cluster_numbers")));
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(rows(job)).isEqualTo("[[1000]]");
        assertThat(runningApp().path("id").asString())
                .as("still the same application")
                .isEqualTo(appId);
    }

    private static JsonNode runningApp() throws Exception {
        for (JsonNode app : cluster.masterJson().path("activeapps")) {
            if (app.path("state").asString().equals("RUNNING")) {
                return app;
            }
        }
        return null;
    }

    /** Submits, then waits (long-polls) until the job is final. */
    private static JsonNode finished(Map<String, Object> body) {
        String id = api.submitOk(Api.json(body));
        Callable<Boolean> done = () -> isFinal(api.awaitFinal(id).path("state").asString());
        await("job " + id + " final")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(10))
                .until(done);
        return api.job(id);
    }

    private static boolean isFinal(String state) {
        return List.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "DRIVER_RESTART")
                .contains(state);
    }

    private static String rows(JsonNode job) {
        return job.path("result").path("rows").toString();
    }

    private static String newLog(int from) throws IOException {
        String all = worker.executorLogs();
        return all.length() > from ? all.substring(from) : "";
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
