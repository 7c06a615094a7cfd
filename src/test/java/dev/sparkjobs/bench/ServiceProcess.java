package dev.sparkjobs.bench;

import dev.sparkjobs.support.Api;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The service started the way users start it: {@code java -jar}, on 127.0.0.1, its own data dir. */
final class ServiceProcess implements AutoCloseable {

    final Process process;
    final Api api;
    final long readyMillis;
    final int port;

    private ServiceProcess(Process process, int port, long readyMillis) {
        this.process = process;
        this.port = port;
        this.api = new Api(port);
        this.readyMillis = readyMillis;
    }

    /** The JVM flags the README recommends for the service: a 20 ms G1 pause target. */
    static final List<String> RECOMMENDED_JVM = List.of("-XX:MaxGCPauseMillis=20");

    static ServiceProcess start(Path jar, Path dir, Path log, String... settings) throws Exception {
        return start(jar, dir, log, RECOMMENDED_JVM, settings);
    }

    static ServiceProcess start(Path jar, Path dir, Path log, List<String> jvmFlags, String... settings)
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx4g");
        cmd.addAll(jvmFlags);
        // e.g. -Dbench.service.jvm=-XX:StartFlightRecording=filename=target/bench/jfr/,settings=profile
        String extra = System.getProperty("bench.service.jvm", "");
        if (!extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("--server.port=" + port);
        cmd.add("--jobservice.data-dir=" + dir);
        cmd.add("--jobservice.spark.master=local[2]");
        cmd.add("--jobservice.spark.conf.spark.ui.enabled=false");
        cmd.add("--jobservice.spark.conf.spark.driver.host=127.0.0.1");
        cmd.add("--logging.level.dev.sparkjobs=WARN");
        cmd.addAll(List.of(settings));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        long t0 = System.nanoTime();
        Process p = pb.start();
        Api api = new Api(port);
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("service died at start-up, see " + log);
            }
            try {
                if (api.get("/actuator/health/readiness").status() == 200) {
                    break;
                }
            } catch (RuntimeException notYet) {
                // connection refused until the web server is up
            }
            Thread.sleep(50);
            if (System.nanoTime() - t0 > 180_000_000_000L) {
                p.destroyForcibly();
                throw new IllegalStateException("service not ready in 180 s, see " + log);
            }
        }
        return new ServiceProcess(p, port, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Polls until the job is in {@code state}. */
    void awaitState(String id, String state) throws InterruptedException {
        while (!api.state(id).equals(state)) {
            Thread.sleep(2);
        }
    }

    /** Milliseconds between two timestamps of a job, e.g. submittedAt and startedAt. */
    static double millisBetween(tools.jackson.databind.JsonNode job, String from, String to) {
        return java.time.Duration.between(
                                java.time.Instant.parse(job.path(from).asString()),
                                java.time.Instant.parse(job.path(to).asString()))
                        .toNanos()
                / 1e6;
    }

    long cpuMillis() throws IOException {
        return Proc.cpuMillis(process.pid());
    }

    long peakRssKb() throws IOException {
        return Proc.peakRssKb(process.pid());
    }

    /** Heap in use after a full GC, in bytes. */
    long heapAfterGc() throws Exception {
        Proc.run("jcmd", Long.toString(process.pid()), "GC.run");
        return heapUsed();
    }

    long heapUsed() {
        return (long) api.get("/actuator/metrics/jvm.memory.used?tag=area:heap")
                .body()
                .path("measurements")
                .get(0)
                .path("value")
                .asDouble();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
