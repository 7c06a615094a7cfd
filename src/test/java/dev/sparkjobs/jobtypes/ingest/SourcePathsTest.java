package dev.sparkjobs.jobtypes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcePathsTest {

    @TempDir
    Path tmp;

    Path dataDir;
    Path outside;
    SourcePaths defaults;

    @BeforeEach
    void dirs() throws IOException {
        dataDir = Files.createDirectories(tmp.resolve("data")).toRealPath();
        outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
        Files.writeString(outside.resolve("s.txt"), "secret");
        for (String dir : List.of("landing/in", "samples", "warehouse/a.db/t", "db", "spark", "plugins")) {
            Files.createDirectories(dataDir.resolve(dir));
        }
        Files.writeString(dataDir.resolve("landing/in/a.csv"), "a\n1\n");
        Files.writeString(dataDir.resolve("db/jobservice.mv.db"), "store");
        defaults = new SourcePaths(List.of(), dataDir);
    }

    @Test
    void escapesCannotClimbOutOfTheRoots() {
        for (String path : List.of(
                "landing/x/\\.\\./\\.\\./\\.\\./outside/s.txt",
                "landing/\\.\\./\\.\\./\\.\\./etc/passwd",
                "landing/.\\./.\\./.\\./etc/passwd",
                "landing/in/\\.\\./\\.\\./\\.\\./outside/*",
                dataDir + "/landing/\\.\\./\\.\\./outside/s.tx[t]",
                "landing/%5C.%5C./%5c.%5c./etc/passwd",
                "landing/in\\/a.csv")) {
            assertThat(defaults.allows(path)).as(path).isFalse();
        }
    }

    @Test
    void globsThatCouldMakeDotDotOrASlashAreRefused() {
        for (String path : List.of(
                "landing/[.][.]/[.][.]/outside/s.txt",
                "landing/in/*/[!a]./x",
                "landing/in/*/[^a]./x",
                "landing/in/*/[+-0]./x",
                "landing/in{/.,}./{/.,}./outside/*",
                "landing/in/{a/../../..}/x")) {
            assertThat(defaults.allows(path)).as(path).isFalse();
        }
        for (String path :
                List.of("landing/in/*.csv", "landing/in/[a-c].csv", "landing/{in,out}/*.csv", "landing/in/?.csv")) {
            assertThat(defaults.allows(path)).as(path).isTrue();
        }
    }

    @Test
    void byDefaultOnlyLandingAndSamplesAreReadable() {
        assertThat(defaults.allows("landing/in/a.csv")).isTrue();
        assertThat(defaults.allows("samples/trips.csv")).isTrue();
        assertThat(defaults.allows(dataDir + "/landing/in")).isTrue();
        for (String path : List.of(
                "warehouse/a.db/t",
                "db/jobservice.mv.db",
                "spark/x",
                "plugins/p.jar",
                "x.csv",
                ".",
                "*/jobservice.mv.db",
                "/etc/passwd")) {
            assertThat(defaults.allows(path)).as(path).isFalse();
        }
        assertThat(defaults.describe())
                .containsExactly(
                        dataDir.resolve("landing").toString(),
                        dataDir.resolve("samples").toString());
    }

    @Test
    void theServicesOwnDirectoriesStayUnreadableUnderAWiderRoot() {
        SourcePaths wide = new SourcePaths(List.of(dataDir.toString()), dataDir);
        assertThat(wide.allows("landing/in/a.csv")).isTrue();
        assertThat(wide.allows("other/x.csv")).isTrue();
        for (String path : List.of("warehouse/a.db/t", "db/jobservice.mv.db", "spark", "plugins/x", ".", "d*/x")) {
            assertThat(wide.allows(path)).as(path).isFalse();
        }
        // a glob at the top matches service directories: refused when it is expanded
        assertThatThrownBy(() -> wide.expand("*", new Configuration()))
                .isInstanceOf(SecurityException.class)
                .hasMessageContaining("outside the directories ingest may read");
        assertThatThrownBy(() -> wide.expand("d?/*", new Configuration())).isInstanceOf(SecurityException.class);
    }

    @Test
    void aGlobIsExpandedAndEveryMatchCheckedWithLinksResolved() throws IOException {
        Files.writeString(dataDir.resolve("landing/in/b.csv"), "a\n2\n");
        Files.writeString(dataDir.resolve("landing/in/[x].csv"), "a\n3\n");
        assertThat(defaults.expand("landing/in/*.csv", new Configuration()))
                .containsExactlyInAnyOrder(
                        "file:" + dataDir + "/landing/in/a.csv",
                        "file:" + dataDir + "/landing/in/b.csv",
                        "file:" + dataDir + "/landing/in/\\[x\\].csv");
        assertThat(defaults.expand("landing/in/nothing-*.csv", new Configuration()))
                .isEmpty();

        Files.createSymbolicLink(dataDir.resolve("landing/lnk"), outside);
        assertThat(defaults.allows("landing/lnk/s.txt"))
                .as("a plain path is resolved")
                .isFalse();
        assertThat(defaults.allows("landing/ln*/s.txt"))
                .as("the prefix is inside")
                .isTrue();
        assertThatThrownBy(() -> defaults.expand("landing/ln*/s.txt", new Configuration()))
                .isInstanceOf(SecurityException.class)
                .hasMessageContaining("landing/lnk/s.txt");
        assertThatThrownBy(() -> defaults.expand("landing/*", new Configuration()))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> defaults.expand("landing/x/\\.\\./\\.\\./\\.\\./outside/s.txt", new Configuration()))
                .isInstanceOf(SecurityException.class);
    }
}
