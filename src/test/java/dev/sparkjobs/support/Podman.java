package dev.sparkjobs.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Podman as these machines allow it (docs/container.md, "Testing"): a containers.conf without default
 * ulimits, runc, vfs storage and cgroupfs on every call, host networking for builds and containers.
 * No registry is reachable, so the Java 17 base image is made from Debian packages (mmdebstrap) and
 * kept by its tag between runs.
 */
public final class Podman {

    /** The local stand-in for the Dockerfile's default base image, eclipse-temurin:17-jre. */
    public static final String BASE_IMAGE = "localhost/jre17:bookworm";

    private static final List<String> TOOLS = List.of("podman", "runc", "mmdebstrap");
    private static final Path DIR = Path.of("target", "podman").toAbsolutePath();

    /** One command's end: its exit code and what it printed (stdout and stderr together). */
    public record Result(int exit, String output) {

        public Result ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + ":\n" + output);
            }
            return this;
        }
    }

    private Podman() {}

    /**
     * Podman, runc and mmdebstrap must be on the PATH: CI installs them (.ci/run), so there a missing
     * one fails the test; elsewhere the test is skipped.
     */
    public static void requireTools() {
        List<String> missing = TOOLS.stream().filter(t -> !onPath(t)).toList();
        if (missing.isEmpty()) {
            return;
        }
        String message = "needs " + missing + " (apt-get install podman runc mmdebstrap)";
        if (System.getenv("CI") != null) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    /** {@code podman <settings> args...}; at most {@code timeout}, killed after it. */
    public static Result podman(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(
                List.of("podman", "--runtime", "runc", "--storage-driver=vfs", "--cgroup-manager=cgroupfs"));
        cmd.addAll(List.of(args));
        return exec(cmd, timeout);
    }

    public static Result podman(String... args) {
        return podman(Duration.ofMinutes(2), args);
    }

    /**
     * The base image, made once: a Debian bookworm root file system with OpenJDK 17's JRE, imported
     * as {@link #BASE_IMAGE}. A later run finds it by its tag.
     */
    public static String baseImage() throws IOException {
        if (podman("image", "exists", BASE_IMAGE).exit() == 0) {
            return BASE_IMAGE;
        }
        Path tar = DIR.resolve("jre17-bookworm.tar");
        Files.deleteIfExists(tar);
        exec(
                        List.of(
                                "mmdebstrap",
                                "--mode=root",
                                "--variant=apt",
                                "--include=openjdk-17-jre-headless,ca-certificates",
                                // with the man pages left out no package makes man1/, yet the JRE's
                                // postinst links java.1.gz there through update-alternatives
                                "--setup-hook=mkdir -p \"$1/usr/share/man/man1\"",
                                "--dpkgopt=path-exclude=/usr/share/man/*",
                                "--dpkgopt=path-exclude=/usr/share/doc/*",
                                "bookworm",
                                tar.toString(),
                                "http://deb.debian.org/debian"),
                        Duration.ofMinutes(10))
                .ok();
        podman(Duration.ofMinutes(5), "import", tar.toString(), BASE_IMAGE).ok();
        Files.delete(tar);
        return BASE_IMAGE;
    }

    private static Result exec(List<String> cmd, Duration timeout) {
        try {
            Files.createDirectories(DIR);
            Path conf = DIR.resolve("containers.conf");
            // the sandbox may not raise RLIMIT_NOFILE/NPROC, which podman's default ulimits do
            Files.writeString(conf, "[containers]\ndefault_ulimits = []\n");
            Path out = Files.createTempFile(DIR, "out-", ".log");
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("CONTAINERS_CONF", conf.toString());
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(cmd + " took longer than " + timeout + ":\n" + Files.readString(out));
            }
            String output = Files.readString(out);
            Files.delete(out);
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        // root's tools may live in sbin directories that a non-login PATH leaves out
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }
}
