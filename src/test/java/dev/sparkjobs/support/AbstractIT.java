package dev.sparkjobs.support;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.JobExecutionStatus;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one configuration every shared-context IT uses: real HTTP on a random port, a real local[2]
 * SparkSession with Delta, a real H2 file database in a directory of its own. Keep subclasses free
 * of their own properties or mocks, or Spring starts a second context (and Spark refuses a second
 * SparkContext).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
public abstract class AbstractIT {

    private static final Path DATA_DIR =
            Path.of("target", "it-data", UUID.randomUUID().toString()).toAbsolutePath();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("jobservice.data-dir", DATA_DIR::toString);
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> TestTokens.AUDIENCE);
        registry.add("jobservice.ingest.connections.it-postgres.url", SharedPostgres::jdbcUrl);
    }

    /** The API keys of application-it.yml's callers. */
    public static final String ADMIN_KEY = "it-admin-key";
    /** alice: tenant team-a, submitter and viewer. */
    protected static final String ALICE_KEY = "it-alice-key";
    /** ann: tenant team-a, viewer only. */
    protected static final String ANN_KEY = "it-ann-key";
    /** bob: tenant team-b, submitter and viewer. */
    protected static final String BOB_KEY = "it-bob-key";
    /** carl: tenant team-a, submitter only. */
    protected static final String CARL_KEY = "it-carl-key";

    @LocalServerPort
    protected int port;

    @Autowired
    protected SparkSession spark;

    protected Api api;

    @BeforeEach
    void client() {
        api = new Api(port).withApiKey(ADMIN_KEY);
        awaitIdle();
    }

    protected static String sql(String sql) {
        return Api.json(Map.of("type", "sql", "params", Map.of("sql", sql)));
    }

    protected static String sqlIn(String pool, int priority, String sql) {
        return Api.json(Map.of("type", "sql", "pool", pool, "priority", priority, "params", Map.of("sql", sql)));
    }

    /** A query that keeps two cores busy until cancelled (minutes); sum(id % n) cannot overflow. */
    protected static final String ENDLESS = "SELECT sum(id % 1000) FROM range(0, 50000000000)";

    protected void awaitState(String id, String state) {
        await().atMost(Duration.ofSeconds(60)).until(() -> api.state(id).equals(state));
    }

    /** Waits until Spark reports a running Spark job in the job's group. */
    protected void awaitSparkJobRunning(String id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> sparkJobsRunning(id) > 0);
    }

    protected int sparkJobsRunning(String id) {
        var tracker = spark.sparkContext().statusTracker();
        int running = 0;
        for (int sparkJob : tracker.getJobIdsForGroup(id)) {
            var info = tracker.getJobInfo(sparkJob);
            if (info.isDefined() && info.get().status() == JobExecutionStatus.RUNNING) {
                running++;
            }
        }
        return running;
    }

    /** Waits until no job of the service is running or queued, so tests do not disturb each other. */
    protected void awaitIdle() {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var a = api.get("/api/v1/admission").body();
            return a.path("running").asInt() == 0 && a.path("queued").asInt() == 0;
        });
    }
}
