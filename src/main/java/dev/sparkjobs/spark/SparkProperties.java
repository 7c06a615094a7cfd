package dev.sparkjobs.spark;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded driver.
 *
 * @param master Spark master URL: {@code local[*]}, {@code spark://host:7077}, {@code k8s://...},
 *     {@code yarn}
 * @param appName the application name shown by the cluster manager
 * @param conf any Spark setting, e.g. {@code spark.sql.shuffle.partitions}; wins over our defaults
 */
@ConfigurationProperties("jobservice.spark")
public record SparkProperties(
        @DefaultValue("local[*]") String master,
        @DefaultValue("spark-job-service") String appName,
        Map<String, String> conf) {

    public SparkProperties {
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }
}
