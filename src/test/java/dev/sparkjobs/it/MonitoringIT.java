package dev.sparkjobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.MonitoringFiles;
import dev.sparkjobs.support.MonitoringFiles.Query;
import dev.sparkjobs.support.PromQl;
import dev.sparkjobs.support.PrometheusServer;
import dev.sparkjobs.support.RequiredTool;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The shipped Grafana dashboard and Prometheus rules against the running service: every metric they
 * read is exported, promtool accepts the scrape and the rules, and a real Prometheus scraping the
 * service evaluates every panel's query with data and every rule as healthy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringIT extends AbstractIT {

    /** What Grafana puts in place of its variables; {@code $instance} is the scrape target. */
    private static final String RATE_INTERVAL = "1m";

    private PrometheusServer prometheus;

    @AfterAll
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void everyMetricTheDashboardAndTheRulesReadIsExported() {
        runJobs();
        Set<String> exported = sampleNames(scrape());

        Set<String> read = new TreeSet<>();
        allQueries().forEach(q -> read.addAll(PromQl.metricNames(q.expr())));
        read.remove("up"); // Prometheus's own, per scrape target
        read.removeAll(MonitoringFiles.recordedNames());
        assertThat(read).as("metric names found in the dashboard and the rules").hasSizeGreaterThan(25);

        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(exported);
        assertThat(missing)
                .as("metrics the dashboard or the rules read but /actuator/prometheus does not export")
                .isEmpty();
    }

    @Test
    void promtoolFindsNothingWrongWithOurMetrics() throws Exception {
        var promtool = RequiredTool.require("/usr/bin/promtool", "prometheus");
        runJobs();
        ToolOutput r = run(List.of(promtool.toString(), "check", "metrics"), scrape());
        // what it says of Micrometer's own JVM and process meters is theirs to fix, and shown in the log
        System.out.println("promtool check metrics (exit " + r.exit() + "):\n" + r.output());
        List<String> ours =
                r.output().lines().filter(l -> l.contains("jobservice_")).toList();
        assertThat(ours)
                .as("promtool check metrics on our meters (all it said: %s)", r.output())
                .isEmpty();
        // Spring Security names a counter after each filter's class, ours among them
        List<String> camelCase =
                r.output().lines().filter(l -> l.contains("camelCase")).toList();
        assertThat(camelCase).as("meters named in camelCase").isEmpty();
    }

    @Test
    void promtoolChecksAndTestsTheRules() throws Exception {
        var promtool = RequiredTool.require("/usr/bin/promtool", "prometheus");
        ToolOutput check = run(List.of(promtool.toString(), "check", "rules", MonitoringFiles.RULES.toString()), "");
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output())
                .contains("SUCCESS: " + MonitoringFiles.ruleQueries().size() + " rules found");

        ToolOutput test = run(List.of(promtool.toString(), "test", "rules", MonitoringFiles.RULES_TEST.toString()), "");
        assertThat(test.exit()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyPanelQueryIsValidPromQl() {
        List<String> invalid = new ArrayList<>();
        for (Query q : MonitoringFiles.panelQueries()) {
            JsonNode answer = prometheus().query(grafana(q.expr()));
            if (!answer.path("status").asString().equals("success")) {
                invalid.add(q.where() + ": " + answer.path("error").asString());
            }
        }
        assertThat(invalid).as("panel queries Prometheus refuses").isEmpty();
    }

    @Test
    void everyPanelQueryHasDataOnceJobsRan() {
        PrometheusServer p = prometheus();
        // twice, each run scraped, so that every counter and histogram rises inside the rate window
        runJobsAndAwaitTheScrape(p);
        runJobsAndAwaitTheScrape(p);

        List<String> empty = new ArrayList<>();
        for (Query q : MonitoringFiles.panelQueries()) {
            JsonNode result = p.query(grafana(q.expr())).path("data").path("result");
            boolean aNumber = false;
            for (JsonNode series : result) {
                String v = series.path("value").path(1).asString();
                aNumber |= !v.equals("NaN") && !v.isEmpty();
            }
            if (!aNumber) {
                empty.add(q.where() + " (" + result.size() + " series, none a number): " + q.expr());
            }
        }
        assertThat(empty).as("panel queries without data after jobs ran").isEmpty();
    }

    @Test
    void theTemplateVariablesFindTheInstanceAndTheTenants() {
        PrometheusServer p = prometheus();
        runJobsAndAwaitTheScrape(p);
        for (Query q : MonitoringFiles.variableQueries()) {
            String label = q.expr().replaceAll(".*,\\s*(\\w+)\\s*\\)\\s*$", "$1");
            String metric = q.expr().replaceAll("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$", "$1");
            JsonNode result = p.query(grafana(metric)).path("data").path("result");
            assertThat(result).as("%s: %s", q.where(), metric).isNotEmpty();
            result.forEach(s -> assertThat(s.path("metric").path(label).asString())
                    .as("%s: label %s", q.where(), label)
                    .isNotEmpty());
        }
    }

    @Test
    void prometheusLoadsEveryRuleAndEvaluatesItHealthy() {
        PrometheusServer p = prometheus();
        int rules = MonitoringFiles.ruleQueries().size();
        await("every rule evaluated").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> health = new ArrayList<>();
            for (JsonNode group : p.get("/api/v1/rules").path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    health.add(rule.path("name").asString() + "="
                            + rule.path("health").asString()
                            + (rule.path("lastError").asString().isEmpty() ? "" : " " + rule.path("lastError")));
                }
            }
            assertThat(health).hasSize(rules).allMatch(h -> h.endsWith("=ok"), "health ok");
        });
        JsonNode alerts = p.get("/api/v1/alerts").path("data").path("alerts");
        alerts.forEach(a -> assertThat(a.path("labels").path("alertname").asString())
                .as("the service is scraped and its store answers")
                .isNotIn("ServiceDown", "StoreUnreachable"));
    }

    private Stream<Query> allQueries() {
        return Stream.of(
                        MonitoringFiles.panelQueries(),
                        MonitoringFiles.variableQueries(),
                        MonitoringFiles.ruleQueries())
                .flatMap(List::stream);
    }

    /** A success, a failure and a refused submit: every job meter has a series. */
    private void runJobs() {
        api.awaitFinal(api.submitOk(sql("SELECT count(*) FROM range(100000)")));
        api.awaitFinal(api.submitOk(sql("SELECT * FROM missing_for_monitoring")));
        assertThat(api.submit("{\"type\":\"sql\",\"params\":{\"sqll\":\"x\"}}").status())
                .isEqualTo(400);
        awaitIdle();
    }

    private void runJobsAndAwaitTheScrape(PrometheusServer p) {
        runJobs();
        double finished = sampleSum(scrape(), "jobservice_jobs_finished_total");
        await("Prometheus scraped the jobs' ends")
                .atMost(Duration.ofSeconds(30))
                .until(() -> {
                    JsonNode r = p.query("sum(jobservice_jobs_finished_total{instance=\"" + target() + "\"})")
                            .path("data")
                            .path("result");
                    return !r.isEmpty()
                            && Double.parseDouble(
                                            r.path(0).path("value").path(1).asString())
                                    >= finished;
                });
    }

    private synchronized PrometheusServer prometheus() {
        if (prometheus == null) {
            var binary = RequiredTool.require("/usr/bin/prometheus", "prometheus");
            try {
                prometheus = PrometheusServer.start(binary, target(), "/actuator/prometheus", MonitoringFiles.RULES);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            PrometheusServer p = prometheus;
            await("the service scraped").atMost(Duration.ofSeconds(60)).until(() -> !p.query(
                            "up{job=\"" + PrometheusServer.JOB + "\"} == 1")
                    .path("data")
                    .path("result")
                    .isEmpty());
        }
        return prometheus;
    }

    private String target() {
        return "127.0.0.1:" + port;
    }

    /** The query as Grafana sends it with "All" tenants selected. */
    private String grafana(String expr) {
        return expr.replace("$__rate_interval", RATE_INTERVAL)
                .replace("$instance", target().replace(".", "\\\\."))
                .replace("$tenant", ".*");
    }

    /** The text format Prometheus 2 and promtool read. */
    private String scrape() {
        var r = api.send(HttpRequest.newBuilder(api.uri("/actuator/prometheus"))
                .header("Accept", "text/plain;version=0.0.4;charset=utf-8"));
        assertThat(r.status()).isEqualTo(200);
        return r.raw();
    }

    private static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }

    private static double sampleSum(String exposition, String name) {
        return exposition
                .lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** A command line tool's exit code and output (stdout and stderr). */
    private record ToolOutput(int exit, String output) {}

    private static ToolOutput run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not end within 60 s");
        }
        return new ToolOutput(p.exitValue(), out);
    }
}
