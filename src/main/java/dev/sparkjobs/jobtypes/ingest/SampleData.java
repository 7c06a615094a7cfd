package dev.sparkjobs.jobtypes.ingest;

import dev.sparkjobs.spark.DataDirProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Puts the sample the {@code ingest} example reads ({@code <data-dir>/samples/trips.csv}) in place at
 * start-up, unless a file is there already: the example then runs as it is on a fresh service.
 */
@Component
class SampleData {

    private static final Logger log = LoggerFactory.getLogger(SampleData.class);
    private static final String RESOURCE = "/samples/trips.csv";

    private final Path target;

    SampleData(DataDirProperties dirs) {
        this.target = dirs.dataDir().resolve(IngestJobType.SAMPLE_PATH).toAbsolutePath();
    }

    @EventListener(ApplicationReadyEvent.class)
    void install() {
        if (Files.exists(target)) {
            return;
        }
        try (InputStream in = SampleData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target);
            log.info("sample data for the ingest example: {}", target);
        } catch (FileAlreadyExistsException e) {
            // another instance on the same data directory was quicker
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
