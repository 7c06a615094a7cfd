package dev.sparkjobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.HelmRender;
import dev.sparkjobs.support.MockKubernetes;
import dev.sparkjobs.support.ServiceJar;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The service as the Helm chart runs it: a Spark driver in Kubernetes client mode inside its own pod,
 * asking the API server for executor pods. The API server is a fake in this JVM ({@link
 * MockKubernetes}); no executor pod ever runs, so the test reads the pods the driver asked for and
 * checks that a stop deletes them again.
 */
class KubernetesExecutorsProcessIT {

    private static final Path JAR = ServiceJar.EXTRACTED;
    /** The chart's values for this test: its image, executor account, sizes and labels. */
    private static final String VALUES = "kubernetes-executors-small.yaml";

    private static final String NAMESPACE = HelmRender.NAMESPACE;
    private static final String RELEASE = HelmRender.RELEASE;
    private static final String FULL_NAME = RELEASE + "-spark-job-service";
    private static final String DRIVER_POD = FULL_NAME + "-5d8f7c9b4-x2k7q";
    private static final String IMAGE = "ghcr.io/example/spark-job-service:1.2.3";
    private static final String EXECUTOR_ACCOUNT = "spark-executor";
    private static final String DRIVER_SERVICE_HOST = FULL_NAME + "-driver." + NAMESPACE + ".svc.cluster.local";
    /** Runs until cancelled: it needs executors, and none ever registers. */
    private static final String NEEDS_EXECUTORS = "SELECT sum(id % 1000) FROM range(0, 1000000)";

    /**
     * What the Helm chart gives the service's pod, rendered with real Helm from {@link #VALUES}: the
     * master, whether jars are shipped, and every {@code jobservice.spark.conf.<key>}, with the
     * downward-API variables the pod would have resolved and the executor pod template the chart
     * mounts written into {@code dir}.
     */
    static Chart chart(Path dir) throws IOException {
        HelmRender.Rendered rendered = HelmRender.render(VALUES);
        ConfigMap config = rendered.one(ConfigMap.class, "");
        JsonNode app = HelmRender.readYaml(config.getData().get("application.yaml"));
        Path template = Files.writeString(
                dir.resolve("executor-pod-template.yaml"), config.getData().get("executor-pod-template.yaml"));
        Map<String, String> conf = new LinkedHashMap<>();
        app.at("/jobservice/spark/conf").properties().forEach(e -> {
            String key = e.getKey().replaceAll("^\\[(.*)]$", "$1");
            String value =
                    e.getValue().asText().replace("${POD_NAME}", DRIVER_POD).replace("${POD_NAMESPACE}", NAMESPACE);
            conf.put(key, value);
        });
        assertThat(conf.get("spark.kubernetes.executor.podTemplateFile")).startsWith("/etc/");
        conf.put("spark.kubernetes.executor.podTemplateFile", template.toString());
        conf.put(
                "spark.local.dir",
                Files.createDirectories(dir.resolve("spark-local")).toString());
        return new Chart(
                app.at("/jobservice/spark/master").asText(),
                app.at("/jobservice/spark/ship-jars").asBoolean(true),
                conf);
    }

    record Chart(String master, boolean shipJars, Map<String, String> sparkConf) {}

    @Test
    void theDriverAsksForExecutorPodsShapedByTheChartAndDeletesThemWhenStopped() throws Exception {
        long began = System.nanoTime();
        Path data = dataDir();
        Path log = data.resolve("service.log");
        try (MockKubernetes k8s = MockKubernetes.start()) {
            String driverUid = createDriverPod(k8s);
            int driverPort = ServiceJar.freePort();
            // Spark asks for the executors while the SparkContext starts, before the service is ready
            // (which it is not until an executor ran the start-up query: see docs/kubernetes.md)
            ServiceJar service = ServiceJar.launch(
                    JAR, data, log, ServiceJar.freePort(), serviceJvmFlags(), settings(k8s, data, driverPort));
            try {
                List<Pod> pods = await("two executor pods in the API server (log: " + log + ")")
                        .atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(200))
                        .failFast("the service exited; see " + log, () -> !service.process.isAlive())
                        .until(() -> executorPods(k8s), p -> p.size() == 2);
                assertExecutorPods(pods, driverUid, driverPort);
                await("no more pods than asked for")
                        .during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> executorPods(k8s).size() == 2);
                assertThat(executorConfigMaps(k8s))
                        .as("the executors' config map")
                        .hasSize(1);

                service.terminate(Duration.ofMinutes(4));
                assertThat(executorPods(k8s))
                        .as("Spark deletes its executor pods when it stops")
                        .isEmpty();
                assertThat(executorConfigMaps(k8s)).as("and their config map").isEmpty();
            } finally {
                service.close();
            }
            report(k8s, data, began);
        }
    }

    /**
     * The start-up must not wait for an executor: its first query ran a Spark job once, and no
     * executor ever comes here.
     */
    @Test
    void theServiceStaysReadyWhileJobsWaitForExecutorsAndACancelEndsTheWait() throws Exception {
        Path data = dataDir();
        Path log = data.resolve("service.log");
        try (MockKubernetes k8s = MockKubernetes.start()) {
            createDriverPod(k8s);
            try (ServiceJar service = ServiceJar.start(
                    JAR,
                    data,
                    log,
                    ServiceJar.freePort(),
                    serviceJvmFlags(),
                    settings(k8s, data, ServiceJar.freePort()))) {
                await("two executor pods")
                        .atMost(Duration.ofMinutes(1))
                        .until(() -> executorPods(k8s).size() == 2);
                String id = service.api.submitOk(Api.statementsJob(NEEDS_EXECUTORS));
                await("the job running").atMost(Duration.ofMinutes(1)).until(() -> "RUNNING"
                        .equals(service.api.state(id)));
                await("the job waiting for executors")
                        .during(Duration.ofSeconds(5))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> "RUNNING".equals(service.api.state(id)));
                assertThat(service.api.get("/actuator/health/readiness").status())
                        .isEqualTo(200);
                assertThat(service.api.cancel(id).status()).isEqualTo(202);
                assertThat(service.api.awaitFinal(id).path("state").asString()).isEqualTo("CANCELLED");
                assertThat(service.api.get("/actuator/health/readiness").status())
                        .isEqualTo(200);
                service.terminate(Duration.ofMinutes(2));
                assertThat(executorPods(k8s)).isEmpty();
            }
        }
    }

    private static String createDriverPod(MockKubernetes k8s) {
        String uid = k8s.createDriverPod(
                        NAMESPACE,
                        DRIVER_POD,
                        UUID.randomUUID().toString(),
                        Map.of("app.kubernetes.io/instance", RELEASE))
                .getMetadata()
                .getUid();
        assertThat(uid).isNotBlank();
        return uid;
    }

    /** Writes the calls the driver made and the RBAC verbs they need next to the service's log. */
    private static void report(MockKubernetes k8s, Path data, long began) throws IOException {
        SortedMap<String, SortedSet<String>> verbs = k8s.verbsUsed();
        Files.write(data.resolve("api-calls.txt"), k8s.calls());
        Files.writeString(data.resolve("rbac-verbs.txt"), verbs + System.lineSeparator());
        System.out.printf(
                "Kubernetes API verbs the driver used: %s; the test took %d s%n",
                verbs, Duration.ofNanos(System.nanoTime() - began).toSeconds());
        assertThat(verbs.get("pods")).contains("get", "create", "list", "watch");
        assertThat(verbs.get("configmaps")).contains("create");
    }

    private static void assertExecutorPods(List<Pod> pods, String driverUid, int driverPort) {
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(pods)
                .extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(FULL_NAME + "-exec-1", FULL_NAME + "-exec-2");
        softly.assertThat(pods)
                .extracting(p -> p.getMetadata().getLabels().get("spark-app-selector"))
                .allMatch(app -> app != null && Pattern.matches("spark-[0-9a-f]{32}", app))
                .as("one application")
                .containsOnly(pods.get(0).getMetadata().getLabels().get("spark-app-selector"));
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            softly.assertThat(pod.getMetadata().getLabels())
                    .as(name + " labels")
                    .containsEntry("spark-role", "executor")
                    .containsEntry("app.kubernetes.io/name", "spark-job-service")
                    .containsEntry("app.kubernetes.io/instance", RELEASE)
                    .containsEntry("app.kubernetes.io/component", "executor")
                    .containsEntry("team", "analytics")
                    .containsKey("spark-exec-id");
            // the chart's executor pod template
            softly.assertThat(pod.getSpec().getSecurityContext().getRunAsUser())
                    .as(name + " user")
                    .isEqualTo(10001L);
            softly.assertThat(pod.getSpec().getAutomountServiceAccountToken())
                    .as(name + " mounts no token")
                    .isFalse();
            List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
            softly.assertThat(owners).as(name + " owner").hasSize(1);
            if (owners.size() == 1) {
                OwnerReference owner = owners.get(0);
                softly.assertThat(
                                Arrays.asList(owner.getApiVersion(), owner.getKind(), owner.getName(), owner.getUid()))
                        .as(name + " owner")
                        .containsExactly("v1", "Pod", DRIVER_POD, driverUid);
                softly.assertThat(owner.getController())
                        .as(name + " owner is controller")
                        .isTrue();
            }
            softly.assertThat(pod.getSpec().getServiceAccountName())
                    .as(name + " service account")
                    .isEqualTo(EXECUTOR_ACCOUNT);
            softly.assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
            softly.assertThat(pod.getSpec().getContainers())
                    .as(name + " containers")
                    .hasSize(1);
            Container c = pod.getSpec().getContainers().get(0);
            softly.assertThat(c.getImage()).as(name + " image").isEqualTo(IMAGE);
            softly.assertThat(c.getArgs()).as(name + " args").containsExactly("executor");
            softly.assertThat(c.getPorts())
                    .as(name + " ports")
                    .extracting(p -> p.getName() + ":" + p.getContainerPort())
                    .containsExactly("blockmanager:7079");
            // 1g heap + the overhead, max(384 MiB, 10 %): requested and limited alike
            softly.assertThat(c.getResources().getRequests())
                    .as(name + " requests")
                    .containsEntry("memory", new Quantity("1408Mi"))
                    .containsEntry("cpu", new Quantity("500m"));
            softly.assertThat(c.getResources().getLimits())
                    .as(name + " limits")
                    .containsEntry("memory", new Quantity("1408Mi"))
                    .containsEntry("cpu", new Quantity("1"));
            softly.assertThat(env(c))
                    .as(name + " env")
                    .containsEntry(
                            "SPARK_DRIVER_URL",
                            "spark://CoarseGrainedScheduler@" + DRIVER_SERVICE_HOST + ":" + driverPort)
                    .containsEntry("SPARK_EXECUTOR_CORES", "1")
                    .containsEntry("SPARK_EXECUTOR_MEMORY", "1024m");
        }
        softly.assertAll();
    }

    private static Map<String, String> env(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : c.getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        return env;
    }

    private static List<ConfigMap> executorConfigMaps(MockKubernetes k8s) {
        return k8s.client
                .configMaps()
                .inNamespace(NAMESPACE)
                .withLabel("spark-role", "executor")
                .list()
                .getItems();
    }

    private static Path dataDir() throws IOException {
        return Files.createDirectories(
                Path.of("target", "it-data", "k8s-" + UUID.randomUUID()).toAbsolutePath());
    }

    private static List<Pod> executorPods(MockKubernetes k8s) {
        return k8s.client
                .pods()
                .inNamespace(NAMESPACE)
                .withLabel("spark-role", "executor")
                .list()
                .getItems();
    }

    /**
     * No kubeconfig and no service-account files here: the fabric8 client must not look for them
     * (in a pod it finds the mounted service-account token and CA by itself).
     */
    private static List<String> serviceJvmFlags() {
        return ServiceJar.quickStart(
                "-Xmx1g", "-Dkubernetes.auth.tryKubeConfig=false", "-Dkubernetes.auth.tryServiceAccount=false");
    }

    /**
     * The chart's settings, with the master pointed at the fake API server and the driver on
     * loopback. Its ports are free ones: other Spark drivers on a shared build machine may hold 7078
     * and 7079, and Spark would move on to the next port without failing.
     */
    private static List<String> settings(MockKubernetes k8s, Path data, int driverPort) throws IOException {
        Chart chart = chart(data);
        assertThat(chart.master()).isEqualTo("k8s://https://kubernetes.default.svc");
        assertThat(chart.shipJars())
                .as("executors run the service's image: nothing to ship")
                .isFalse();
        assertThat(chart.sparkConf())
                .containsEntry("spark.driver.host", DRIVER_SERVICE_HOST)
                .containsEntry("spark.driver.port", "7078")
                .containsEntry("spark.driver.blockManager.port", "7079")
                .containsEntry("spark.driver.bindAddress", "0.0.0.0");
        Map<String, String> conf = new LinkedHashMap<>(chart.sparkConf());
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        conf.put("spark.driver.port", String.valueOf(driverPort));
        conf.put("spark.driver.blockManager.port", String.valueOf(ServiceJar.freePort()));
        // no executor ever registers here: the driver's start would wait Spark's 30 s for 80% of them
        conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "1s");
        List<String> args = new ArrayList<>();
        args.add("--jobservice.spark.master=" + k8s.sparkMaster());
        args.add("--jobservice.spark.ship-jars=" + chart.shipJars());
        // a stop holds Spark's own shutdown until the drain is over: keep it short
        args.add("--jobservice.shutdown.drain-timeout=5s");
        args.add("--jobservice.jobs.stop-grace=1s");
        // a map key keeps characters such as '/' only in brackets
        conf.forEach((key, value) -> args.add(
                "--jobservice.spark.conf." + (key.matches("[A-Za-z0-9.-]+") ? key : "[" + key + "]") + "=" + value));
        return args;
    }
}
