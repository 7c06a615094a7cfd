package dev.sparkjobs.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Helm chart rendered by real Helm ({@code helm template}, in-process through helm-java) and every
 * object it renders parsed strictly into fabric8's Kubernetes model: a field the model does not know, a
 * string where a number belongs, or a kind the chart should not render fails the parse.
 */
public final class HelmRender {

    public static final Path CHART = Path.of("helm", "spark-job-service");
    /** Values files of the test scenarios. */
    public static final Path VALUES = Path.of("src", "test", "resources", "helm");

    public static final String RELEASE = "jobs";
    public static final String NAMESPACE = "analytics";
    /** Helm's client-only default (1.20) is older than the chart's kubeVersion. */
    public static final String KUBE_VERSION = "v1.33.0";

    /** The kinds the chart may render, and the model class each parses into. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

    public static final YAMLMapper YAML = new YAMLMapper();

    /** Unknown fields and coerced scalars fail; fabric8 collects unknown fields instead, see {@link #strict}. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private HelmRender() {}

    /** {@code helm template} with these values files of {@link #VALUES} (none = the chart's defaults). */
    public static Rendered render(String... valuesFiles) {
        return parse(template(Map.of(), valuesFiles));
    }

    /** The manifest Helm renders; {@code set} as {@code --set}. Throws with Helm's message when it fails. */
    public static String template(Map<String, Object> set, String... valuesFiles) {
        var command = new Helm(CHART)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (String file : valuesFiles) {
            command = command.withValuesFile(VALUES.resolve(file));
        }
        for (var e : set.entrySet()) {
            command = command.set(e.getKey(), e.getValue());
        }
        return command.call();
    }

    /** What {@code helm install --dry-run} prints, NOTES.txt included; {@code set} as {@code --set}. */
    public static String notes(Map<String, Object> set, String... valuesFiles) {
        var command = new Helm(CHART)
                .install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .dryRun()
                .clientOnly();
        for (String file : valuesFiles) {
            command = command.withValuesFile(VALUES.resolve(file));
        }
        for (var e : set.entrySet()) {
            command = command.set(e.getKey(), e.getValue());
        }
        return command.call().getOutput();
    }

    public static Rendered parse(String manifest) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : manifest.split("(?m)^---\\s*$")) {
            JsonNode tree = readYaml(doc);
            if (tree == null || tree.isNull() || tree.isMissingNode() || tree.isEmpty()) {
                continue;
            }
            String type =
                    tree.path("apiVersion").asText() + "/" + tree.path("kind").asText();
            Class<? extends HasMetadata> kind = KINDS.get(type);
            if (kind == null) {
                throw new AssertionError("the chart rendered a kind it should not: " + type + "\n" + doc);
            }
            objects.add(strict(tree, kind));
        }
        return new Rendered(manifest, List.copyOf(objects));
    }

    /** A tree parsed into a model class; fails on any field the model does not declare. */
    public static <T> T strict(JsonNode tree, Class<T> type) {
        T value;
        try {
            value = STRICT.treeToValue(tree, type);
        } catch (IOException e) {
            throw new AssertionError("not a valid " + type.getSimpleName() + ": " + e.getMessage() + "\n" + tree, e);
        }
        List<String> unknown = new ArrayList<>();
        collectUnknown(value, type.getSimpleName(), unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new AssertionError("fields " + type.getSimpleName() + " does not have: " + unknown + "\n" + tree);
        }
        return value;
    }

    public static JsonNode readYaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** fabric8's classes keep unknown fields in {@code additionalProperties}: any there is a mistake. */
    private static void collectUnknown(Object o, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                collectUnknown(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collectUnknown(v, path + "." + k, unknown, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : o.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, o);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else {
                String name = getter.getName().substring(3);
                collectUnknown(
                        child, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), unknown, seen);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(getter + ": " + e, e);
        }
    }

    /** What one {@code helm template} rendered: the manifest and its objects, parsed. */
    public record Rendered(String manifest, List<HasMetadata> objects) {

        public <T extends HasMetadata> List<T> all(Class<T> kind) {
            return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        /** The one object of this kind whose name is the release's full name plus {@code suffix}. */
        public <T extends HasMetadata> T one(Class<T> kind, String suffix) {
            String name = RELEASE + "-spark-job-service" + suffix;
            List<T> found = all(kind).stream()
                    .filter(o -> o.getMetadata().getName().equals(name))
                    .toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one " + kind.getSimpleName() + " " + name + ", found " + found.size()
                        + " among " + names());
            }
            return found.get(0);
        }

        public boolean has(Class<? extends HasMetadata> kind) {
            return !all(kind).isEmpty();
        }

        /** kind/name of every object, to read in a failure. */
        public Set<String> names() {
            return Set.copyOf(objects.stream()
                    .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                    .toList());
        }
    }
}
