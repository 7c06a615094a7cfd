package dev.sparkjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioQTest {

    @TempDir
    Path work;

    @Test
    void aSecondRunStartsFromAnEmptyDataDirectory() throws Exception {
        Path first = ScenarioQ.dataDir(work, "new");
        Files.createDirectories(first.resolve("db"));
        Files.writeString(first.resolve("db/jobs.mv.db"), "queued jobs of the first run");
        Files.writeString(first.resolve("service-restart.log"), "start-up recovery: 100000 jobs queued again\n");

        Path second = ScenarioQ.dataDir(work, "new");

        assertThat(second).isEqualTo(first).isEmptyDirectory();
    }
}
