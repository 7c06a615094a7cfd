package dev.sparkjobs.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.spark.SparkProperties;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What the image promises but no running container shows when it breaks: that SIGTERM reaches the
 * JVM, that it does not run as root, that it exposes exactly the service's ports, and that the
 * JVM flags come from pom.xml rather than from a second list.
 */
class DockerfileTest {

    /** spark.driver.port and spark.driver.blockManager.port, which the service fixes for non-local masters. */
    private static final Set<Integer> SPARK_DRIVER_PORTS =
            Set.of(SparkProperties.DRIVER_PORT, SparkProperties.BLOCK_MANAGER_PORT);

    private final List<String> finalStage = finalStage(instructions(read("Dockerfile")));
    private final String entrypoint = read("docker/entrypoint.sh");

    @Test
    void theEntrypointIsExecFormAndEveryJvmIsExecutedInPlaceOfTheShell() {
        assertThat(single("ENTRYPOINT")).matches("\\[\\s*\"/app/entrypoint\\.sh\"\\s*]");
        assertThat(function(entrypoint, "service")).contains("exec java ");
        assertThat(function(entrypoint, "executor")).contains("exec java ");
        assertThat(entrypoint).contains("*) exec \"$@\" ;;");
    }

    @Test
    void itRunsAsTheNumericNonRootUserThatOwnsTheDataVolume() {
        assertThat(single("USER")).isEqualTo("10001:10001");
        assertThat(single("VOLUME")).isEqualTo("/data");
        assertThat(String.join("\n", arguments("RUN"))).contains("chown 10001:10001 /data");
        assertThat(String.join("\n", arguments("ENV"))).contains("JOBSERVICE_DATA_DIR=/data");
    }

    @Test
    void itExposesTheHttpPortOfApplicationYmlAndTheSparkDriverPorts() throws IOException {
        Set<Integer> exposed = Arrays.stream(single("EXPOSE").split("\\s+"))
                .map(Integer::valueOf)
                .collect(Collectors.toSet());
        Set<Integer> used = new java.util.HashSet<>(SPARK_DRIVER_PORTS);
        used.add(serverPort());
        assertThat(exposed).isEqualTo(used);
    }

    @Test
    void theHealthCheckIsExecFormOnTheLivenessProbeWithNothingButBash() {
        assertThat(single("HEALTHCHECK")).endsWith("CMD [\"/app/healthcheck.sh\"]");
        String check = read("docker/healthcheck.sh");
        assertThat(check).startsWith("#!/bin/bash").contains("/dev/tcp/").contains("/actuator/health/liveness");
        assertThat(check.lines().filter(l -> !l.startsWith("#")))
                .noneMatch(l -> l.contains("curl") || l.contains("wget"));
    }

    @Test
    void theJvmFlagsComeFromTheArgumentFileThatTheBuildWritesFromPomXml() throws IOException {
        assertThat(arguments("COPY")).contains("--from=jar /src/target/jvm.args /app/");
        assertThat(function(entrypoint, "service")).contains("\"$spark_flags\"");
        assertThat(function(entrypoint, "executor")).contains("\"$spark_flags\"");
        assertThat(entrypoint).contains("spark_flags=@$app/jvm.args");
        assertThat(read("docker/jvm.args").lines().filter(l -> !l.startsWith("#")))
                .containsExactly("@jvm.add-opens@", "@jvm.spark-flags@");
        for (String file : List.of("Dockerfile", "docker/entrypoint.sh", "docker/healthcheck.sh")) {
            assertThat(read(file)).as(file).doesNotContain("--add-opens").doesNotContain("add-modules");
        }
        // surefire starts this JVM with the same two properties: the generated file holds exactly them
        Path generated = Path.of("target", "jvm.args");
        assertThat(generated).as("written by ./mvnw generate-resources").exists();
        List<String> flags = Files.readAllLines(generated).stream()
                .filter(l -> !l.startsWith("#"))
                .flatMap(l -> Arrays.stream(l.trim().split("\\s+")))
                .filter(f -> !f.isEmpty())
                .toList();
        assertThat(flags).contains("--add-opens=java.base/java.nio=ALL-UNNAMED");
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).containsAll(flags);
    }

    @Test
    void theBuildContextLetsThroughTheJarAndArgumentFileButNothingElseOfTarget() {
        List<String> ignore = read(".dockerignore")
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        assertThat(ignore.get(0)).isEqualTo("*");
        assertThat(ignore.stream().filter(l -> l.contains("target")))
                .containsExactlyInAnyOrder("!target/spark-job-service.jar", "!target/jvm.args");
        assertThat(instructions(read("Dockerfile")))
                .as("the prebuilt stage copies exactly those two")
                .contains("COPY target/spark-job-service.jar target/jvm.args /src/target/");
    }

    private String single(String instruction) {
        List<String> found = arguments(instruction);
        assertThat(found).as("%s in the final stage", instruction).hasSize(1);
        return found.get(0);
    }

    private List<String> arguments(String instruction) {
        return finalStage.stream()
                .filter(i -> i.startsWith(instruction + " "))
                .map(i -> i.substring(instruction.length() + 1).trim())
                .toList();
    }

    private static int serverPort() throws IOException {
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.yml"))) {
            Map<String, Object> yml = new Yaml().load(r);
            @SuppressWarnings("unchecked")
            Map<String, Object> server = (Map<String, Object>) yml.get("server");
            return (Integer) server.get("port");
        }
    }

    /** The instructions of the Dockerfile, continuations joined, comments dropped. */
    private static List<String> instructions(String dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.lines().toList()) {
            String t = line.strip();
            if (t.startsWith("#") || (t.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continues = t.endsWith("\\");
            current.append(continues ? t.substring(0, t.length() - 1) : t).append(' ');
            if (!continues) {
                out.add(current.toString().trim().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return out;
    }

    private static List<String> finalStage(List<String> instructions) {
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                last = i;
            }
        }
        return instructions.subList(last, instructions.size());
    }

    /** The body of a bash function {@code name() { ... }} that ends at a line holding only "}". */
    private static String function(String script, String name) {
        Matcher m = Pattern.compile("(?ms)^" + name + "\\(\\) \\{\\n(.*?)^}$").matcher(script);
        assertThat(m.find()).as("function %s in the entrypoint", name).isTrue();
        return m.group(1);
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
