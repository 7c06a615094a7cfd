package dev.sparkjobs.spark;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where the service keeps its files: the Delta warehouse, the H2 database, Spark's scratch. */
@ConfigurationProperties("jobservice")
public record DataDirProperties(@DefaultValue("./data") Path dataDir) {

    public Path warehouse() {
        return dataDir.resolve("warehouse").toAbsolutePath().normalize();
    }

    public Path sparkScratch() {
        return dataDir.resolve("spark").toAbsolutePath().normalize();
    }
}
