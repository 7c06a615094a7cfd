package dev.sparkjobs.jobtypes.plugins;

import dev.sparkjobs.jobtypes.JobTypeSource;
import dev.sparkjobs.spark.DataDirProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the plug-ins at start-up and offers them to the job type registry. */
@Configuration(proxyBeanMethods = false)
class PluginConfiguration {

    /**
     * Every plug-in jar is also added to Spark before any of its types can run: code a plug-in hands
     * to Spark tasks (a UDF, a {@code mapPartitions} function) is loaded by the executors from the jars
     * Spark serves them, also by the local mode's executor in this JVM. The class loaders stay open as
     * long as the process: Spark and the types may load classes from them until it ends.
     */
    @Bean
    JobTypeSource pluginJobTypes(PluginProperties properties, DataDirProperties dirs, SparkSession spark) {
        List<PluginJobType<?>> plugins =
                new PluginLoader(PluginConfiguration.class.getClassLoader()).load(properties.dir(dirs));
        plugins.stream()
                .map(PluginJobType::jar)
                .flatMap(Optional::stream)
                .map(Path::toUri)
                .distinct()
                .forEach(jar -> spark.sparkContext().addJar(jar.toString()));
        return () -> List.copyOf(plugins);
    }
}
