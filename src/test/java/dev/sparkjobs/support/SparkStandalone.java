package dev.sparkjobs.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Spark standalone cluster on 127.0.0.1: a Master and Workers, each a JVM of its own started from
 * Spark's classes on this JVM's class path, and executors the workers launch as JVMs of their own.
 *
 * <p>A worker starts executors with Spark's launcher, which builds their class path from {@code
 * $SPARK_HOME/conf} and {@code $SPARK_HOME/jars/*} (the {@code jars} directory of a distribution)
 * and needs the Scala version ({@code SPARK_SCALA_VERSION}) when the home is no Spark build. The home
 * made here links the class path's jars into {@code jars/}, except those {@code excluded}: what the
 * service must ship to executors itself is left out, as a Spark distribution lacks it.
 */
public final class SparkStandalone implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL) // the UIs answer /json with a redirect to /json/
            .build();

    /** A worker: its process, the executors it launched, its web UI, its executors' work directory. */
    public record Worker(Process process, int webUiPort, Path workDir, Path log) {

        /** The JVMs this worker launched (its executors), alive now. */
        public List<ProcessHandle> executors() {
            return process.descendants().filter(ProcessHandle::isAlive).toList();
        }

        /** Every executor's stderr under the work directory, joined. */
        public String executorLogs() throws IOException {
            if (!Files.isDirectory(workDir)) {
                return "";
            }
            StringBuilder all = new StringBuilder();
            try (Stream<Path> files = Files.walk(workDir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr"))
                        .sorted()
                        .toList()) {
                    all.append(Files.readString(f));
                }
            }
            return all.toString();
        }
    }

    public final Path home;
    public final int masterPort;
    public final int masterWebUiPort;
    private final Path dir;
    private final List<String> jvmFlags;
    private final Process master;
    private final List<Worker> workers = new ArrayList<>();
    /** Executors of killed workers: stopped at the end should their watcher not have ended them. */
    private final List<ProcessHandle> orphans = new ArrayList<>();

    private SparkStandalone(Path dir, Path home, List<String> jvmFlags, Process master, int port, int webUi) {
        this.dir = dir;
        this.home = home;
        this.jvmFlags = jvmFlags;
        this.master = master;
        this.masterPort = port;
        this.masterWebUiPort = webUi;
    }

    /**
     * Starts a Master and waits for its web UI.
     *
     * @param excluded jar file names kept out of the home's {@code jars/}
     */
    public static SparkStandalone startMaster(Path dir, Predicate<String> excluded) throws IOException {
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        Path jars = Files.createDirectories(home.resolve("jars"));
        // no REST submission server: it would take the fixed port 6066
        Files.writeString(
                Files.createDirectories(home.resolve("conf")).resolve("spark-defaults.conf"),
                "spark.master.rest.enabled false\n");
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            if (name.endsWith(".jar") && Files.isRegularFile(jar) && !excluded.test(name)) {
                Path link = jars.resolve(name);
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, jar.toAbsolutePath());
                }
            }
        }
        // Spark's own module flags, as this JVM got them (pom.xml's jvm.add-opens)
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
                .toList();
        int port = ServiceJar.freePort();
        int webUi = ServiceJar.freePort();
        Process master = launch(
                home,
                flags,
                dir.resolve("master.log"),
                List.of(
                        "org.apache.spark.deploy.master.Master",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(port),
                        "--webui-port",
                        String.valueOf(webUi)));
        SparkStandalone cluster = new SparkStandalone(dir, home, flags, master, port, webUi);
        try {
            await("the Spark master (log: " + dir.resolve("master.log") + ")")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .failFast("the master exited", () -> !master.isAlive())
                    .until(() -> cluster.masterJson().path("status").asString().equals("ALIVE"));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** Starts a worker of 2 cores and 2 GB and waits until the master lists it ALIVE. */
    public Worker startWorker(String name) throws IOException {
        int webUi = ServiceJar.freePort();
        Path workDir = Files.createDirectories(dir.resolve(name + "-work"));
        Path log = dir.resolve(name + ".log");
        Process p = launch(
                home,
                jvmFlags,
                log,
                List.of(
                        "org.apache.spark.deploy.worker.Worker",
                        "--host",
                        "127.0.0.1",
                        "--webui-port",
                        String.valueOf(webUi),
                        "--cores",
                        "2",
                        "--memory",
                        "2g",
                        "--work-dir",
                        workDir.toString(),
                        masterUrl()));
        Worker worker = new Worker(p, webUi, workDir, log);
        workers.add(worker);
        await("worker " + name + " registered with the master (log: " + log + ")")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .failFast("the worker exited", () -> !p.isAlive())
                .until(() -> workerJson(worker).path("masterurl").asString().equals(masterUrl())
                        && aliveWorkers().stream()
                                .anyMatch(w -> w.path("webuiaddress").asString().endsWith(":" + webUi)));
        return worker;
    }

    /** The master's view: {@code workers}, {@code activeapps}, {@code status}. */
    public JsonNode masterJson() throws IOException, InterruptedException {
        return get(masterWebUiPort);
    }

    /** A worker's view: {@code executors} (with {@code appid}), {@code finishedexecutors}. */
    public JsonNode workerJson(Worker worker) throws IOException, InterruptedException {
        return get(worker.webUiPort());
    }

    public List<JsonNode> aliveWorkers() throws IOException, InterruptedException {
        List<JsonNode> alive = new ArrayList<>();
        masterJson().path("workers").forEach(w -> {
            if (w.path("state").asString().equals("ALIVE")) {
                alive.add(w);
            }
        });
        return alive;
    }

    private static JsonNode get(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /json on " + port + ": " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    private static Process launch(Path home, List<String> flags, Path log, List<String> mainAndArgs)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(home.resolve("conf") + File.pathSeparator + home.resolve("jars") + File.separator + "*");
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().remove("SPARK_CONF_DIR");
        return pb.start();
    }

    /** SIGKILL, as a lost machine: the worker's executors learn it from their watcher and exit. */
    public void kill(Worker worker) throws InterruptedException {
        orphans.addAll(worker.process().descendants().toList());
        worker.process().destroyForcibly().waitFor();
    }

    /** Stops every worker, their executors and the master; what does not stop is killed. */
    @Override
    public void close() {
        for (Worker w : workers) {
            List<ProcessHandle> executors = w.process().descendants().toList();
            stop(w.process().toHandle());
            executors.forEach(SparkStandalone::stop);
        }
        orphans.forEach(SparkStandalone::stop);
        stop(master.toHandle());
    }

    private static void stop(ProcessHandle p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            p.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            p.onExit().join();
        }
    }
}
