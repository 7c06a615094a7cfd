package dev.sparkjobs.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The session's state. DOWN once the SparkContext has stopped, e.g. after a cluster lost every
 * executor and Spark gave up, while the web server itself still answers.
 */
@Component("spark")
class SparkHealthIndicator extends AbstractHealthIndicator {

    private final SparkSession session;

    SparkHealthIndicator(SparkSession session) {
        this.session = session;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        SparkContext sc = session.sparkContext();
        builder.withDetail("master", sc.master())
                .withDetail("applicationId", sc.applicationId())
                .withDetail("sparkVersion", sc.version());
        if (sc.isStopped()) {
            builder.down().withDetail("reason", "SparkContext is stopped");
        } else {
            builder.up().withDetail("defaultParallelism", sc.defaultParallelism());
        }
    }
}
