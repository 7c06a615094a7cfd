package dev.sparkjobs.bench;

import dev.sparkjobs.support.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scenario S: a store that holds many finished jobs. The jar makes its schema (one start on an empty
 * data dir), the bench JVM fills its H2 file by JDBC (one {@code INSERT ... SELECT} over {@code
 * SYSTEM_RANGE}: 10 tenants, 4 types, 90/8/2% SUCCEEDED/FAILED/CANCELLED, 30% tagged, ~1 KB results),
 * then the jar starts again on it and a bare client times status reads and list pages, one at a time.
 * Each jar fills its own data dir, so a baseline jar runs on its own schema.
 */
final class ScenarioS implements Scenario {

    /** One query's latencies on one jar. */
    record Row(String variant, String query, Stats stats) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Rows inserted per statement when filling the store. */
    private static final int SEED_CHUNK = 100_000;

    private final Path work;

    /** For {@link Scenarios#ALL}: {@link #markdown(Context)} makes the one that runs. */
    ScenarioS() {
        this(null);
    }

    ScenarioS(Path work) {
        this.work = work;
    }

    List<Row> run(String variant, Path jar, int jobs, int samples) throws Exception {
        Path dir = Bench.fresh(work.resolve("s-" + variant));
        try (ServiceProcess schema = ServiceProcess.start(jar, dir, dir.resolve("schema.log"))) {
            // started once for Flyway; stopped before the bench JVM opens the file
        }
        return time(variant, jar, dir, seed(dir, jobs), samples, List.of());
    }

    /**
     * As {@link #run}, on a PostgreSQL server of its own (Debian's binaries, {@code fsync=off}, as the
     * tests start it): the jar makes the schema, the bench JVM fills it with the same rows by {@code
     * generate_series} and runs {@code ANALYZE}, the jar starts again on it.
     */
    List<Row> runPostgres(String variant, Path jar, int jobs, int samples) throws Exception {
        Path dir = Bench.fresh(work.resolve("s-pg-" + variant));
        try (PostgresServer pg = PostgresServer.start()) {
            List<String> store = List.of(
                    "--spring.datasource.url=" + pg.jdbcUrl(), "--spring.datasource.username=" + PostgresServer.USER);
            try (ServiceProcess schema =
                    ServiceProcess.start(jar, dir, dir.resolve("schema.log"), store.toArray(String[]::new))) {
                // started once for Flyway
            }
            return time(variant, jar, dir, seedPostgres(pg.jdbcUrl(), jobs), samples, store);
        }
    }

    private List<Row> time(String variant, Path jar, Path dir, List<String> ids, int samples, List<String> store)
            throws Exception {
        List<String> settings = new ArrayList<>(
                List.of("--logging.level.jobservice.audit=OFF", "--jobservice.spark.conf.spark.ui.enabled=false"));
        settings.addAll(store);
        List<Row> rows = new ArrayList<>();
        try (ServiceProcess svc =
                ServiceProcess.start(jar, dir, dir.resolve("service.log"), settings.toArray(String[]::new))) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + svc.port + "/api/v1/jobs";
            String page50 = cursorOfPage(http, base, 50);
            Map<String, List<String>> queries = new LinkedHashMap<>();
            queries.put(
                    "status (GET /jobs/{id})",
                    ids.stream().map(id -> base + "/" + id).toList());
            queries.put("list, default", List.of(base));
            queries.put("list, state=FAILED", List.of(base + "?state=FAILED"));
            queries.put("list, state=QUEUED,RUNNING", List.of(base + "?state=QUEUED&state=RUNNING"));
            queries.put("list, type=ingest", List.of(base + "?type=ingest"));
            queries.put("list, tag=team:t3", List.of(base + "?tag=team:t3"));
            queries.put("list, page 50 (cursor)", List.of(base + "?cursor=" + page50));
            for (var q : queries.entrySet()) {
                time(http, q.getValue(), samples / 2); // warm the path and the caches
                rows.add(new Row(variant, q.getKey(), time(http, q.getValue(), samples)));
            }
        }
        return rows;
    }

    private static Stats time(HttpClient http, List<String> urls, int n) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpRequest get = HttpRequest.newBuilder(URI.create(urls.get(i % urls.size())))
                    .timeout(Duration.ofSeconds(30))
                    .build();
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
            ms.add((System.nanoTime() - t0) / 1e6);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(get.uri() + " answered " + r.statusCode());
            }
        }
        return Stats.of(ms);
    }

    private static String cursorOfPage(HttpClient http, String base, int page) throws Exception {
        String cursor = null;
        for (int i = 1; i < page; i++) {
            String url = cursor == null ? base : base + "?cursor=" + cursor;
            var body = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            cursor = JSON.readTree(body).path("nextCursor").asString();
        }
        return cursor;
    }

    /** {@link #seed}'s rows on PostgreSQL; returns 200 ids spread over the table. */
    private static List<String> seedPostgres(String url, int jobs) throws Exception {
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, "");
                Statement s = c.createStatement()) {
            for (int from = 1; from <= jobs; from += SEED_CHUNK) {
                s.execute(
                        "INSERT INTO job (id, type, name, state, submitted_by, pool, priority, timeout_seconds, params,"
                                + " tags, submitted_at, started_at, finished_at, error_type, error_message, result, tenant, run_by)"
                                + " SELECT gen_random_uuid()::text, CASE x % 4 WHEN 0 THEN 'sql' WHEN 1 THEN 'ingest'"
                                + " WHEN 2 THEN 'maintenance' ELSE 'plugin' END, 'job-' || x,"
                                + " CASE WHEN x % 50 = 0 THEN 'CANCELLED' WHEN x % 50 < 5 THEN 'FAILED' ELSE 'SUCCEEDED' END,"
                                + " 'anonymous', 'default', 0, 3600, '{\"sql\":\"SELECT 1\"}',"
                                + " CASE WHEN x % 10 < 3 THEN '{\"team\":\"t' || x % 7 || '\"}' ELSE '{}' END,"
                                + " now() - make_interval(secs => (" + jobs + " - x) * 3),"
                                + " now() - make_interval(secs => (" + jobs + " - x) * 3 - 1),"
                                + " now() - make_interval(secs => (" + jobs + " - x) * 3 - 2),"
                                + " CASE WHEN x % 50 BETWEEN 1 AND 4 THEN 'SPARK_ERROR' END,"
                                + " CASE WHEN x % 50 BETWEEN 1 AND 4 THEN 'boom' END,"
                                + " '{\"preview\":\"' || repeat('x', 1000) || '\"}', 't' || x % 10, 'bench'"
                                + " FROM generate_series(" + from + ", " + Math.min(jobs, from + SEED_CHUNK - 1)
                                + ") AS x");
            }
            s.execute("INSERT INTO job_tag (job_id, tag_key, tag_value) SELECT id, 'team',"
                    + " substring(tags, 10, 2) FROM job WHERE tags <> '{}'");
            s.execute("ANALYZE");
            List<String> ids = new ArrayList<>();
            try (ResultSet rs =
                    s.executeQuery("SELECT id FROM job WHERE seq % " + Math.max(1, jobs / 200) + " = 0 LIMIT 200")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /** Fills the job table; returns 200 ids spread over it, for the status reads. */
    private static List<String> seed(Path dir, int jobs) throws Exception {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db/jobservice");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            for (int from = 1; from <= jobs; from += SEED_CHUNK) { // one transaction per chunk: a bounded undo log
                s.execute(
                        "INSERT INTO job (id, type, name, state, submitted_by, pool, priority, timeout_seconds, params,"
                                + " tags, submitted_at, started_at, finished_at, error_type, error_message, result, tenant, run_by)"
                                + " SELECT CAST(RANDOM_UUID() AS VARCHAR), CASE MOD(X, 4) WHEN 0 THEN 'sql' WHEN 1 THEN 'ingest'"
                                + " WHEN 2 THEN 'maintenance' ELSE 'plugin' END, 'job-' || X,"
                                + " CASE WHEN MOD(X, 50) = 0 THEN 'CANCELLED' WHEN MOD(X, 50) < 5 THEN 'FAILED' ELSE 'SUCCEEDED'"
                                + " END, 'anonymous', 'default', 0, 3600, '{\"sql\":\"SELECT 1\"}',"
                                + " CASE WHEN MOD(X, 10) < 3 THEN '{\"team\":\"t' || MOD(X, 7) || '\"}' ELSE '{}' END,"
                                + " DATEADD(SECOND, -(" + jobs + " - X) * 3, CURRENT_TIMESTAMP),"
                                + " DATEADD(SECOND, -(" + jobs + " - X) * 3 + 1, CURRENT_TIMESTAMP),"
                                + " DATEADD(SECOND, -(" + jobs + " - X) * 3 + 2, CURRENT_TIMESTAMP),"
                                + " CASE WHEN MOD(X, 50) BETWEEN 1 AND 4 THEN 'SPARK_ERROR' END,"
                                + " CASE WHEN MOD(X, 50) BETWEEN 1 AND 4 THEN 'boom' END,"
                                + " '{\"preview\":\"' || REPEAT('x', 1000) || '\"}', 't' || MOD(X, 10), 'bench'"
                                + " FROM SYSTEM_RANGE(" + from + ", " + Math.min(jobs, from + SEED_CHUNK - 1) + ")");
            }
            s.execute("INSERT INTO job_tag (job_id, tag_key, tag_value) SELECT id, 'team',"
                    + " SUBSTRING(tags, 10, 2) FROM job WHERE tags <> '{}'");
            s.execute("ANALYZE");
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM job WHERE MOD(seq, " + Math.max(1, jobs / 200)
                    + ") = 0 FETCH FIRST 200 ROWS ONLY")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /**
     * Runs the scenario on {@code -Dbench.baseline=<jar>} when given, then on {@code jar}, and writes
     * {@code <out>/<scale>/scenario-s.md}. Smoke holds 100,000 jobs, medium and full 1,000,000.
     */
    @Override
    public String letter() {
        return "S";
    }

    @Override
    public String markdown(Context c) throws Exception {
        int jobs = c.scaleName().equals("smoke") ? 100_000 : 1_000_000;
        int samples = c.scaleName().equals("smoke") ? 400 : 2000;
        ScenarioS s = new ScenarioS(c.work());
        List<Row> rows = new ArrayList<>();
        String baseline = System.getProperty("bench.baseline", "");
        if (!baseline.isBlank()) {
            Bench.log("scenario S, baseline " + baseline);
            rows.addAll(s.run("baseline", Path.of(baseline), jobs, samples));
        }
        rows.addAll(s.run(THIS, c.jar(), jobs, samples));
        if (Boolean.parseBoolean(System.getProperty("bench.s.postgres", "true"))) {
            Bench.log("scenario S, PostgreSQL");
            rows.addAll(s.runPostgres(THIS_PG, c.jar(), jobs, samples));
        }
        Figures.put(c.out(), LocalDate.now().toString(), figures(rows));
        return markdown(c.scaleName(), jobs, rows, c.machine());
    }

    /** The jar under test's rows on H2; a baseline jar's are for the report only. */
    static final String THIS = "this";

    /** The jar under test's rows on PostgreSQL. */
    static final String THIS_PG = "this, PostgreSQL";

    /** The jar under test's status-read p99 and its worst list-page p99, on H2 and on PostgreSQL. */
    static Map<String, Double> figures(List<Row> rows) {
        Map<String, Double> f = new HashMap<>();
        figures(rows, THIS, "s.h2.", f);
        figures(rows, THIS_PG, "s.pg.", f);
        return f;
    }

    private static void figures(List<Row> rows, String variant, String prefix, Map<String, Double> f) {
        rows.stream()
                .filter(r -> r.variant().equals(variant) && r.query().startsWith("status"))
                .findFirst()
                .ifPresent(r -> f.put(prefix + "status_p99_ms", r.stats().p99()));
        rows.stream()
                .filter(r -> r.variant().equals(variant) && r.query().startsWith("list"))
                .mapToDouble(r -> r.stats().p99())
                .max()
                .ifPresent(p99 -> f.put(prefix + "list_p99_ms", p99));
    }

    static String markdown(String scale, int jobs, List<Row> rows, String machine) {
        StringBuilder md = new StringBuilder("# Scenario S: a store of " + String.format(Locale.ROOT, "%,d", jobs)
                + " finished jobs (" + scale + ", H2 and PostgreSQL)\n\n");
        md.append("Sequential GETs by a bare client, after a warm-up of half as many; ms. Status reads cycle over"
                        + " 200 jobs spread over the table. H2 rows: the service's default file store. PostgreSQL"
                        + " rows: a server of its own on this machine (Debian's binaries, `fsync=off`), filled with"
                        + " the same rows by `generate_series`, then `ANALYZE`. ")
                .append(machine)
                .append("\n\n| Jar | Query | n | p50 | p99 | max |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %.2f | %.2f | %.2f |%n",
                    r.variant(),
                    r.query(),
                    r.stats().count(),
                    r.stats().p50(),
                    r.stats().p99(),
                    r.stats().max()));
        }
        return md.toString();
    }
}
