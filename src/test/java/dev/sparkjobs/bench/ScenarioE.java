package dev.sparkjobs.bench;

import dev.sparkjobs.support.Api;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Delta conflicts: the {@link ConflictWorkload} through the service (sql jobs whose writes it reads
 * off the statements, so conflicting ones wait for each other, and a conflict that slips through is
 * retried) and on a raw thread pool of the same concurrency on one warm session ({@link ConflictJob}).
 */
final class ScenarioE {

    /** What one side did. Per-table arrays are indexed by table number. */
    record Side(
            String name,
            long wallMs,
            long cpuMs,
            int succeeded,
            int failedByConflict,
            Map<String, Integer> conflictTypes,
            int failedOtherwise,
            int conflictRetries,
            long[] rows,
            long[] touched,
            int[] mergesApplied,
            String note) {

        /** Whether every table holds what the MERGEs that succeeded should have produced. */
        boolean consistent() {
            for (int t = 0; t < rows.length; t++) {
                if (rows[t] != ConflictWorkload.expectedRows(mergesApplied[t])
                        || touched[t] != ConflictWorkload.expectedTouched(mergesApplied[t])) {
                    return false;
                }
            }
            return true;
        }

        /** MERGEs whose upserts are not in the tables: failed jobs lose theirs. */
        int upsertsLost() {
            int lost = 0;
            for (int t = 0; t < mergesApplied.length; t++) {
                lost += ConflictWorkload.mergesInto(t) - mergesApplied[t];
            }
            return lost;
        }
    }

    /** Both sides of one run. */
    record Result(int concurrency, Side service, Side raw) {}

    private static final String PREFIX = "conflict_svc";
    private final Path work;
    private final Path jar;

    ScenarioE(Path work, Path jar) {
        this.work = work;
        this.jar = jar;
    }

    Result run(int concurrency) throws Exception {
        Side raw = raw(concurrency);
        Side service = service(concurrency);
        return new Result(concurrency, service, raw);
    }

    private Side raw(int threads) throws Exception {
        Path dir = Bench.fresh(work.resolve("e-raw-" + threads));
        Map<String, Long> r = Proc.runForBenchLine(
                Proc.java(
                        "-Xmx4g", ConflictJob.class.getName(), dir.resolve("wh").toString(), Integer.toString(threads)),
                dir.resolve("run.log"));
        Map<String, Integer> types = new TreeMap<>();
        int conflicts = 0;
        int other = 0;
        for (var e : r.entrySet()) {
            if (e.getKey().startsWith("conflict_")) {
                conflicts += e.getValue().intValue();
                types.merge(
                        e.getKey().replaceFirst("conflict_\\w+?_", ""),
                        e.getValue().intValue(),
                        Integer::sum);
            } else if (e.getKey().startsWith("failed_")) {
                other += e.getValue().intValue();
            }
        }
        long[] rows = new long[ConflictWorkload.TABLES];
        long[] touched = new long[ConflictWorkload.TABLES];
        int[] applied = new int[ConflictWorkload.TABLES];
        for (int t = 0; t < rows.length; t++) {
            rows[t] = r.get("rows_t" + t);
            touched[t] = r.get("touched_t" + t);
            applied[t] = r.get("merges_ok_t" + t).intValue();
        }
        int jobs = ConflictWorkload.MERGES + ConflictWorkload.OPTIMIZES;
        return new Side(
                "raw ThreadPoolExecutor(" + threads + "), one warm session",
                r.get("jobs_ms"),
                r.get("jobs_cpu_ms"),
                jobs - conflicts - other,
                conflicts,
                types,
                other,
                0,
                rows,
                touched,
                applied,
                "session start " + r.get("session_ms") + " ms and seeding " + r.get("seed_ms") + " ms not counted");
    }

    private Side service(int maxRunning) throws Exception {
        Path dir = Bench.fresh(work.resolve("e-service-" + maxRunning));
        try (ServiceProcess svc = ServiceProcess.start(
                jar, dir, dir.resolve("service.log"), "--jobservice.admission.max-running=" + maxRunning)) {
            List<String> seeds = new ArrayList<>();
            for (int t = 0; t < ConflictWorkload.TABLES; t++) {
                seeds.add(svc.api.submitOk(
                        Api.statementsJob(ConflictWorkload.seed(PREFIX, t).toArray(String[]::new))));
            }
            seeds.forEach(id -> succeeded(svc, id, dir));

            List<ConflictWorkload.Job> jobs = ConflictWorkload.jobs(PREFIX);
            long cpu0 = svc.cpuMillis();
            long t0 = System.nanoTime();
            List<String> ids = new ArrayList<>();
            for (ConflictWorkload.Job job : jobs) {
                ids.add(svc.api.submitOk(sql(job.sql())));
            }
            List<JsonNode> ended = new ArrayList<>();
            for (String id : ids) {
                ended.add(finalState(svc, id));
            }
            long wall = (System.nanoTime() - t0) / 1_000_000;
            long cpu = svc.cpuMillis() - cpu0;

            int ok = 0;
            int conflicts = 0;
            int other = 0;
            int retries = 0;
            Map<String, Integer> types = new TreeMap<>();
            int[] applied = new int[ConflictWorkload.TABLES];
            for (int i = 0; i < jobs.size(); i++) {
                JsonNode job = ended.get(i);
                for (JsonNode attempt : job.path("attempts")) {
                    if (attempt.path("outcome").asString().equals("DELTA_CONFLICT")) {
                        retries++;
                        types.merge(conflictName(attempt.path("error")), 1, Integer::sum);
                    }
                }
                if (job.path("state").asString().equals("SUCCEEDED")) {
                    ok++;
                    if (jobs.get(i).merge()) {
                        applied[jobs.get(i).table()]++;
                    }
                } else if (job.path("error").path("type").asString().equals("DELTA_CONFLICT")) {
                    conflicts++;
                    types.merge(conflictName(job.path("error")), 1, Integer::sum);
                } else {
                    other++;
                    Bench.log("service job " + job.path("id").asString() + " ended " + job);
                }
            }
            long[] rows = new long[ConflictWorkload.TABLES];
            long[] touched = new long[ConflictWorkload.TABLES];
            for (int t = 0; t < rows.length; t++) {
                JsonNode row = succeeded(svc, svc.api.submitOk(sql(ConflictWorkload.check(PREFIX, t))), dir)
                        .path("result")
                        .path("rows")
                        .get(0);
                rows[t] = row.get(0).asLong();
                touched[t] = row.get(1).asLong();
            }
            return new Side(
                    "service over HTTP, max-running " + maxRunning,
                    wall,
                    cpu,
                    ok,
                    conflicts,
                    types,
                    other,
                    retries,
                    rows,
                    touched,
                    applied,
                    "service ready in " + svc.readyMillis + " ms and seeding not counted");
        }
    }

    private static String sql(String statement) {
        return Api.json(Map.of("type", "sql", "params", Map.of("sql", statement)));
    }

    /** Delta's exception name in the recorded message (ConcurrentAppendException), else its error class. */
    private static String conflictName(JsonNode error) {
        String message = error.path("message").asString("");
        for (String pattern : List.of("(\\w*(?:Concurrent|Changed)\\w*Exception)", "\\[(DELTA_[A-Z_]+)")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern).matcher(message);
            if (m.find()) {
                return m.group(1);
            }
        }
        return "DELTA_CONFLICT";
    }

    private static JsonNode finalState(ServiceProcess svc, String id) {
        JsonNode job;
        do {
            job = svc.api.awaitFinal(id);
        } while (List.of("QUEUED", "RUNNING").contains(job.path("state").asString()));
        return job;
    }

    private static JsonNode succeeded(ServiceProcess svc, String id, Path dir) {
        JsonNode job = finalState(svc, id);
        if (!job.path("state").asString().equals("SUCCEEDED")) {
            throw new IllegalStateException("job " + id + " ended " + job + ", see " + dir);
        }
        return job;
    }
}
