package dev.sparkjobs.bench;

import dev.sparkjobs.support.Api;
import dev.sparkjobs.support.ServiceJar;
import java.io.IOException;
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

    /** The service's JVM flags in every scenario: the JVM's defaults (G1, 200 ms pause target). */
    static final List<String> DEFAULT_JVM = List.of();

    /** A 20 ms G1 pause target: compared with the defaults in scenario B. */
    static final List<String> SHORT_GC_PAUSES = List.of("-XX:MaxGCPauseMillis=20");

    static ServiceProcess start(Path jar, Path dir, Path log, String... settings) throws Exception {
        return start(jar, dir, log, DEFAULT_JVM, settings);
    }

    static ServiceProcess start(Path jar, Path dir, Path log, List<String> jvmFlags, String... settings)
            throws Exception {
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx4g");
        jvm.addAll(jvmFlags);
        // e.g. -Dbench.service.jvm=-XX:StartFlightRecording=filename=target/bench/jfr/,settings=profile
        String extra = System.getProperty("bench.service.jvm", "");
        if (!extra.isBlank()) {
            jvm.addAll(List.of(extra.trim().split("\\s+")));
        }
        List<String> all = new ArrayList<>();
        all.add("--logging.level.dev.sparkjobs=WARN");
        // scenario B holds slots with reflect('java.lang.Thread', 'sleep', ...)
        all.add("--jobservice.security.sql.defaults.allow-reflection=true");
        all.addAll(List.of(settings));
        ServiceJar started = ServiceJar.start(jar, dir, log, ServiceJar.freePort(), jvm, all);
        return new ServiceProcess(started.process, started.port, started.readyMillis);
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

    /**
     * Bytes the service has allocated since it started: a full GC first, so the young generation's
     * allocations so far are counted in {@code jvm.gc.memory.allocated}.
     */
    long allocatedBytes() throws Exception {
        Proc.run("jcmd", Long.toString(process.pid()), "GC.run");
        return (long) api.get("/actuator/metrics/jvm.gc.memory.allocated")
                .body()
                .path("measurements")
                .get(0)
                .path("value")
                .asDouble();
    }

    /** The service JVM's JIT time and compiles so far. */
    Proc.Jit jit() throws Exception {
        return Proc.jit(process.pid());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
