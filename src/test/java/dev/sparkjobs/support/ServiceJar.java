package dev.sparkjobs.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The service started the way users start it: {@code java -jar} on the built jar, local Spark on
 * 127.0.0.1, a data directory of its own; ready once {@code /actuator/health/readiness} says UP.
 */
public final class ServiceJar implements AutoCloseable {

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

    /**
     * @param jvmFlags flags before {@code -jar}, e.g. {@code -Xmx2g}
     * @param settings {@code --name=value} arguments; one naming a default replaces it
     */
    public static ServiceJar start(
            Path jar, Path dataDir, Path log, int port, List<String> jvmFlags, List<String> settings)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-jar");
        cmd.add(jar.toString());
        // Spring joins repeated arguments with commas rather than letting the last win: a setting given
        // replaces the default of its name instead of following it.
        Stream.of(
                        "--server.port=" + port,
                        "--jobservice.data-dir=" + dataDir,
                        "--jobservice.spark.master=local[2]",
                        "--jobservice.spark.conf.spark.ui.enabled=false",
                        "--jobservice.spark.conf.spark.driver.host=127.0.0.1")
                .filter(d -> settings.stream().noneMatch(s -> s.startsWith(d.substring(0, d.indexOf('=') + 1))))
                .forEach(cmd::add);
        cmd.addAll(settings);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        long t0 = System.nanoTime();
        Process p = pb.start();
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
