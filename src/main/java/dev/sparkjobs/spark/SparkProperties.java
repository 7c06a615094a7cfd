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
 * @param shipJars whether the driver serves executors the jars they need (Delta, JDBC drivers, the
 *     service's classes) through {@code spark.jars}; unset = on for every master but {@code local}
 */
@ConfigurationProperties("jobservice.spark")
public record SparkProperties(
        @DefaultValue("local[*]") String master,
        @DefaultValue("spark-job-service") String appName,
        Map<String, String> conf,
        Boolean shipJars) {

    /** The driver's RPC port with a cluster master: the image exposes it, the chart's Service names it. */
    public static final int DRIVER_PORT = 7078;

    /** The driver's block-manager port with a cluster master. */
    public static final int BLOCK_MANAGER_PORT = 7079;

    public SparkProperties {
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }

    /** Ship jars when asked to, else whenever executors are JVMs of their own. */
    public boolean shipsJars() {
        return shipJars != null ? shipJars : !SparkConfiguration.isLocal(master);
    }
}
