package dev.sparkjobs.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API server that stores what it is sent (fabric8's mock server in CRUD mode) on
 * 127.0.0.1, plain HTTP, no authentication. No pod ever runs. Like a real API server it gives a new
 * pod the phase {@code Pending}, and it keeps a log of the calls others made, as RBAC verbs.
 */
public final class MockKubernetes implements AutoCloseable {

    /** The user agent of {@link #client}, whose calls stay out of {@link #verbsUsed()}. */
    private static final String OBSERVER = "mock-kubernetes-observer";

    private static final Pattern RESOURCE_PATH = Pattern.compile(
            "^/(?:api/v1|apis/[^/]+/[^/]+)(?:/namespaces/([^/?]+))?/([a-z]+)(?:/([^/?]+))?(?:/([a-z]+))?(?:\\?(.*))?$");

    private final KubernetesMockServer server;
    private final Recording dispatcher;
    public final KubernetesClient client;

    private MockKubernetes(KubernetesMockServer server, Recording dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.getPort())
                .withUserAgent(OBSERVER)
                .withRequestRetryBackoffLimit(0)
                .build();
        this.client = new KubernetesClientBuilder().withConfig(config).build();
    }

    public static MockKubernetes start() throws IOException {
        Recording dispatcher = new Recording();
        KubernetesMockServer server =
                new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        return new MockKubernetes(server, dispatcher);
    }

    /** The master URL a Spark driver is given: {@code k8s://http://127.0.0.1:<port>}. */
    public String sparkMaster() {
        return "k8s://http://127.0.0.1:" + server.getPort();
    }

    /** Creates the namespace and in it a running, ready pod: the one the driver runs in. */
    public Pod createDriverPod(String namespace, String name, String uid, Map<String, String> labels) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withUid(uid)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("service")
                .withImage("ghcr.io/example/spark-job-service:1.2.3")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
        return client.pods().inNamespace(namespace).resource(pod).create();
    }

    /**
     * What others (not {@link #client}) did, as Kubernetes RBAC sees it: resource (with its
     * subresource) to verbs, e.g. {@code pods -> [create, delete, get, list, watch]}.
     */
    public SortedMap<String, SortedSet<String>> verbsUsed() {
        SortedMap<String, SortedSet<String>> verbs = new TreeMap<>();
        for (String[] call : dispatcher.calls) {
            Matcher m = RESOURCE_PATH.matcher(call[1]);
            if (!m.matches()) {
                continue; // discovery (/api, /version) needs no rule
            }
            String resource = m.group(4) == null ? m.group(2) : m.group(2) + "/" + m.group(4);
            boolean named = m.group(3) != null;
            String query = m.group(5) == null ? "" : m.group(5);
            String verb =
                    switch (call[0]) {
                        case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
                        case "POST" -> "create";
                        case "PUT" -> "update";
                        case "PATCH" -> "patch";
                        case "DELETE" -> named ? "delete" : "deletecollection";
                        default -> call[0];
                    };
            verbs.computeIfAbsent(resource, r -> new TreeSet<>()).add(verb);
        }
        return verbs;
    }

    /** Every call others made, {@code METHOD path}, in order. */
    public List<String> calls() {
        return dispatcher.calls.stream().map(c -> c[0] + " " + c[1]).toList();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    /** Records calls, and makes a created pod Pending as the API server would (Spark reads the phase). */
    private static final class Recording extends KubernetesCrudDispatcher {

        private static final ObjectMapper JSON = new ObjectMapper();

        final List<String[]> calls = new CopyOnWriteArrayList<>();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (!OBSERVER.equals(request.getHeader("User-Agent"))) {
                calls.add(new String[] {request.getMethod(), request.getPath()});
            }
            return super.dispatch(request);
        }

        @Override
        public MockResponse handleCreate(RecordedRequest request) {
            Matcher m = RESOURCE_PATH.matcher(request.getPath());
            if (m.matches() && "pods".equals(m.group(2)) && m.group(3) == null) {
                try {
                    ObjectNode pod = (ObjectNode) JSON.readTree(request.getUtf8Body());
                    ObjectNode status = pod.has("status") ? (ObjectNode) pod.get("status") : pod.putObject("status");
                    if (!status.has("phase")) {
                        status.put("phase", "Pending");
                    }
                    request = new RecordedRequest(
                            request.getRequestLine(),
                            request.method(),
                            request.getPath(),
                            request.getHeaders(),
                            new Buffer(JSON.writeValueAsBytes(pod)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return super.handleCreate(request);
        }
    }
}
