package dev.sparkjobs.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command lines {@code docker/entrypoint.sh} builds, run by bash with a fake {@code java} first on
 * the PATH that prints its working directory and arguments instead of starting a JVM.
 */
class EntrypointTest {

    private static final String APP_JAR = "/app/spark-job-service.jar";

    @TempDir
    Path tmp;

    /** Where the script starts, as WORKDIR /app: read-only, like the image's for uid 10001. */
    private Path start;

    /** TMPDIR of the script, so that what mktemp makes can be seen and must be gone afterwards. */
    private Path scratchRoot;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void fakeJava() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(
                java,
                """
                #!/bin/bash
                echo "cwd=$(pwd -P)"
                [ -w . ] && echo writable
                for a in "$@"; do
                  echo "arg=$a"
                  v=${a#*=}
                  if [ "$v" != "$a" ] && [ -d "$v" ]; then echo "dir=$v"; fi
                done
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        start = Files.createDirectories(tmp.resolve("app"));
        scratchRoot = Files.createDirectories(tmp.resolve("scratch")).toRealPath();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("TMPDIR", scratchRoot.toString());
        env.put("SPARK_EXECUTOR_MEMORY", "1g");
        env.put("SPARK_DRIVER_URL", "spark://CoarseGrainedScheduler@driver:7078");
        env.put("SPARK_EXECUTOR_ID", "3");
        env.put("SPARK_EXECUTOR_CORES", "2");
        env.put("SPARK_APPLICATION_ID", "spark-app-1");
        env.put("SPARK_EXECUTOR_POD_IP", "10.0.0.7");
        env.put("SPARK_RESOURCE_PROFILE_ID", "0");
        env.put("SPARK_EXECUTOR_POD_NAME", "exec-3");
    }

    @Test
    void theExecutorRunsInTheFirstSparkLocalDirWhereItCanWriteTheFilesTheDriverSends() throws Exception {
        Path first = Files.createDirectories(tmp.resolve("local1")).toRealPath();
        Path second = Files.createDirectories(tmp.resolve("local2"));
        env.put("SPARK_LOCAL_DIRS", first + "," + second);

        Run run = run("executor");

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.cwd()).isEqualTo(first);
        assertThat(run.output).contains("writable");
    }

    @Test
    void withoutSparkLocalDirsTheExecutorRunsInAFreshWritableTemporaryDirectory() throws Exception {
        Run run = run("executor");

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.cwd()).isNotEqualTo(start.toRealPath()).hasParentRaw(scratchRoot);
        assertThat(run.output).contains("writable");
    }

    @Test
    void theExecutorClassPathIsTheApplicationJarWhoseManifestListsLibInMavenOrder() throws Exception {
        Run run = run("executor");

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.after("-cp")).isEqualTo(APP_JAR);
        assertThat(run.args.get(run.args.size() - 15))
                .as("the backend's class follows the class path")
                .isEqualTo("org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend");
    }

    @Test
    void sparkClassPathComesFirstAfterTheConfigurationDirectoriesAsInSparksOwnImage() throws Exception {
        env.put("SPARK_CONF_DIR", "/opt/conf");
        env.put("HADOOP_CONF_DIR", "/opt/hadoop");
        env.put("SPARK_CLASSPATH", "/opt/extra/a.jar:/opt/extra/b.jar");
        env.put("SPARK_EXTRA_CLASSPATH", "/opt/last/*");

        Run run = run("executor");

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.after("-cp"))
                .isEqualTo("/opt/conf:/opt/hadoop:/opt/extra/a.jar:/opt/extra/b.jar:" + APP_JAR + ":/opt/last/*");
    }

    @Test
    void theExecutorTakesSparkJavaOptionsInNumericOrderAndTheDriversArguments() throws Exception {
        env.put("SPARK_JAVA_OPT_10", "-Dten=10");
        env.put("SPARK_JAVA_OPT_2", "-Dtwo=a b");

        Run run = run("executor");

        assertThat(run.args).containsSubsequence("-Dtwo=a b", "-Dten=10", "-Xms1g", "-Xmx1g");
        assertThat(run.args)
                .endsWith(
                        "--driver-url", "spark://CoarseGrainedScheduler@driver:7078",
                        "--executor-id", "3",
                        "--cores", "2",
                        "--app-id", "spark-app-1",
                        "--hostname", "10.0.0.7",
                        "--resourceProfileId", "0",
                        "--podName", "exec-3");
    }

    @Test
    void theClassDataSharingRunKeepsItsTemporaryFilesInTheScratchDirectoryAndRemovesIt() throws Exception {
        Run run = run("cds-archive");

        String scratch = run.value("--jobservice.data-dir=");
        assertThat(Path.of(scratch)).hasParentRaw(scratchRoot);
        String tmpdir = run.value("-Djava.io.tmpdir=");
        String localDir = run.value("--jobservice.spark.conf.spark.local.dir=");
        assertThat(tmpdir).isEqualTo(scratch + "/tmp");
        assertThat(localDir).isEqualTo(scratch + "/local");
        assertThat(run.output).as("made before the JVM starts").contains("dir=" + tmpdir + "\n");
        assertThat(scratchRoot).as("the scratch directory is removed").isEmptyDirectory();
    }

    private Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("bash", Path.of("docker/entrypoint.sh").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(start.toFile()).redirectErrorStream(true);
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("SPARK_")
                        || k.startsWith("HADOOP_")
                        || k.startsWith("JAVA_")
                        || k.equals("TMPDIR"));
        builder.environment().putAll(env);
        start.toFile().setWritable(false);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return new Run(process.exitValue(), output);
        } finally {
            start.toFile().setWritable(true);
        }
    }

    private record Run(int exit, String output, List<String> args) {

        Run(int exit, String output) {
            this(
                    exit,
                    output,
                    output.lines()
                            .filter(l -> l.startsWith("arg="))
                            .map(l -> l.substring("arg=".length()))
                            .toList());
        }

        Path cwd() {
            return Path.of(output.lines()
                    .filter(l -> l.startsWith("cwd="))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("java did not run: " + output))
                    .substring("cwd=".length()));
        }

        String after(String flag) {
            int i = args.indexOf(flag);
            assertThat(i).as("%s in %s", flag, args).isNotNegative();
            return args.get(i + 1);
        }

        String value(String prefix) {
            return args.stream()
                    .filter(a -> a.startsWith(prefix))
                    .map(a -> a.substring(prefix.length()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(prefix + " not in " + args));
        }
    }
}
