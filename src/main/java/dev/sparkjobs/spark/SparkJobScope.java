package dev.sparkjobs.spark;

import org.apache.spark.SparkContext;

/**
 * Owns the Spark thread-local properties of one job on its worker thread: opened before the work,
 * closed in {@code finally}. Pool threads are reused and Spark's local properties are inheritable,
 * so nothing set here may outlive the job.
 */
public final class SparkJobScope implements AutoCloseable {

    static final String POOL_PROPERTY = "spark.scheduler.pool";

    private final SparkContext sparkContext;

    private SparkJobScope(SparkContext sparkContext) {
        this.sparkContext = sparkContext;
    }

    static SparkJobScope open(SparkContext sc, String group, String tag, String pool, String description) {
        SparkJobScope scope = new SparkJobScope(sc);
        try {
            sc.setJobGroup(group, description, true);
            sc.addJobTag(tag);
            sc.setLocalProperty(POOL_PROPERTY, pool);
            return scope;
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
    }

    @Override
    public void close() {
        sparkContext.clearJobGroup();
        sparkContext.clearJobTags();
        sparkContext.setLocalProperty(POOL_PROPERTY, null);
    }
}
