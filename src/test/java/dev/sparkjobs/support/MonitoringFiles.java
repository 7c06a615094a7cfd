package dev.sparkjobs.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Grafana dashboard and the Prometheus rule file the Helm chart ships, read as data. */
public final class MonitoringFiles {

    public static final Path DASHBOARD = Path.of("helm/spark-job-service/files/grafana-dashboard.json");
    public static final Path RULES = Path.of("helm/spark-job-service/files/prometheus-rules.yml");
    public static final Path RULES_TEST = Path.of("src/test/resources/prometheus/rules-test.yml");

    /** One PromQL expression and where it comes from (a panel's title and ref, a rule's name). */
    public record Query(String where, String expr) {}

    private MonitoringFiles() {}

    public static JsonNode dashboard() {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel target's expression (rows included, should one ever hold panels of its own). */
    public static List<Query> panelQueries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            List<JsonNode> all = new ArrayList<>();
            all.add(panel);
            panel.path("panels").forEach(all::add);
            for (JsonNode p : all) {
                for (JsonNode target : p.path("targets")) {
                    queries.add(new Query(
                            p.path("title").asString() + " ["
                                    + target.path("refId").asString() + "]",
                            target.path("expr").asString()));
                }
            }
        }
        return queries;
    }

    /** The template variables' {@code label_values(...)} queries. */
    public static List<Query> variableQueries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode v : dashboard().path("templating").path("list")) {
            if (v.path("type").asString().equals("query")) {
                queries.add(new Query(
                        "variable " + v.path("name").asString(),
                        v.path("definition").asString()));
            }
        }
        return queries;
    }

    /** Every rule of every group: alerts by their name, recording rules by the series they record. */
    @SuppressWarnings("unchecked")
    public static List<Query> ruleQueries() {
        List<Query> queries = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules().get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                String name = rule.containsKey("alert") ? "alert " + rule.get("alert") : "record " + rule.get("record");
                queries.add(new Query(name, String.valueOf(rule.get("expr"))));
            }
        }
        return queries;
    }

    /** The series the recording rules make (no service exports them). */
    public static Set<String> recordedNames() {
        Set<String> names = new TreeSet<>();
        for (Query q : ruleQueries()) {
            if (q.where().startsWith("record ")) {
                names.add(q.where().substring("record ".length()));
            }
        }
        return names;
    }

    private static Map<String, Object> rules() {
        try {
            return new Yaml().load(Files.readString(RULES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
