package dev.sparkjobs.it;

import static dev.sparkjobs.support.Podman.podman;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.Podman;
import dev.sparkjobs.support.ServiceJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The image built from the Dockerfile (from the jar Maven made) and run with podman the way users run
 * it: ready and serving, as uid 10001, healthy by its own HEALTHCHECK; stopped while jobs run, it
 * drains as the service does outside a container; started again on the same volume, it has every
 * earlier job. One test, two starts: each start costs a minute on a busy machine.
 */
class ContainerImageProcessIT {

    private static final Path JAR = Path.of("target", "spark-job-service.jar");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String IMAGE = "localhost/spark-job-service:it-" + RUN;
    private static final String VOLUME = "spark-job-service-it-" + RUN;
    private static final String ADMIN_KEY_SHA256 = "c81407b5b47ade8fcc850050f2a85e4b6ee2f35f3f5cd9c4c1408c6a7ee98893";
    /** One Spark task that sleeps six seconds: finishes inside the drain. */
    private static final String SIX_SECONDS = "SELECT reflect('java.lang.Thread', 'sleep', CAST(6000 AS BIGINT))";
    /** Keeps one core busy for minutes: outlasts the drain. */
    private static final String ENDLESS_ONE_CORE = "SELECT sum(id % 1000) FROM range(0, 50000000000, 1, 1)";

    private static final Duration DRAIN = Duration.ofSeconds(20);
    private static final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void buildImage() throws Exception {
        Podman.requireTools();
        assertThat(JAR).as("the jar of ./mvnw package").exists();
        assertThat(Path.of("target", "jvm.args"))
                .as("the JVM argument file of ./mvnw package")
                .exists();
        String base = Podman.baseImage();
        long t0 = System.nanoTime();
        // --layers=false: vfs copies the whole file system for every cached layer; --format docker
        // keeps HEALTHCHECK, which the OCI format has no field for
        Podman.Result build = podman(
                Duration.ofMinutes(15),
                "build",
                "--layers=false",
                "--format",
                "docker",
                "--network=host",
                "--build-arg",
                "BASE_IMAGE=" + base,
                "--build-arg",
                "APP_JAR_FROM=prebuilt",
                "-t",
                IMAGE,
                ".");
        Files.writeString(Path.of("target", "podman", "build-" + RUN + ".log"), build.output());
        build.ok();
        System.out.printf(
                "image %s built in %d s; %s%n",
                IMAGE,
                Duration.ofNanos(System.nanoTime() - t0).toSeconds(),
                podman("image", "inspect", "--format", "{{.Size}} bytes", IMAGE)
                        .output()
                        .trim());
    }

    @AfterAll
    static void removeEverything() {
        for (String name : containers) {
            podman("rm", "--force", "--time", "0", name);
        }
        podman("volume", "rm", "--force", VOLUME);
        podman("rmi", "--force", IMAGE);
    }

    @Test
    void servesDrainsOnStopAndKeepsItsJobsOnTheVolume() throws Exception {
        String ran;
        String finishes;
        String stopped;

        // 1. ready, as uid 10001, healthy; a job runs
        Started first = start("first");
        assertThat(podman("exec", first.name, "id", "-u").ok().output().trim()).isEqualTo("10001");
        assertThat(podman("exec", first.name, "touch", "/app/written").exit())
                .as("/app is read-only for the service")
                .isNotZero();
        assertThat(podman("healthcheck", "run", first.name).exit())
                .as("the image's HEALTHCHECK")
                .isZero();
        assertThat(podman("exec", "-e", "HEALTHCHECK_PORT=1", first.name, "/app/healthcheck.sh")
                        .exit())
                .as("the health check fails where nothing answers")
                .isNotZero();
        ran = first.api.submitOk(sql("SELECT 42 AS answer"));
        JsonNode done = first.api.awaitFinal(ran);
        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("result").path("rows").toString()).isEqualTo("[[42]]");

        // 2. podman stop while two jobs run: SIGTERM reaches the JVM, which drains
        finishes = first.api.submitOk(sql(SIX_SECONDS));
        stopped = first.api.submitOk(sql(ENDLESS_ONE_CORE));
        awaitState(first.api, finishes, "RUNNING");
        awaitState(first.api, stopped, "RUNNING");
        long t0 = System.nanoTime();
        podman(Duration.ofMinutes(3), "stop", "--time", "120", first.name).ok();
        Duration stopTook = Duration.ofNanos(System.nanoTime() - t0);
        String log = podman("logs", first.name).output();
        System.out.printf("podman stop took %d s%n", stopTook.toSeconds());
        assertThat(log)
                .contains("shutting down: admitting no more jobs; 2 running")
                .contains("1 jobs still running after PT20S; stopping them (FAILED, DRIVER_RESTART)")
                .contains("drained; 2 jobs were running when the shutdown began");
        assertThat(stopTook).as("it waited for the drain").isGreaterThanOrEqualTo(DRAIN);
        assertThat(podman("inspect", "--format", "{{.State.ExitCode}}", first.name)
                        .ok()
                        .output()
                        .trim())
                .as("a JVM that exits on SIGTERM by itself, not one killed at the stop timeout")
                .isIn("0", "143");

        // 3. a new container on the same volume has every job, ended as the drain said
        Started second = start("second");
        assertThat(second.api.state(ran)).isEqualTo("SUCCEEDED");
        assertThat(second.api.state(finishes)).as("finished inside the drain").isEqualTo("SUCCEEDED");
        JsonNode stop = second.api.job(stopped);
        assertThat(stop.path("state").asString()).isEqualTo("FAILED");
        assertThat(stop.path("error").path("type").asString()).isEqualTo("DRIVER_RESTART");
        podman(Duration.ofMinutes(3), "stop", "--time", "60", second.name).ok();
    }

    private record Started(String name, Api api) {}

    /** Runs the image on the shared volume and waits for readiness; prints how long that took. */
    private Started start(String what) throws Exception {
        String name = "spark-job-service-it-" + RUN + "-" + what;
        int port = ServiceJar.freePort();
        containers.add(name);
        long t0 = System.nanoTime();
        podman(
                        "run",
                        "--detach",
                        "--name",
                        name,
                        "--network=host",
                        "--volume",
                        VOLUME + ":/data",
                        "--env",
                        "JAVA_OPTS=-Xmx2g",
                        IMAGE,
                        "--server.port=" + port,
                        // a key: the service then listens beyond loopback, as it must in a container
                        "--jobservice.security.api-keys[0].name=admin",
                        "--jobservice.security.api-keys[0].sha256=" + ADMIN_KEY_SHA256,
                        "--jobservice.security.api-keys[0].tenant=ops",
                        "--jobservice.security.api-keys[0].roles[0]=admin",
                        "--jobservice.spark.master=local[2]",
                        "--jobservice.spark.conf.spark.ui.enabled=false",
                        "--jobservice.admission.max-running=2",
                        "--jobservice.shutdown.drain-timeout=" + DRAIN.toSeconds() + "s",
                        "--jobservice.jobs.stop-grace=10s",
                        // the six-second job sleeps with reflect('java.lang.Thread', 'sleep', ...)
                        "--jobservice.security.sql.defaults.allow-reflection=true")
                .ok();
        Api api = new Api(port).withApiKey(AbstractIT.ADMIN_KEY);
        await("readiness of container " + name)
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .failFast("the container stopped at start-up", () -> !podman(
                                "inspect", "--format", "{{.State.Running}}", name)
                        .output()
                        .trim()
                        .equals("true"))
                .until(() -> api.get("/actuator/health/readiness").status() == 200);
        System.out.printf(
                "container %s ready in %d ms%n",
                name, Duration.ofNanos(System.nanoTime() - t0).toMillis());
        return new Started(name, api);
    }

    private static String sql(String sql) {
        return Api.json(Map.of("type", "sql", "params", Map.of("sql", sql)));
    }

    private static void awaitState(Api api, String id, String state) {
        await(id + " " + state)
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> api.state(id).equals(state));
    }
}
