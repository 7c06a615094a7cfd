package dev.sparkjobs.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * The service started the way users start it: {@code java -jar} on the built jar ({@link #JAR}) or on
 * it extracted as the image runs it ({@link #EXTRACTED}), local Spark on 127.0.0.1, a data directory of
 * its own; ready once {@code /actuator/health/readiness} says UP.
 */
public final class ServiceJar implements AutoCloseable {

    /**
     * JVM flags for a test's service, which spends most of its life starting: loading classes and
     * running code once. C1 alone compiles that sooner, without C2 threads taking the two cores of a
     * CI machine from the start (a start took a third less time with these on a loaded 2-core
     * machine), and the serial collector suits a heap of a GB or two. Not for measurements of the
     * service's speed (the benchmarks keep the JVM's defaults).
     */
    public static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** The jar {@code ./mvnw package} makes, as users start it. */
    public static final Path JAR = Path.of("target", "spark-job-service.jar");

    /**
     * The same jar laid out as the image runs it: extracted ({@code -Djarmode=tools extract}, a plain
     * class path) and started with a class-data-sharing archive of its own start, made on first use
     * and kept while {@link #JAR} is unchanged. A start with it took 7.4–8.0 s where {@link #JAR} took
     * 22–31 s (the context refreshed on {@code local[2]}, {@link #QUICK_START}); for tests about what
     * the service does once up, not about how its jar is packed.
     */
    public static final Path EXTRACTED = Path.of("target", "service-extracted", "spark-job-service.jar");

    public final Process process;
    public final int port;
    public final Api api;
    public final long readyMillis;

    private ServiceJar(Process process, int port, long readyMillis) {
        this.process = process;
        this.port = port;
        this.api = new Api(port);
        this.readyMillis = readyMillis;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@link #QUICK_START} and then {@code flags}, e.g. {@code -Xmx2g}. */
    public static List<String> quickStart(String... flags) {
        List<String> all = new ArrayList<>(QUICK_START);
        all.addAll(List.of(flags));
        return all;
    }

    /**
     * @param jvmFlags flags before {@code -jar}, e.g. {@code -Xmx2g}
     * @param settings {@code --name=value} arguments; one naming a default replaces it
     */
    public static ServiceJar start(
            Path jar, Path dataDir, Path log, int port, List<String> jvmFlags, List<String> settings)
            throws IOException {
        long t0 = System.nanoTime();
        Process p = spawn(jar, dataDir, log, port, jvmFlags, settings);
        Api api = new Api(port);
        try {
            await("readiness of the service on port " + port + " (log: " + log + ")")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions() // connection refused until the web server is up
                    .failFast("the service exited at start-up; see " + log, () -> !p.isAlive())
                    .until(() -> api.get("/actuator/health/readiness").status() == 200);
        } catch (RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
        return new ServiceJar(p, port, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Like {@link #start}, but returns at once without waiting for readiness ({@code readyMillis} -1). */
    public static ServiceJar launch(
            Path jar, Path dataDir, Path log, int port, List<String> jvmFlags, List<String> settings)
            throws IOException {
        return new ServiceJar(spawn(jar, dataDir, log, port, jvmFlags, settings), port, -1);
    }

    private static Process spawn(
            Path jar, Path dataDir, Path log, int port, List<String> jvmFlags, List<String> settings)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvmFlags);
        if (jar.toAbsolutePath().equals(EXTRACTED.toAbsolutePath())) {
            cmd.add("-XX:SharedArchiveFile=" + extracted().toAbsolutePath());
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("--server.port=" + port);
        cmd.add("--jobservice.data-dir=" + dataDir);
        // Spring joins a repeated argument's values with commas rather than taking the last one: a
        // default named again in the settings is left out
        for (String option : List.of(
                "--jobservice.spark.master=local[2]",
                "--jobservice.spark.conf.spark.ui.enabled=false",
                "--jobservice.spark.conf.spark.driver.host=127.0.0.1")) {
            String name = option.substring(0, option.indexOf('=') + 1);
            if (settings.stream().noneMatch(s -> s.startsWith(name))) {
                cmd.add(option);
            }
        }
        cmd.addAll(settings);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Extracts {@link #JAR} into {@link #EXTRACTED}'s directory and writes the archive of a start as
     * the image's build does ({@code docker/entrypoint.sh cds-archive}): the context refreshed once on
     * a scratch data directory, the loaded classes written at exit. Once per build.
     *
     * @return the archive
     */
    private static synchronized Path extracted() throws IOException {
        Path dir = EXTRACTED.toAbsolutePath().getParent();
        Path archive = dir.resolve("app.jsa");
        Path scratch = dir.resolveSibling(dir.getFileName() + ".training");
        Path made = scratch.resolve("made");
        FileTime built = Files.getLastModifiedTime(JAR);
        if (Files.exists(made) && Files.getLastModifiedTime(made).compareTo(built) >= 0) {
            return archive;
        }
        FileSystemUtils.deleteRecursively(dir);
        FileSystemUtils.deleteRecursively(scratch);
        Files.createDirectories(scratch);
        run(
                scratch.resolve("extract.log"),
                List.of(
                        java(),
                        "-Djarmode=tools",
                        "-jar",
                        JAR.toAbsolutePath().toString(),
                        "extract",
                        "--destination",
                        dir.toString()));
        List<String> training = new ArrayList<>(List.of(java()));
        training.addAll(QUICK_START);
        training.addAll(List.of(
                "-Xmx1g",
                "-XX:ArchiveClassesAtExit=" + archive,
                "-Xlog:cds=error",
                "-Xlog:cds+dynamic=error",
                "-Djava.io.tmpdir=" + Files.createDirectories(scratch.resolve("tmp")),
                "-Dspring.context.exit=onRefresh",
                "-jar",
                EXTRACTED.toAbsolutePath().toString(),
                "--server.port=0",
                "--jobservice.data-dir=" + Files.createDirectories(scratch.resolve("data")),
                "--jobservice.spark.master=local[2]",
                "--jobservice.spark.conf.spark.ui.enabled=false",
                "--jobservice.spark.conf.spark.driver.host=127.0.0.1",
                "--jobservice.spark.conf.spark.local.dir=" + Files.createDirectories(scratch.resolve("local"))));
        run(scratch.resolve("training.log"), training);
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            throw new IllegalStateException(
                    "no class-data-sharing archive was written; see " + scratch.resolve("training.log"));
        }
        Files.writeString(made, built.toString());
        return archive;
    }

    private static void run(Path log, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("did not finish within 5 minutes: " + cmd + "; see " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + cmd, e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit " + p.exitValue() + ": " + cmd + "; see " + log);
        }
    }

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /**
     * SIGTERM, as a container stop would, then waits for the exit.
     *
     * @return the exit code
     */
    public int terminate(Duration max) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the service did not exit within " + max + " of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
