package dev.sparkjobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * The configuration keys the service reads: {@code jobservice.*} from its {@code @ConfigurationProperties}
 * records (walked by reflection, with Spring's relaxed names), everything else from the configuration
 * metadata Spring Boot's jars ship. A key in a values file or template that is none of these would be
 * ignored silently by the service.
 */
final class ConfigKeys {

    private final Map<List<String>, Class<?>> roots = new HashMap<>();
    private final Set<String> bootKeys = new HashSet<>();
    private final Set<String> bootMapKeys = new HashSet<>();

    ConfigKeys() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (var bean : scanner.findCandidateComponents("dev.sparkjobs")) {
            Class<?> type = load(bean.getBeanClassName());
            String prefix = type.getAnnotation(ConfigurationProperties.class).value();
            roots.put(List.of(prefix.split("\\.")), type);
        }
        if (roots.isEmpty()) {
            throw new IllegalStateException("no @ConfigurationProperties classes found under dev.sparkjobs");
        }
        readBootMetadata();
    }

    /** The keys of a configuration tree as Spring flattens it: {@code a.b[0].c}, {@code conf.[spark.x]}. */
    static List<List<String>> flatten(JsonNode tree) {
        List<List<String>> keys = new ArrayList<>();
        flatten(tree, new ArrayList<>(), keys);
        return keys;
    }

    private static void flatten(JsonNode node, List<String> path, List<List<String>> keys) {
        if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(e -> {
                List<String> child = new ArrayList<>(path);
                String key = e.getKey();
                if (key.startsWith("[") && key.endsWith("]")) {
                    child.add(key); // a bracketed key stays one segment, dots and all
                } else {
                    child.addAll(Arrays.asList(key.split("\\.")));
                }
                flatten(e.getValue(), child, keys);
            });
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                List<String> child = new ArrayList<>(path);
                child.add("[" + i + "]");
                flatten(node.get(i), child, keys);
            }
        } else {
            keys.add(List.copyOf(path));
        }
    }

    boolean known(List<String> key) {
        if (!key.isEmpty() && key.get(0).equals("jobservice")) {
            return roots.entrySet().stream()
                    .anyMatch(root -> startsWith(key, root.getKey())
                            && fits(root.getValue(), key.subList(root.getKey().size(), key.size())));
        }
        String plain = String.join(".", key.stream().filter(s -> !isIndex(s)).toList());
        return bootKeys.contains(plain) || bootMapKeys.stream().anyMatch(m -> plain.startsWith(m + "."));
    }

    private static boolean startsWith(List<String> key, List<String> prefix) {
        return key.size() >= prefix.size()
                && canonical(key.subList(0, prefix.size())).equals(canonical(prefix));
    }

    /** Whether {@code rest} is a path into a value of this type. */
    private static boolean fits(Type type, List<String> rest) {
        if (rest.isEmpty()) {
            return true;
        }
        Class<?> raw = raw(type);
        if (Map.class.isAssignableFrom(raw)) {
            Type value = argument(type, 1);
            // a map of scalars takes the whole rest as its key (Spring's binding of dotted map keys)
            return isScalar(raw(value)) || fits(value, rest.subList(1, rest.size()));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return isIndex(rest.get(0)) && fits(argument(type, 0), rest.subList(1, rest.size()));
        }
        if (raw.isRecord()) {
            String name = canonical(rest.get(0));
            for (RecordComponent c : raw.getRecordComponents()) {
                if (canonical(c.getName()).equals(name)) {
                    return fits(c.getGenericType(), rest.subList(1, rest.size()));
                }
            }
        }
        return false;
    }

    private static boolean isScalar(Class<?> type) {
        return !type.isRecord() && !Map.class.isAssignableFrom(type) && !Collection.class.isAssignableFrom(type);
    }

    private static boolean isIndex(String segment) {
        return segment.matches("\\[\\d+]");
    }

    /** Spring's relaxed names: case, dashes and underscores do not count. */
    private static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    private static List<String> canonical(List<String> names) {
        return names.stream().map(ConfigKeys::canonical).toList();
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Type argument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }

    private void readBootMetadata() {
        ObjectMapper json = new ObjectMapper();
        try {
            for (URL url : Collections.list(
                    getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode p : json.readTree(in).path("properties")) {
                        String name = p.path("name").asText();
                        bootKeys.add(name);
                        if (p.path("type").asText().startsWith("java.util.Map")) {
                            bootMapKeys.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!bootKeys.contains("server.port")) {
            throw new IllegalStateException("Spring Boot's configuration metadata is not on the class path");
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
