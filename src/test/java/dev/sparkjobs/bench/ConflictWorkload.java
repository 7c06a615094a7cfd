package dev.sparkjobs.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Scenario E's workload, the same on both sides: {@value #TABLES} Delta tables seeded with
 * {@value #SEED_ROWS} rows in {@value #SEED_FILES} small files each, then {@value #MERGES} MERGE jobs
 * (each upserts {@value #BATCH} existing keys and {@value #BATCH} new ones into one table) and
 * {@value #OPTIMIZES} OPTIMIZE jobs, interleaved in an order fixed by {@value #ORDER_SEED}.
 *
 * <p>Every MERGE touches keys no other MERGE touches, so the expected final state does not depend
 * on the order the jobs commit in: a table that received m MERGEs has {@code SEED_ROWS + BATCH * m}
 * rows, of which {@code 2 * BATCH * m} carry a batch number.
 */
final class ConflictWorkload {

    static final int TABLES = 3;
    static final int MERGES = 24;
    static final int OPTIMIZES = 6;
    static final int SEED_ROWS = 2000;
    static final int SEED_FILES = 40;
    static final int BATCH = 10;
    static final long ORDER_SEED = 42;
    /** Above every seeded key, so each MERGE's inserts are new keys. */
    private static final long NEW_KEYS = 1_000_000;

    /** One job: one statement that writes {@code table}. */
    record Job(int number, int table, boolean merge, String sql) {}

    private ConflictWorkload() {}

    static String table(String prefix, int t) {
        return prefix + "_t" + t;
    }

    /** Creates table {@code t} and writes its seed rows as many small files. */
    static List<String> seed(String prefix, int t) {
        String table = table(prefix, t);
        return List.of(
                "CREATE TABLE " + table + " (k BIGINT, v BIGINT, batch INT) USING delta",
                "INSERT INTO " + table + " SELECT /*+ REPARTITION(" + SEED_FILES + ") */ id AS k, id AS v,"
                        + " -1 AS batch FROM range(0, " + SEED_ROWS + ")");
    }

    /** The MERGE and OPTIMIZE jobs in their submission order. */
    static List<Job> jobs(String prefix) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < MERGES; i++) {
            int t = i % TABLES;
            long updated = (long) (i / TABLES) * BATCH; // disjoint per MERGE of one table
            long inserted = NEW_KEYS + (long) i * BATCH;
            String source = "SELECT id AS k, id * 7 AS v, " + i + " AS batch FROM range(" + updated + ", "
                    + (updated + BATCH) + ") UNION ALL SELECT id AS k, id * 7 AS v, " + i + " AS batch FROM range("
                    + inserted + ", " + (inserted + BATCH) + ")";
            jobs.add(new Job(
                    i,
                    t,
                    true,
                    "MERGE INTO " + table(prefix, t) + " AS x USING (" + source + ") AS s ON x.k = s.k"
                            + " WHEN MATCHED THEN UPDATE SET v = s.v, batch = s.batch WHEN NOT MATCHED THEN INSERT *"));
        }
        for (int i = 0; i < OPTIMIZES; i++) {
            jobs.add(new Job(MERGES + i, i % TABLES, false, "OPTIMIZE " + table(prefix, i % TABLES)));
        }
        Collections.shuffle(jobs, new Random(ORDER_SEED));
        return jobs;
    }

    /** Row count and rows carrying a batch number, in that order. */
    static String check(String prefix, int t) {
        return "SELECT count(*) AS n, count_if(batch >= 0) AS touched FROM " + table(prefix, t);
    }

    static long expectedRows(int merges) {
        return SEED_ROWS + (long) BATCH * merges;
    }

    static long expectedTouched(int merges) {
        return 2L * BATCH * merges;
    }

    /** MERGEs the workload sends to table {@code t}. */
    static int mergesInto(int t) {
        return (int) java.util.stream.IntStream.range(0, MERGES)
                .filter(i -> i % TABLES == t)
                .count();
    }
}
