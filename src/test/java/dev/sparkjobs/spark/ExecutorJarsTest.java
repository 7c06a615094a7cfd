package dev.sparkjobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorJarsTest {

    @TempDir
    Path tmp;

    @Test
    void aJarNestedInTheExecutableJarIsCopiedOutWhole() throws IOException {
        byte[] nested = "the nested jar's bytes".getBytes(StandardCharsets.UTF_8);
        Path app = executableJar(Map.of("BOOT-INF/lib/delta-spark_2.13-4.4.0.jar", nested));

        Path jar = ExecutorJars.materialise(
                "jar:nested:" + app.toUri().getRawPath() + "/!BOOT-INF/lib/delta-spark_2.13-4.4.0.jar!/",
                tmp.resolve("jars"),
                false);

        assertThat(jar).isEqualTo(tmp.resolve("jars").resolve("delta-spark_2.13-4.4.0.jar"));
        assertThat(Files.readAllBytes(jar)).isEqualTo(nested);
        assertThat(tmp.resolve("jars")).isDirectoryNotContaining("glob:**.partial");
    }

    @Test
    void theExecutableJarsOwnClassesArePackedWithoutItsConfiguration() throws IOException {
        Path app = executableJar(Map.of(
                "BOOT-INF/classes/dev/sparkjobs/plugin/api/JobPlugin.class", new byte[] {1, 2},
                "BOOT-INF/classes/application.yml", new byte[] {3},
                "BOOT-INF/lib/other.jar", new byte[] {4}));

        Path jar = ExecutorJars.materialise(
                "jar:nested:" + app.toUri().getRawPath() + "/!BOOT-INF/classes/!/", tmp.resolve("jars"), true);

        assertThat(jar.getFileName()).hasToString(ExecutorJars.CLASSES_JAR);
        assertThat(entries(jar)).containsExactly("dev/sparkjobs/plugin/api/JobPlugin.class");
    }

    @Test
    void aPlainJarIsUsedWhereItLiesAndADirectoryOfClassesIsPacked() throws IOException {
        Path plain = Files.write(tmp.resolve("h2.jar"), new byte[] {5});
        assertThat(ExecutorJars.materialise(plain.toUri().toString(), tmp.resolve("jars"), false))
                .isEqualTo(plain);

        Path classes = Files.createDirectories(tmp.resolve("classes/dev/sparkjobs"));
        Files.write(classes.resolve("A.class"), new byte[] {6});
        Files.writeString(tmp.resolve("classes/application.yml"), "x: 1");
        Path jar = ExecutorJars.materialise(tmp.resolve("classes").toUri().toString(), tmp.resolve("jars"), true);
        assertThat(entries(jar)).containsExactly("dev/sparkjobs/A.class");
    }

    @Test
    void theServicesOwnClassesFromAPlainJarArePackedWithoutItsConfigurationOrManifest() throws Exception {
        String plugin = "dev/sparkjobs/plugin/api/JobPlugin.class";
        byte[] bytes;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(plugin)) {
            bytes = in.readAllBytes();
        }
        // as the image's /app/spark-job-service.jar: classes, configuration, and a Class-Path to lib/
        Path app = executableJar(Map.of(
                "META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\r\nClass-Path: lib/a.jar\r\n\r\n".getBytes(StandardCharsets.UTF_8),
                plugin,
                bytes,
                "application.yml",
                new byte[] {3},
                "db/migration/V1__jobs.sql",
                new byte[] {4},
                "samples/plugin.json",
                new byte[] {5},
                "META-INF/spring.factories",
                new byte[] {6}));

        List<Path> jars;
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {app.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            jars = ExecutorJars.resolve(loader, tmp.resolve("jars"));
        }

        assertThat(jars).containsExactly(tmp.resolve("jars").resolve(ExecutorJars.CLASSES_JAR));
        try (JarFile f = new JarFile(jars.get(0).toFile())) {
            assertThat(Collections.list(f.entries()))
                    .extracting(ZipEntry::getName)
                    .containsExactly(plugin);
        }
    }

    @Test
    void theServicesOwnClassesFromAJarInTheExecutableJarArePackedToo() throws IOException {
        Path inner = executableJar(Map.of(
                "dev/sparkjobs/plugin/api/JobPlugin.class", new byte[] {1, 2}, "application.yml", new byte[] {3}));
        byte[] innerBytes = Files.readAllBytes(inner);
        Path app = executableJar(Map.of("BOOT-INF/lib/spark-job-service-1.0.jar", innerBytes));

        Path jar = ExecutorJars.materialise(
                "jar:nested:" + app.toUri().getRawPath() + "/!BOOT-INF/lib/spark-job-service-1.0.jar!/",
                tmp.resolve("jars"),
                true);

        assertThat(jar.getFileName()).hasToString(ExecutorJars.CLASSES_JAR);
        assertThat(entries(jar)).containsExactly("dev/sparkjobs/plugin/api/JobPlugin.class");
    }

    @Test
    void theTestClassPathYieldsDeltaTheDriversAndOurClassesEachOnce() {
        List<Path> jars = ExecutorJars.resolve(getClass().getClassLoader(), tmp.resolve("jars"));

        assertThat(jars)
                .extracting(p -> p.getFileName().toString())
                .anyMatch(n -> n.startsWith("delta-spark_2.13-"))
                .anyMatch(n -> n.startsWith("delta-storage-"))
                .anyMatch(n -> n.startsWith("postgresql-"))
                .anyMatch(n -> n.startsWith("h2-"))
                .contains(ExecutorJars.CLASSES_JAR)
                .doesNotHaveDuplicates();
    }

    @Test
    void fixedDriverPortsOnlyForClusterMasters() {
        DataDirProperties dirs = new DataDirProperties(tmp);
        Path fair = tmp.resolve("fair.xml");

        assertThat(SparkConfiguration.defaults("spark://m:7077", dirs, fair))
                .containsEntry("spark.driver.port", "7078")
                .containsEntry("spark.driver.blockManager.port", "7079");
        assertThat(SparkConfiguration.defaults("k8s://https://kubernetes.default.svc", dirs, fair))
                .containsEntry("spark.driver.port", "7078");
        assertThat(SparkConfiguration.defaults("local[2]", dirs, fair))
                .doesNotContainKeys("spark.driver.port", "spark.driver.blockManager.port");
    }

    private Path executableJar(Map<String, byte[]> content) throws IOException {
        Path app = tmp.resolve("dir with space").resolve("app.jar");
        Files.createDirectories(app.getParent());
        try (OutputStream out = Files.newOutputStream(app);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : content.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return app;
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            List<String> names = new ArrayList<>();
            Collections.list(f.entries()).forEach(e -> names.add(e.getName()));
            names.removeIf(n -> n.startsWith("META-INF/"));
            return names;
        }
    }
}
