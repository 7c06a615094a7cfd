package dev.sparkjobs.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A job thread's Spark local properties (job group, tag, FAIR pool, description), carried to the
 * threads a job starts itself, so that their Spark work belongs to the job: cancel stops it, it runs
 * in the job's pool. Captured on the job's thread; applied on a worker in try-with-resources, because
 * pool threads are reused and Spark's local properties are inheritable thread-locals.
 */
public final class SparkThreadProperties {

    /** Set by Spark while a query runs; a worker starts its own queries. */
    private static final String EXECUTION_ID = "spark.sql.execution.id";

    private final SparkContext sparkContext;
    private final Map<String, String> values;

    private SparkThreadProperties(SparkContext sparkContext, Map<String, String> values) {
        this.sparkContext = sparkContext;
        this.values = values;
    }

    /** On the job's thread: its Spark properties now. */
    public static SparkThreadProperties capture(SparkSession spark) {
        SparkContext sc = spark.sparkContext();
        // getLocalProperties is private[spark] in Scala, public in bytecode: the only way to read them all
        Properties current = sc.getLocalProperties();
        Map<String, String> values = new java.util.LinkedHashMap<>();
        if (current != null) {
            for (String key : current.stringPropertyNames()) {
                if (!key.equals(EXECUTION_ID)) {
                    values.put(key, current.getProperty(key));
                }
            }
        }
        return new SparkThreadProperties(sc, Map.copyOf(values));
    }

    /** The captured values, for logs and tests. */
    public Map<String, String> values() {
        return values;
    }

    /** On a worker thread: sets the captured properties until the returned scope is closed. */
    public Applied applyHere() {
        List<String> set = new ArrayList<>();
        Applied applied = new Applied(sparkContext, set);
        try {
            values.forEach((key, value) -> {
                sparkContext.setLocalProperty(key, value);
                set.add(key);
            });
            return applied;
        } catch (RuntimeException e) {
            applied.close();
            throw e;
        }
    }

    /** The properties set on one worker thread; {@link #close} clears them. */
    public static final class Applied implements AutoCloseable {

        private final SparkContext sparkContext;
        private final List<String> keys;

        private Applied(SparkContext sparkContext, List<String> keys) {
            this.sparkContext = sparkContext;
            this.keys = keys;
        }

        @Override
        public void close() {
            keys.forEach(key -> sparkContext.setLocalProperty(key, null));
        }
    }
}
