package dev.sparkjobs.jobtypes.plugins;

import dev.sparkjobs.spark.DataDirProperties;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where plug-in jars are read from at start-up.
 *
 * @param dir every {@code *.jar} in it is loaded, each with a class loader of its own; unset means
 *     {@code <data-dir>/plugins}; a directory that does not exist means no plug-ins
 */
@ConfigurationProperties("jobservice.plugins")
public record PluginProperties(Path dir) {

    /** {@link #dir()}, or the default beneath the data directory. */
    public Path dir(DataDirProperties dirs) {
        Path chosen = dir != null ? dir : dirs.dataDir().resolve("plugins");
        return chosen.toAbsolutePath().normalize();
    }
}
