package dev.sparkjobs.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathRootsTest {

    @TempDir
    Path dir;

    Path warehouse;
    Path cwd;
    PathRoots roots;

    @BeforeEach
    void roots() throws IOException {
        warehouse = Files.createDirectories(dir.resolve("warehouse")).toRealPath();
        cwd = Files.createDirectories(dir.resolve("cwd")).toRealPath();
        roots = PathRoots.of(List.of(warehouse.toString()), List.of(cwd, warehouse));
    }

    @Test
    void theRootAndWhatLiesBeneathAreInside() {
        assertThat(roots.contains(warehouse.toString())).isTrue();
        assertThat(roots.contains(warehouse + "/")).as("trailing slash").isTrue();
        assertThat(roots.contains(warehouse + "/t")).isTrue();
        assertThat(roots.contains(warehouse + "/db.db/t/")).isTrue();
        assertThat(roots.contains(warehouse + "//t")).as("doubled slash").isTrue();
    }

    @Test
    void fileUrisAreLocalPaths() {
        assertThat(roots.contains("file://" + warehouse + "/t")).isTrue();
        assertThat(roots.contains("file:" + warehouse + "/t")).isTrue();
        assertThat(roots.contains("FILE://localhost" + warehouse + "/t")).isTrue();
        assertThat(roots.contains("file:///etc/passwd")).isFalse();
        assertThat(roots.contains("file://otherhost" + warehouse + "/t"))
                .as("a remote host")
                .isFalse();
        assertThat(roots.contains("file:relative")).as("an opaque URI").isFalse();
    }

    @Test
    void dotDotCannotLeaveARoot() {
        assertThat(roots.contains(warehouse + "/../x")).isFalse();
        assertThat(roots.contains(warehouse + "/t/../../x")).isFalse();
        assertThat(roots.contains(warehouse + "/t/../u")).isTrue();
        assertThat(roots.contains("file://" + warehouse + "/../x")).isFalse();
    }

    @Test
    void aSiblingWithTheRootAsPrefixIsOutside() {
        assertThat(roots.contains(warehouse + "-evil")).isFalse();
        assertThat(roots.contains(warehouse + "-evil/t")).isFalse();
        assertThat(roots.contains(warehouse + "evil")).isFalse();
    }

    @Test
    void percentEncodingIsCheckedBothWays() {
        assertThat(roots.contains(warehouse + "/%2e%2e/x"))
                .as("decoded it is ..")
                .isFalse();
        assertThat(roots.contains(warehouse + "/a%20b")).isTrue();
    }

    @Test
    void aSymbolicLinkOutOfARootIsOutside() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(warehouse.resolve("link"), outside);
        Files.createSymbolicLink(warehouse.resolve("dangling"), dir.resolve("nowhere"));
        assertThat(roots.contains(warehouse + "/link/t")).isFalse();
        assertThat(roots.contains(warehouse + "/link")).isFalse();
        assertThat(roots.contains(warehouse + "/dangling/t"))
                .as("a link to nowhere")
                .isFalse();
    }

    @Test
    void aRootGivenThroughALinkIsCompared() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("wh-link"), warehouse);
        PathRoots viaLink = PathRoots.of(List.of(link.toString()), List.of(cwd));
        assertThat(viaLink.contains(warehouse + "/t")).isTrue();
        assertThat(viaLink.contains(link + "/t")).isTrue();
    }

    @Test
    void aRelativePathIsInsideOnlyIfItIsFromEveryBase() {
        assertThat(roots.contains("t")).as("cwd/t is outside").isFalse();
        PathRoots cwdInside = PathRoots.of(List.of(dir.toString()), List.of(cwd, warehouse));
        assertThat(cwdInside.contains("t"))
                .as("inside from cwd and from the warehouse")
                .isTrue();
        assertThat(cwdInside.contains("../../x")).isFalse();
    }

    @Test
    void otherFileSystemsMatchSchemeAndAuthority() {
        PathRoots s3 = PathRoots.of(List.of("s3a://Bucket/data", warehouse.toString()), List.of(cwd));
        assertThat(s3.contains("s3a://bucket/data/x")).isTrue();
        assertThat(s3.contains("S3A://bucket/data/x/../y")).isTrue();
        assertThat(s3.contains("s3a://bucket/data/../x")).isFalse();
        assertThat(s3.contains("s3a://other/data/x")).isFalse();
        assertThat(s3.contains("hdfs://bucket/data/x")).isFalse();
        assertThat(roots.contains("hdfs://nn" + warehouse + "/t"))
                .as("not the local file system")
                .isFalse();
    }

    @Test
    void whatIsNoPathIsOutside() {
        assertThat(roots.contains(null)).isFalse();
        assertThat(roots.contains("")).isFalse();
        assertThat(roots.contains("  ")).isFalse();
        assertThat(roots.contains(warehouse + "/t\0")).isFalse();
        assertThat(roots.contains("s3a://bad host/x")).isFalse();
        assertThat(roots.contains(warehouse + "/%zz")).as("a broken escape").isFalse();
    }

    @Test
    void describesTheRootsAsCompared() {
        assertThat(roots.describe()).containsExactly(warehouse.toString());
    }
}
