package dev.sparkjobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.sparkjobs.support.HelmRender;
import dev.sparkjobs.support.HelmRender.Rendered;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart in {@code helm/spark-job-service}, linted and rendered by real Helm for each scenario of
 * {@code src/test/resources/helm/}; every object it renders is parsed strictly (see {@link HelmRender})
 * and checked against the others and against the service's own configuration keys.
 */
class HelmChartTest {

    static final String DEFAULTS = "defaults";
    static final String EXECUTORS = "kubernetes-executors.yaml";
    static final String POSTGRES = "external-postgres.yaml";
    static final String MONITORING = "monitoring.yaml";

    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();
    private static final ConfigKeys KEYS = new ConfigKeys();
    /** Names of settings whose value is a credential (the chart refuses literal values for them in spark.conf). */
    static final Pattern CREDENTIAL_KEY =
            Pattern.compile("(?i).*(password|\\.secret|\\.key|sha256|token|\\.account\\.key\\..+)$");

    static Stream<String> scenarios() {
        return Stream.of(DEFAULTS, EXECUTORS, POSTGRES, MONITORING);
    }

    static Rendered render(String scenario) {
        return RENDERED.computeIfAbsent(scenario, s -> s.equals(DEFAULTS) ? HelmRender.render() : HelmRender.render(s));
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(HelmRender.CHART).lint().strict().call();

        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void appVersionIsTheProjectVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>spark-job-service</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(version.find()).isTrue();
        JsonNode chart = HelmRender.readYaml(Files.readString(HelmRender.CHART.resolve("Chart.yaml")));

        assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
        assertThat(chart.path("appVersion").asText()).isEqualTo(version.group(1));
    }

    @Test
    void defaultsRenderOneDriverWithADataVolumeAndAGeneratedAdminKey() {
        Rendered r = render(DEFAULTS);

        assertThat(r.names())
                .containsExactlyInAnyOrder(
                        "ConfigMap/jobs-spark-job-service",
                        "ConfigMap/jobs-spark-job-service-dashboard",
                        "Deployment/jobs-spark-job-service",
                        "NetworkPolicy/jobs-spark-job-service",
                        "PersistentVolumeClaim/jobs-spark-job-service-data",
                        "Secret/jobs-spark-job-service-admin-key",
                        "Service/jobs-spark-job-service",
                        "ServiceAccount/jobs-spark-job-service");
        Deployment d = r.one(Deployment.class, "");
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(appConfig(r).at("/jobservice/spark/master").asText()).isEqualTo("local[*]");
        assertThat(pod(r).getAutomountServiceAccountToken()).isFalse();
        assertThat(volume(r, "data").getPersistentVolumeClaim().getClaimName())
                .isEqualTo(r.one(PersistentVolumeClaim.class, "-data")
                        .getMetadata()
                        .getName());

        // the key is in the Secret; the configuration holds a reference to its hash, which Kubernetes fills in
        Secret secret = r.one(Secret.class, "-admin-key");
        String key = decode(secret.getData().get("api-key"));
        assertThat(key).hasSizeGreaterThanOrEqualTo(40);
        assertThat(decode(secret.getData().get("sha256"))).isEqualTo(sha256(key));
        JsonNode apiKey = appConfig(r).at("/jobservice/security/api-keys/0");
        assertThat(apiKey.path("sha256").asText()).isEqualTo("${API_KEY_ADMIN_SHA256}");
        assertThat(apiKey.path("roles").get(0).asText()).isEqualTo("admin");
        EnvVar env = env(r, "API_KEY_ADMIN_SHA256");
        assertThat(env.getValueFrom().getSecretKeyRef().getName())
                .isEqualTo(secret.getMetadata().getName());
        assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sha256");
        assertThat(appConfig(r).has("server")
                        && appConfig(r).at("/server/address").isMissingNode())
                .as("with a key configured the service itself listens on every address")
                .isTrue();
        // behind an ingress that terminates TLS the absolute Location of a 202 must say https and the public host
        assertThat(appConfig(r).at("/server/forward-headers-strategy").asText()).isEqualTo("native");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void selectorsMatchTheDriverPod(String scenario) {
        Rendered r = render(scenario);
        Deployment d = r.one(Deployment.class, "");
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();

        assertThat(podLabels).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        for (Service s : r.all(Service.class)) {
            assertThat(podLabels)
                    .as(s.getMetadata().getName())
                    .containsAllEntriesOf(s.getSpec().getSelector());
            for (var port : s.getSpec().getPorts()) {
                assertThat(containerPort(r, port.getTargetPort().getStrVal()))
                        .as(s.getMetadata().getName() + " targets a named port of the container")
                        .isNotNull();
            }
        }
        NetworkPolicy np = r.one(NetworkPolicy.class, "");
        assertThat(podLabels).containsAllEntriesOf(np.getSpec().getPodSelector().getMatchLabels());
        for (NetworkPolicyIngressRule rule : np.getSpec().getIngress()) {
            rule.getPorts().forEach(p -> assertThat(containerPort(r, p.getPort().getStrVal()))
                    .isNotNull());
        }
        ServiceAccount sa = r.one(ServiceAccount.class, "");
        assertThat(pod(r).getServiceAccountName()).isEqualTo(sa.getMetadata().getName());
        for (RoleBinding rb : r.all(RoleBinding.class)) {
            assertThat(r.all(Role.class))
                    .extracting(o -> o.getMetadata().getName())
                    .contains(rb.getRoleRef().getName());
            assertThat(rb.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(rb.getSubjects()).singleElement().satisfies(sub -> {
                assertThat(sub.getKind()).isEqualTo("ServiceAccount");
                assertThat(sub.getName()).isEqualTo(sa.getMetadata().getName());
                assertThat(sub.getNamespace()).isEqualTo(HelmRender.NAMESPACE);
            });
        }
    }

    @Test
    void kubernetesExecutorsReachTheDriverThroughItsHeadlessService() {
        Rendered r = render(EXECUTORS);
        Map<String, String> conf = sparkConf(r);
        Service driver = r.one(Service.class, "-driver");

        assertThat(appConfig(r).at("/jobservice/spark/master").asText())
                .isEqualTo("k8s://https://kubernetes.default.svc");
        assertThat(appConfig(r).at("/jobservice/spark/ship-jars").isBoolean())
                .as("executors run the service's image, which has every jar: nothing to ship")
                .isTrue();
        assertThat(appConfig(r).at("/jobservice/spark/ship-jars").asBoolean()).isFalse();
        assertThat(appConfig(render(DEFAULTS)).at("/jobservice/spark/ship-jars").isMissingNode())
                .isTrue();
        assertThat(driver.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(driver.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(conf)
                .containsEntry("spark.driver.host", "jobs-spark-job-service-driver.analytics.svc.cluster.local")
                .containsEntry("spark.driver.bindAddress", "0.0.0.0");
        for (String[] port :
                new String[][] {{"driver", "spark.driver.port"}, {"blockmanager", "spark.driver.blockManager.port"}}) {
            int inConf = Integer.parseInt(conf.get(port[1]));
            assertThat(containerPort(r, port[0]).getContainerPort()).isEqualTo(inConf);
            assertThat(driver.getSpec().getPorts()).anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo(port[0]);
                assertThat(p.getPort()).isEqualTo(inConf);
            });
        }
        assertThat(conf.get("spark.driver.port")).isEqualTo("7078");
        assertThat(conf.get("spark.driver.blockManager.port")).isEqualTo("7079");

        // the driver finds itself and its namespace through the downward API
        assertThat(conf)
                .containsEntry("spark.kubernetes.namespace", "${POD_NAMESPACE}")
                .containsEntry("spark.kubernetes.driver.pod.name", "${POD_NAME}");
        assertThat(env(r, "POD_NAME").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
        assertThat(env(r, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        assertThat(pod(r).getAutomountServiceAccountToken()).isTrue();

        // executors run the chart's image with what the values ask for
        assertThat(conf)
                .containsEntry("spark.kubernetes.container.image", container(r).getImage())
                .containsEntry("spark.kubernetes.container.image.pullSecrets", "registry-credentials")
                .containsEntry("spark.executor.instances", "4")
                .containsEntry("spark.executor.cores", "2")
                .containsEntry("spark.executor.memory", "6g")
                .containsEntry("spark.kubernetes.executor.podNamePrefix", "jobs-spark-job-service")
                .containsEntry("spark.kubernetes.authenticate.executor.serviceAccountName", "spark-executor")
                .containsEntry("spark.kubernetes.executor.label.team", "analytics")
                .containsEntry("spark.sql.warehouse.dir", "s3a://lake/warehouse")
                .containsEntry("spark.sql.shuffle.partitions", "64");
        assertThat(container(r).getImage()).isEqualTo("registry.example.com/data/spark-job-service:1.4.2");

        // only pods with the labels Spark puts on executors may reach the driver's ports
        Map<String, String> executorLabels = new LinkedHashMap<>();
        conf.forEach((k, v) -> {
            if (k.startsWith("spark.kubernetes.executor.label.")) {
                executorLabels.put(k.substring("spark.kubernetes.executor.label.".length()), v);
            }
        });
        NetworkPolicy np = r.one(NetworkPolicy.class, "");
        NetworkPolicyIngressRule driverRule = np.getSpec().getIngress().stream()
                .filter(rule -> rule.getPorts().stream()
                        .anyMatch(p -> "driver".equals(p.getPort().getStrVal())))
                .findFirst()
                .orElseThrow();
        assertThat(driverRule.getPorts())
                .extracting(p -> p.getPort().getStrVal())
                .containsExactlyInAnyOrder("driver", "blockmanager");
        assertThat(driverRule.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector()).isNull();
            assertThat(executorLabels)
                    .containsAllEntriesOf(peer.getPodSelector().getMatchLabels());
        });
        assertThat(peerLabels(driverRule)).doesNotContainEntry("app.kubernetes.io/component", "driver");
        NetworkPolicyIngressRule httpRule = np.getSpec().getIngress().stream()
                .filter(rule -> rule.getPorts().stream()
                        .anyMatch(p -> "http".equals(p.getPort().getStrVal())))
                .findFirst()
                .orElseThrow();
        assertThat(httpRule.getFrom()).singleElement().satisfies(peer -> assertThat(
                        peer.getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "airflow"));

        // Spark creates each executor pod from this template
        assertThat(conf.get("spark.kubernetes.executor.podTemplateFile"))
                .isEqualTo("/etc/spark-job-service/executor-pod-template.yaml");
        Pod template = HelmRender.strict(
                HelmRender.readYaml(mainConfigMap(r).getData().get("executor-pod-template.yaml")), Pod.class);
        assertThat(template.getSpec().getContainers()).singleElement().satisfies(c -> assertThat(c.getName())
                .isEqualTo(conf.get("spark.kubernetes.executor.podTemplateContainerName")));
        assertThat(template.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(template.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(template.getSpec().getNodeSelector()).containsEntry("pool", "spark");
        assertThat(volumeMount(r, "config").getMountPath()).isEqualTo("/etc/spark-job-service");
    }

    @Test
    void theDriverMayManageItsExecutorPodsAndNothingElse() {
        Rendered r = render(EXECUTORS);
        Role role = r.one(Role.class, "-driver");

        assertThat(role.getRules()).hasSize(3);
        // Spark 4.2 in client mode: it patches executor pods, creates on-demand volume claims, and its
        // stop() deletes pods, services and config maps by label (a collection DELETE in fabric8 7)
        assertThat(verbs(role, "pods"))
                .containsExactlyInAnyOrder("create", "get", "list", "watch", "patch", "delete", "deletecollection");
        assertThat(verbs(role, "services"))
                .containsExactlyInAnyOrder("create", "get", "list", "watch", "delete", "deletecollection");
        assertThat(verbs(role, "configmaps"))
                .containsExactlyInAnyOrder("create", "get", "list", "watch", "delete", "deletecollection");
        assertThat(verbs(role, "persistentvolumeclaims"))
                .containsExactlyInAnyOrder("create", "get", "list", "watch", "delete", "deletecollection");
        assertThat(role.getRules())
                .allSatisfy(rule -> assertThat(rule.getApiGroups()).containsExactly(""));
        assertThat(render(DEFAULTS).has(Role.class))
                .as("local executors need no API access")
                .isFalse();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void probesAskTheActuatorOnTheHttpPort(String scenario) {
        Rendered r = render(scenario);
        Container c = container(r);

        assertThat(containerPort(r, "http").getContainerPort())
                .isEqualTo(appConfig(r).at("/server/port").asInt());
        assertProbe(c.getStartupProbe(), "/actuator/health/liveness");
        assertProbe(c.getLivenessProbe(), "/actuator/health/liveness");
        assertProbe(c.getReadinessProbe(), "/actuator/health/readiness");
        assertThat(c.getLifecycle().getPreStop().getExec().getCommand()).first().isEqualTo("sleep");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theGracePeriodOutlastsTheDrainAndTheStopGrace(String scenario) {
        Rendered r = render(scenario);
        JsonNode app = appConfig(r);
        Duration drain = Duration.parse(
                "PT" + app.at("/jobservice/shutdown/drain-timeout").asText());
        Duration stopGrace =
                Duration.parse("PT" + app.at("/jobservice/jobs/stop-grace").asText());
        long preStop = Long.parseLong(
                container(r).getLifecycle().getPreStop().getExec().getCommand().get(1));

        long grace = pod(r).getTerminationGracePeriodSeconds();

        // the preStop sleep runs inside the grace period, before SIGTERM starts the drain; after the stop
        // grace come the wait for stopped jobs (5 s), the web server's graceful phase (30 s) and Spark's stop
        assertThat(grace).isGreaterThanOrEqualTo(preStop + drain.toSeconds() + stopGrace.toSeconds() + 5 + 30 + 10);
        if (scenario.equals(POSTGRES)) {
            assertThat(drain).isEqualTo(Duration.ofMinutes(5));
            assertThat(grace).isEqualTo(10 + 300 + 20 + 45);
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theApplicationConfigUsesOnlyKeysTheServiceReads(String scenario) {
        JsonNode app = appConfig(render(scenario));

        List<List<String>> keys = ConfigKeys.flatten(app);

        assertThat(keys).hasSizeGreaterThan(5);
        assertThat(keys.stream().filter(k -> !KEYS.known(k)).map(k -> String.join(".", k)))
                .as("keys the service would ignore")
                .isEmpty();
        assertThat(env(render(scenario), "SPRING_CONFIG_ADDITIONALLOCATION").getValue())
                .isEqualTo("file:/etc/spark-job-service/application.yaml");
    }

    @Test
    void theKeyCheckCatchesAMisspelledKey() {
        assertThat(KEYS.known(List.of("jobservice", "shutdown", "drain-timeout")))
                .isTrue();
        assertThat(KEYS.known(List.of("jobservice", "shutdown", "drainTimeout")))
                .isTrue();
        assertThat(KEYS.known(List.of("jobservice", "admission", "pools", "etl", "max-running")))
                .isTrue();
        assertThat(KEYS.known(List.of("jobservice", "security", "api-keys", "[0]", "sha256")))
                .isTrue();
        assertThat(KEYS.known(List.of("spring", "datasource", "url"))).isTrue();
        assertThat(KEYS.known(List.of("jobservice", "shutdown", "drain-timout")))
                .isFalse();
        assertThat(KEYS.known(List.of("jobservice", "admission", "pools", "etl", "max-runing")))
                .isFalse();
        assertThat(KEYS.known(List.of("spring", "datasource", "uri"))).isFalse();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void noSecretValueIsInAConfigMap(String scenario) {
        Rendered r = render(scenario);
        String configMaps = String.join(
                "\n",
                r.all(ConfigMap.class).stream()
                        .flatMap(cm -> cm.getData().values().stream())
                        .toList());

        for (Secret s : r.all(Secret.class)) {
            s.getData().values().forEach(v -> assertThat(configMaps).doesNotContain(decode(v)));
        }
        // whatever looks like a credential in the configuration is a reference to the environment
        ConfigKeys.flatten(appConfig(r)).stream()
                .filter(k -> CREDENTIAL_KEY
                        .matcher(k.get(k.size() - 1).replaceAll("[\\[\\]]", ""))
                        .matches())
                .forEach(k -> assertThat(value(appConfig(r), k))
                        .as(String.join(".", k))
                        .matches("\\$\\{[A-Z0-9_]+}|[0-9a-f]{64}"));
    }

    @Test
    void externalPostgresTakesItsPasswordFromASecret() {
        Rendered r = render(POSTGRES);
        JsonNode app = appConfig(r);

        assertThat(app.at("/spring/datasource/url").asText())
                .isEqualTo("jdbc:postgresql://db.internal:5432/jobservice");
        assertThat(app.at("/spring/datasource/username").asText()).isEqualTo("jobservice");
        assertThat(app.at("/spring/datasource/password").isMissingNode()).isTrue();
        var ref = env(r, "SPRING_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef();
        assertThat(ref.getName()).isEqualTo("jobservice-db");
        assertThat(ref.getKey()).isEqualTo("db-password");
        assertThat(sparkConf(r))
                .containsEntry("spark.sql.warehouse.dir", "abfss://lake@dataaccount.dfs.core.windows.net/warehouse")
                .containsEntry("spark.hadoop.fs.azure.account.oauth2.client.secret", "${AZURE_CLIENT_SECRET}");
        assertThat(env(r, "AZURE_CLIENT_SECRET")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("lake-service-principal");
        // JWTs authenticate: no generated key, no Secret of the chart's own
        assertThat(app.at("/spring/security/oauth2/resourceserver/jwt/issuer-uri")
                        .asText())
                .isEqualTo("https://login.example.com/realms/data");
        assertThat(app.at("/jobservice/security/jwt/tenant-claim").asText()).isEqualTo("org");
        assertThat(r.has(Secret.class)).isFalse();
        assertThat(app.at("/jobservice/security/api-keys").isMissingNode()).isTrue();
        assertThat(app.at("/jobservice/retention/finished").asText()).isEqualTo("7d");
        // no claim: /data is scratch space
        assertThat(r.has(PersistentVolumeClaim.class)).isFalse();
        assertThat(volume(r, "data").getEmptyDir()).isNotNull();
        assertThat(render(POSTGRES).has(Service.class)).isTrue();
        assertThat(r.all(Service.class)).hasSize(1);
    }

    @Test
    void theMonitoringObjectsNeedThePrometheusOperatorApi() {
        assertThat(render(DEFAULTS).has(ServiceMonitor.class)).isFalse();
        assertThat(render(DEFAULTS).has(PrometheusRule.class)).isFalse();
        Rendered r = render(MONITORING);

        ServiceMonitor sm = r.one(ServiceMonitor.class, "");
        List<Service> selected = r.all(Service.class).stream()
                .filter(s -> s.getMetadata()
                        .getLabels()
                        .entrySet()
                        .containsAll(sm.getSpec().getSelector().getMatchLabels().entrySet()))
                .toList();
        assertThat(selected)
                .singleElement()
                .satisfies(s -> assertThat(s.getSpec().getPorts()).anySatisfy(p -> assertThat(p.getName())
                        .isEqualTo(sm.getSpec().getEndpoints().get(0).getPort())));
        assertThat(sm.getSpec().getEndpoints().get(0).getPath()).isEqualTo("/actuator/prometheus");
        assertThat(sm.getSpec().getEndpoints().get(0).getInterval()).isEqualTo("15s");
        assertThat(sm.getMetadata().getLabels()).containsEntry("release", "kube-prometheus");

        PrometheusRule rule = r.one(PrometheusRule.class, "");
        JsonNode file = HelmRender.readYaml(readChartFile("files/prometheus-rules.yml"));
        assertThat(rule.getSpec().getGroups()).hasSize(file.path("groups").size());
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus");

        ConfigMap dashboard = r.one(ConfigMap.class, "-dashboard");
        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(dashboard.getMetadata().getLabels())
                .containsEntry("grafana_dashboard", "1")
                .containsEntry("team", "data");
        JsonNode json = HelmRender.readYaml(dashboard.getData().get("spark-job-service.json"));
        assertThat(json.path("title").asText()).isNotBlank();
        assertThat(dashboard.getData().get("spark-job-service.json").strip())
                .isEqualTo(readChartFile("files/grafana-dashboard.json").strip());
    }

    @Test
    void theSchemaRefusesWrongValues() {
        assertThatThrownBy(() -> HelmRender.template(Map.of("replicaCount", "two")))
                .hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> HelmRender.template(Map.of("replicaCount", 2))).hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> HelmRender.template(Map.of("replicas", 1))).hasMessageContaining("replicas");
        assertThatThrownBy(() -> HelmRender.template(Map.of("executors.kubernetes.memory", "lots")))
                .hasMessageContaining("memory");
        assertThatThrownBy(() -> HelmRender.template(Map.of(
                        "auth.apiKeys[0].name",
                        "x",
                        "auth.apiKeys[0].tenant",
                        "t",
                        "auth.apiKeys[0].roles[0]",
                        "owner")))
                .hasMessageContaining("roles");
        // the same values with good settings render
        assertThat(HelmRender.template(Map.of("replicaCount", 0))).contains("replicas: 0");
    }

    @Test
    void theChartRefusesToInstallAServiceNobodyCouldReach() {
        assertThatThrownBy(() -> HelmRender.template(Map.of("auth.generatedAdminKey.enabled", false)))
                .hasMessageContaining("no authentication configured");
        assertThatThrownBy(() -> HelmRender.template(Map.of(
                        "externalDatabase.enabled", true, "externalDatabase.url", "jdbc:postgresql://db:5432/jobs")))
                .hasMessageContaining("externalDatabase.existingSecret");

        Rendered open = HelmRender.parse(HelmRender.template(Map.of("auth.allowUnauthenticated", true)));
        assertThat(appConfig(open).at("/server/address").asText()).isEqualTo("0.0.0.0");
        assertThat(appConfig(open)
                        .at("/jobservice/security/allow-unauthenticated")
                        .asBoolean())
                .isTrue();
        assertThat(open.has(Secret.class)).isFalse();
    }

    // ---- numbers, executor pods, network policy

    @Test
    void numbersInValuesFilesRenderAsWritten() {
        // Helm reads YAML numbers as floats; printed as such, 10485760 became 1.048576e+07 and Spark refused it
        Map<String, String> conf = sparkConf(render(EXECUTORS));

        assertThat(conf)
                .containsEntry("spark.sql.autoBroadcastJoinThreshold", "10485760")
                .containsEntry("spark.memory.fraction", "0.6")
                .containsEntry("spark.sql.shuffle.partitions", "64")
                .containsEntry("spark.executor.instances", "4");
        Rendered many = HelmRender.parse(HelmRender.template(Map.of(), EXECUTORS, "many-executors.yaml"));
        assertThat(sparkConf(many))
                .containsEntry("spark.executor.instances", "1000000")
                .containsEntry("spark.driver.port", "7078");
    }

    @Test
    void executorPodsGetTheCredentialsAndVolumesTheyNeed() {
        Rendered r = render(EXECUTORS);
        Pod template = executorPodTemplate(r);
        Container executor = template.getSpec().getContainers().get(0);

        // the driver's extraEnvFrom (object store credentials) by default, plus executors.kubernetes.env/envFrom
        assertThat(executor.getEnvFrom())
                .anySatisfy(e -> assertThat(e.getSecretRef().getName()).isEqualTo("lake-credentials"));
        assertThat(executor.getEnv())
                .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("AWS_REGION=eu-central-1"));
        assertThat(template.getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("lake-ca"));
        assertThat(executor.getVolumeMounts()).anySatisfy(m -> assertThat(m.getName() + ":" + m.getMountPath())
                .isEqualTo("trust:/etc/lake-ca"));

        Rendered own = HelmRender.parse(
                HelmRender.template(Map.of("executors.kubernetes.inheritExtraEnvFrom", false), EXECUTORS));
        assertThat(executorPodTemplate(own).getSpec().getContainers().get(0).getEnvFrom())
                .isNullOrEmpty();
    }

    @Test
    void aStandaloneMasterAdmitsItsExecutorsToTheDriverPorts() {
        Rendered r = HelmRender.parse(HelmRender.template(Map.of("spark.master", "spark://m:7077")));

        // executors of a standalone cluster carry none of the chart's labels: any pod of the cluster may connect
        NetworkPolicyIngressRule driverRule = rule(r.one(NetworkPolicy.class, ""), "driver");
        assertThat(driverRule.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getPodSelector()).isNull();
            assertThat(peer.getNamespaceSelector()).isNotNull();
            assertThat(peer.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
        });

        Rendered narrowed = HelmRender.parse(HelmRender.template(Map.of(
                "spark.master",
                "spark://m:7077",
                "networkPolicy.driverFrom[0].namespaceSelector.matchLabels.team",
                "spark")));
        assertThat(rule(narrowed.one(NetworkPolicy.class, ""), "driver").getFrom())
                .singleElement()
                .satisfies(peer ->
                        assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("team", "spark"));
    }

    @Test
    void prometheusStillScrapesWhenHttpFromIsNarrowed() {
        Rendered r = HelmRender.render(EXECUTORS, MONITORING);
        assertThat(r.has(ServiceMonitor.class)).isTrue();

        List<NetworkPolicyIngressRule> httpRules = r.one(NetworkPolicy.class, "").getSpec().getIngress().stream()
                .filter(rule -> rule.getPorts().stream()
                        .anyMatch(p -> "http".equals(p.getPort().getStrVal())))
                .toList();
        assertThat(httpRules).flatExtracting(NetworkPolicyIngressRule::getFrom).anySatisfy(peer -> {
            assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "monitoring");
            assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "prometheus");
        });
    }

    @Test
    void executorsTalkOnlyToTheirDriverAndEachOther() {
        Rendered r = render(EXECUTORS);
        NetworkPolicy np = r.one(NetworkPolicy.class, "-executors");
        Map<String, String> driverLabels =
                r.one(Deployment.class, "").getSpec().getSelector().getMatchLabels();

        assertThat(np.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "executor")
                .containsEntry("app.kubernetes.io/instance", HelmRender.RELEASE);
        assertThat(np.getSpec().getIngress())
                .flatExtracting(NetworkPolicyIngressRule::getFrom)
                .extracting(peer -> peer.getPodSelector().getMatchLabels())
                .containsExactlyInAnyOrder(
                        driverLabels, np.getSpec().getPodSelector().getMatchLabels());
        assertThat(render(DEFAULTS).all(NetworkPolicy.class)).hasSize(1);
    }

    // ---- the driver's health, scratch space, JVM

    @ParameterizedTest
    @MethodSource("scenarios")
    void aStoppedSparkContextFailsTheLivenessProbe(String scenario) {
        assertThat(appConfig(render(scenario))
                        .at("/management/endpoint/health/group/liveness/include")
                        .asText())
                .isEqualTo("livenessState,spark");
    }

    @Test
    void sparkSpillsToTheDataVolumeWhenItIsPersistent() {
        assertThat(sparkConf(render(DEFAULTS))).containsEntry("spark.local.dir", "/data/spark-local");
        assertThat(sparkConf(render(POSTGRES))).doesNotContainKey("spark.local.dir");
        Rendered own = HelmRender.parse(HelmRender.template(Map.of("spark.conf.spark\\.local\\.dir", "/scratch")));
        assertThat(sparkConf(own)).containsEntry("spark.local.dir", "/scratch");
    }

    @Test
    void theHeapAndProcessorCountFollowThePod() {
        Rendered r = render(DEFAULTS);

        // the image's entrypoint puts -XX:MaxRAMPercentage=$JAVA_MAX_RAM_PERCENTAGE on the command line,
        // which beats JAVA_TOOL_OPTIONS
        assertThat(env(r, "JAVA_MAX_RAM_PERCENTAGE").getValue()).isEqualTo("75");
        assertThat(env(r, "JAVA_TOOL_OPTIONS").getValue())
                .doesNotContain("MaxRAMPercentage")
                .contains("-XX:ActiveProcessorCount=1");
        Rendered limited = HelmRender.parse(HelmRender.template(Map.of("resources.limits.cpu", "2500m")));
        assertThat(env(limited, "JAVA_TOOL_OPTIONS").getValue()).contains("-XX:ActiveProcessorCount=3");
        Rendered none = HelmRender.parse(HelmRender.template(Map.of("resources.requests.cpu", "null")));
        assertThat(container(none).getEnv()).noneMatch(e -> e.getName().equals("JAVA_TOOL_OPTIONS"));
    }

    // ---- what the chart refuses

    @Test
    void theConfigEscapeHatchCannotOverrideWhatTheChartDependsOn() {
        assertThatThrownBy(() -> HelmRender.template(Map.of("config.server.port", 9090)))
                .hasMessageContaining("config.server.port");
        assertThatThrownBy(() -> HelmRender.template(Map.of("config.jobservice.shutdown.drain-timeout", "10m")))
                .hasMessageContaining("shutdown.drainTimeoutSeconds");
        assertThatThrownBy(() -> HelmRender.template(Map.of("config.jobservice.shutdown.drainTimeout", "10m")))
                .hasMessageContaining("shutdown.drainTimeoutSeconds");
        assertThatThrownBy(() -> HelmRender.template(Map.of("config.jobservice.jobs.stop-grace", "1m")))
                .hasMessageContaining("shutdown.stopGraceSeconds");
        assertThatThrownBy(() -> HelmRender.template(Map.of("config.jobservice.security.api-keys[0].name", "x")))
                .hasMessageContaining("auth.apiKeys");
        // the rest of the section stays open
        assertThat(HelmRender.template(Map.of("config.jobservice.shutdown.foo", "bar")))
                .contains("foo: bar");
    }

    @Test
    void theChartRefusesLiteralCredentialsInSparkConf() {
        assertThat(List.of(
                        "spark.hadoop.fs.s3a.secret.key",
                        "spark.hadoop.fs.s3a.access.key",
                        "spark.hadoop.fs.azure.account.key.lake.dfs.core.windows.net",
                        "spark.hadoop.fs.azure.account.oauth2.client.secret"))
                .allMatch(k -> CREDENTIAL_KEY.matcher(k).matches());
        assertThat(CREDENTIAL_KEY
                        .matcher("spark.kubernetes.executor.secrets.lake")
                        .matches())
                .isFalse();

        assertThatThrownBy(
                        () -> HelmRender.template(Map.of("spark.conf.spark\\.hadoop\\.fs\\.s3a\\.secret\\.key", "abc")))
                .hasMessageContaining("spark.hadoop.fs.s3a.secret.key");
        assertThatThrownBy(() -> HelmRender.template(
                        Map.of("spark.conf.spark\\.hadoop\\.fs\\.azure\\.account\\.key\\.lake\\.blob", "abc")))
                .hasMessageContaining("${");
        assertThat(HelmRender.template(
                        Map.of("spark.conf.spark\\.hadoop\\.fs\\.s3a\\.secret\\.key", "${AWS_SECRET_ACCESS_KEY}")))
                .contains("${AWS_SECRET_ACCESS_KEY}");
    }

    @Test
    void theSchemaAndTheChartRefuseMoreWrongValues() {
        // below drain + stop grace + 5 s + 30 s + 10 s the kubelet kills the driver mid-shutdown
        assertThatThrownBy(() -> HelmRender.template(Map.of("shutdown.extraGraceSeconds", 10)))
                .hasMessageContaining("extraGraceSeconds");
        for (String memory : List.of("6gb", "512mb", "6g", "512m", "6G")) {
            assertThat(HelmRender.template(Map.of("executors.kubernetes.memory", memory)))
                    .as(memory)
                    .isNotBlank();
        }
        assertThatThrownBy(() -> HelmRender.template(Map.of("executors.kubernetes.memory", "6Gi")))
                .hasMessageContaining("memory");
        assertThat(HelmRender.template(Map.of(
                        "auth.apiKeys[0].name", "x",
                        "auth.apiKeys[0].tenant", "t",
                        "auth.apiKeys[0].roles[0]", "ADMIN",
                        "auth.apiKeys[0].sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")))
                .contains("ADMIN");
        assertThatThrownBy(() -> HelmRender.template(Map.of("spark.master", "k8s://https://kubernetes.default.svc")))
                .hasMessageContaining("executors.kubernetes.enabled");
    }

    // ---- the pod's restart, the admin key, NOTES

    @Test
    void aChangeToTheExecutorPodTemplateRestartsTheDriver() {
        String before = checksum(render(EXECUTORS));
        String after = checksum(HelmRender.parse(
                HelmRender.template(Map.of("executors.kubernetes.nodeSelector.pool", "gpu"), EXECUTORS)));

        assertThat(after).isNotBlank().isNotEqualTo(before);
    }

    @Test
    void theAdminKeyMayComeFromASecretOfOnesOwn() {
        Rendered r =
                HelmRender.parse(HelmRender.template(Map.of("auth.generatedAdminKey.existingSecret", "ops-admin")));

        assertThat(r.has(Secret.class)).isFalse();
        var ref = env(r, "API_KEY_ADMIN_SHA256").getValueFrom().getSecretKeyRef();
        assertThat(ref.getName()).isEqualTo("ops-admin");
        assertThat(ref.getKey()).isEqualTo("sha256");
        assertThat(appConfig(r).at("/jobservice/security/api-keys/0/sha256").asText())
                .isEqualTo("${API_KEY_ADMIN_SHA256}");
    }

    @Test
    void theNotesSayWhatIsReallyConfigured() {
        String keysAndOpen = HelmRender.notes(Map.of("auth.allowUnauthenticated", true), EXECUTORS);
        assertThat(keysAndOpen).doesNotContain("anyone who reaches the Service is an admin");
        assertThat(keysAndOpen).contains("allowUnauthenticated has no effect");
        assertThat(HelmRender.notes(Map.of("auth.allowUnauthenticated", true)))
                .contains("anyone who reaches the Service is an admin");

        assertThat(HelmRender.notes(Map.of("persistence.enabled", false))).contains("emptyDir");
        assertThat(HelmRender.notes(Map.of())).doesNotContain("emptyDir");
        assertThat(HelmRender.notes(Map.of(), POSTGRES)).doesNotContain("H2");
        assertThat(HelmRender.notes(Map.of("spark.master", "spark://m:7077"))).contains("networkPolicy.driverFrom");
    }

    // ---- reading the rendered objects

    static ConfigMap mainConfigMap(Rendered r) {
        return r.one(ConfigMap.class, "");
    }

    static JsonNode appConfig(Rendered r) {
        return HelmRender.readYaml(mainConfigMap(r).getData().get("application.yaml"));
    }

    /** {@code jobservice.spark.conf}, its bracketed keys as Spark sees them. */
    static Map<String, String> sparkConf(Rendered r) {
        Map<String, String> conf = new LinkedHashMap<>();
        appConfig(r).at("/jobservice/spark/conf").properties().forEach(e -> {
            String key = e.getKey();
            assertThat(key)
                    .as("Spark keys are bracketed, or Spring drops '/' from them")
                    .startsWith("[")
                    .endsWith("]");
            conf.put(key.substring(1, key.length() - 1), e.getValue().asText());
        });
        return conf;
    }

    static Pod executorPodTemplate(Rendered r) {
        return HelmRender.strict(
                HelmRender.readYaml(mainConfigMap(r).getData().get("executor-pod-template.yaml")), Pod.class);
    }

    static NetworkPolicyIngressRule rule(NetworkPolicy np, String port) {
        return np.getSpec().getIngress().stream()
                .filter(rule -> rule.getPorts().stream()
                        .anyMatch(p -> port.equals(p.getPort().getStrVal())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ingress rule for port " + port));
    }

    static String checksum(Rendered r) {
        return r.one(Deployment.class, "")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get("checksum/config");
    }

    static PodSpec pod(Rendered r) {
        return r.one(Deployment.class, "").getSpec().getTemplate().getSpec();
    }

    static Container container(Rendered r) {
        return pod(r).getContainers().get(0);
    }

    static ContainerPort containerPort(Rendered r, String name) {
        return container(r).getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .orElse(null);
    }

    static EnvVar env(Rendered r, String name) {
        return container(r).getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    static io.fabric8.kubernetes.api.model.Volume volume(Rendered r, String name) {
        return pod(r).getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static io.fabric8.kubernetes.api.model.VolumeMount volumeMount(Rendered r, String name) {
        return container(r).getVolumeMounts().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, String> peerLabels(NetworkPolicyIngressRule rule) {
        return rule.getFrom().get(0).getPodSelector().getMatchLabels();
    }

    private static List<String> verbs(Role role, String resource) {
        return role.getRules().stream()
                .filter(rule -> rule.getResources().contains(resource))
                .map(PolicyRule::getVerbs)
                .findFirst()
                .orElseThrow();
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    private static String value(JsonNode tree, List<String> key) {
        JsonNode node = tree;
        for (String segment : key) {
            node = segment.matches("\\[\\d+]")
                    ? node.get(Integer.parseInt(segment.substring(1, segment.length() - 1)))
                    : node.get(segment);
        }
        return node.asText();
    }

    private static String readChartFile(String name) {
        try {
            return Files.readString(HelmRender.CHART.resolve(name));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
