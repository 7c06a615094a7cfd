package dev.sparkjobs.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service started the way users start it: {@code java -jar} on the built jar, local Spark on
 * 127.0.0.1, a data directory of its own; ready once {@code /actuator/health/readiness} says UP.
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
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
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
