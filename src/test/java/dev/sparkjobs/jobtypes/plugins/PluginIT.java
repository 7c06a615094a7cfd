package dev.sparkjobs.jobtypes.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.jobtypes.JobTypeRegistry;
import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.LogCapture;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import scala.jdk.javaapi.CollectionConverters;
import tools.jackson.databind.JsonNode;

/**
 * The example plug-in (examples/plugin-example), as the build made it and deployed into the plug-ins
 * directory of application-it.yml: loaded at start-up, described and run like a built-in type, its
 * own code running inside Spark tasks.
 */
class PluginIT extends AbstractIT {

    private static final String TYPE = "column-profile";

    @Autowired
    JobTypeRegistry registry;

    private static String profile(Map<String, Object> params) {
        return Api.json(Map.of("type", TYPE, "params", params));
    }

    private JsonNode listed() {
        return api.get("/api/v1/job-types")
                .body()
                .valueStream()
                .filter(t -> t.path("name").asString().equals(TYPE))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + TYPE + " type: was the example plug-in built into "
                        + "target/examples/plugin-example/target (./mvnw verify, or invoker:install invoker:run)?"));
    }

    @Test
    void isListedWithTheSchemaOfItsRecordAndARunnableExample() {
        JsonNode type = listed();
        assertThat(type.path("description").asString()).contains("Profiles columns");
        JsonNode schema = type.path("paramsSchema");
        assertThat(schema.path("properties").propertyNames())
                .containsExactlyInAnyOrder("table", "range", "columns", "sampleFraction");
        assertThat(schema.path("required").valueStream().map(JsonNode::asString))
                .containsExactly("columns");
        assertThat(schema.path("properties").path("columns").path("maxItems").asInt())
                .isEqualTo(50);
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(type.path("exampleParams").toString()).isEqualTo("{\"range\":1000,\"columns\":[\"id\"]}");
    }

    @Test
    void itsExampleRunsAsIsWithItsOwnCodeInsideSparkTasks() {
        try (LogCapture log = LogCapture.attach("job." + TYPE, Level.INFO)) {
            String id = api.submitOk(Api.json(Map.of("type", TYPE, "params", listed().path("exampleParams"))));
            JsonNode job = api.awaitFinal(id);

            assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
            JsonNode result = job.path("result");
            assertThat(result.path("source").asString()).isEqualTo("range(0, 1000)");
            assertThat(result.path("rows").asLong()).isEqualTo(1000);
            assertThat(result.path("partitions").asInt()).isPositive();
            assertThat(result.path("columns").toString())
                    .isEqualTo("[{\"name\":\"id\",\"type\":\"bigint\",\"nulls\":0,\"distinct\":1000,"
                            + "\"distinctExact\":true,\"min\":0,\"max\":999}]");
            assertThat(log.messages()).anySatisfy(m -> assertThat(m).startsWith("profiling 1 column(s) of range"));
        }
        // the executor loaded the task code from the jar the service added to Spark
        List<String> jars = CollectionConverters.asJava(spark.sparkContext().listJars());
        assertThat(jars).anySatisfy(j -> assertThat(j).endsWith("/column-profile-plugin-1.0.0.jar"));
    }

    @Test
    void profilesATable() {
        String created = api.submitOk(Api.statementsJob(
                "DROP TABLE IF EXISTS plugin_profiled",
                "CREATE TABLE plugin_profiled USING delta AS SELECT id,"
                        + " CASE WHEN id % 10 = 0 THEN NULL ELSE concat('v', id % 7) END AS s FROM range(0, 100)"));
        assertThat(api.awaitFinal(created).path("state").asString()).isEqualTo("SUCCEEDED");

        JsonNode job = api.awaitFinal(
                api.submitOk(profile(Map.of("table", "plugin_profiled", "columns", List.of("s", "id")))));

        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode columns = job.path("result").path("columns");
        assertThat(columns.get(0).toString())
                .isEqualTo("{\"name\":\"s\",\"type\":\"string\",\"nulls\":10,\"distinct\":7,\"distinctExact\":true,"
                        + "\"min\":\"v0\",\"max\":\"v6\"}");
        assertThat(columns.get(1).path("distinct").asLong()).isEqualTo(100);
        assertThat(columns.get(1).path("max").asLong()).isEqualTo(99);
    }

    @Test
    void samplesAndEstimatesManyDistinctValues() {
        JsonNode job = api.awaitFinal(
                api.submitOk(profile(Map.of("range", 200_000, "columns", List.of("id"), "sampleFraction", 0.5))));

        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        long rows = job.path("result").path("rows").asLong();
        assertThat(rows).isBetween(95_000L, 105_000L);
        JsonNode id = job.path("result").path("columns").get(0);
        assertThat(id.path("distinctExact").asBoolean()).isFalse();
        assertThat((double) id.path("distinct").asLong()).isBetween(rows * 0.85, rows * 1.15);
    }

    @Test
    void aMissingColumnFailsTheJobNamingIt() {
        JsonNode job = api.awaitFinal(api.submitOk(profile(Map.of("range", 10, "columns", List.of("nope")))));

        assertThat(job.path("state").asString()).isEqualTo("FAILED");
        assertThat(job.path("error").path("message").asString()).contains("no column 'nope'", "id");
    }

    @Test
    void badParamsAre400NamingTheFieldFromThePluginsOwnConstraints() {
        assertInvalid(profile(Map.of("range", 10, "columns", List.of("id", "1; DROP"))), "params.columns[1]");
        assertInvalid(profile(Map.of("range", 10, "columns", List.of())), "params.columns");
        assertInvalid(
                profile(Map.of("range", 10, "columns", List.of("id"), "sampleFraction", 0)), "params.sampleFraction");
        assertInvalid(profile(Map.of("range", 10, "columns", List.of("id"), "extra", 1)), "params.extra");
        // the plug-in's own class-level constraint (TableOrRange), validated by a class from its jar
        Api.Response both =
                assertInvalid(profile(Map.of("range", 10, "table", "t", "columns", List.of("id"))), "params");
        assertThat(both.body().path("errors").toString()).contains("give either table or range");
    }

    @Test
    void aStopEndsIt() {
        String id = api.submitOk(profile(Map.of("range", 1_000_000_000_000L, "columns", List.of("id"))));
        awaitSparkJobRunning(id);

        assertThat(api.cancel(id).status()).isIn(200, 202);

        awaitState(id, "CANCELLED");
        // and its tasks stopped on the executor, not only in the scheduler's books: plug-in code running
        // inside tasks honours Spark's kill (a task that ignored it would hold an executor core for good)
        await().atMost(Duration.ofSeconds(30))
                .until(() -> java.util.Arrays.stream(
                                        spark.sparkContext().statusTracker().getExecutorInfos())
                                .mapToInt(e -> e.numRunningTasks())
                                .sum()
                        == 0);
    }

    @Test
    void itsClassesComeFromItsOwnClassLoaderNotTheApplications() {
        PluginJobType<?> type = (PluginJobType<?>) registry.get(TYPE);
        ClassLoader application = PluginIT.class.getClassLoader();

        assertThat(type.classLoader()).isInstanceOf(URLClassLoader.class).isNotSameAs(application);
        assertThat(type.classLoader().getParent()).isSameAs(application);
        assertThat(type.paramsType().getClassLoader()).isSameAs(type.classLoader());
        assertThat(type.version()).contains("1.0.0");
        assertThatThrownBy(() -> Class.forName(type.paramsType().getName(), false, application))
                .isInstanceOf(ClassNotFoundException.class);
    }

    private Api.Response assertInvalid(String body, String field) {
        Api.Response r = api.submit(body);
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().path("errors").findValuesAsString("field"))
                .as(r.raw())
                .contains(field);
        return r;
    }
}
