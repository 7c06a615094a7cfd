package dev.sparkjobs.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * The jars executors of a cluster need and a Spark distribution lacks, as files the driver can serve
 * them ({@code spark.jars}): Delta, the JDBC drivers {@code ingest} reads with (JDBC reads run in
 * tasks), and the service's own classes, the plug-in API among them, for code that plug-ins hand to
 * tasks. Plug-in jars themselves reach executors through {@code SparkContext.addJar}.
 *
 * <p>Each library is found where the running application loaded it: a plain jar is used where it
 * lies; a jar nested in the executable jar ({@code BOOT-INF/lib}), which no other JVM can put on its
 * class path, is copied out. The service's own classes are always packed into a jar of their own,
 * class files only, wherever they lie ({@code BOOT-INF/classes}, a directory, the plain jar of an
 * extracted layout such as the image's): the driver serves these jars to anyone who asks, and its
 * configuration, migrations and samples are not for executors.
 */
final class ExecutorJars {

    /** The marker of the service's own classes (the plug-in API among them): shipped as class files only. */
    static final String OWN_CLASSES = "dev.sparkjobs.plugin.api.JobPlugin";

    /**
     * One class of each library executors need; absent ones are skipped (a slimmer build). Delta's are
     * what {@code --packages io.delta:delta-spark_2.13} would add to a Spark distribution.
     */
    static final List<String> MARKERS = List.of(
            "io.delta.sql.DeltaSparkSessionExtension", // delta-spark
            "io.delta.storage.LogStore", // delta-storage
            "io.delta.kernel.CommitActions", // delta-kernel-api
            "io.delta.kernel.defaults.engine.DefaultEngine", // delta-kernel-defaults
            "io.delta.kernel.unitycatalog.UCCatalogManagedClient", // delta-kernel-unitycatalog
            "io.unitycatalog.client.ApiClient", // unitycatalog-client
            "io.unitycatalog.hadoop.UCCredentialHadoopConfs", // unitycatalog-hadoop
            "org.postgresql.Driver",
            "org.h2.Driver",
            OWN_CLASSES);

    static final String CLASSES_JAR = "spark-job-service-classes.jar";

    private static final String NESTED = "jar:nested:";

    private ExecutorJars() {}

    /**
     * @param target where copied and packed jars are written (created; files of earlier starts are
     *     replaced)
     * @return the jars, each once, in {@link #MARKERS} order
     */
    static List<Path> resolve(ClassLoader loader, Path target) {
        Set<Path> jars = new LinkedHashSet<>();
        for (String marker : MARKERS) {
            URL location = location(loader, marker);
            if (location != null) {
                jars.add(materialise(location.toString(), target, marker.equals(OWN_CLASSES)));
            }
        }
        return List.copyOf(jars);
    }

    private static URL location(ClassLoader loader, String className) {
        try {
            CodeSource source = Class.forName(className, false, loader)
                    .getProtectionDomain()
                    .getCodeSource();
            return source == null ? null : source.getLocation();
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /**
     * A location as a jar file other JVMs can read.
     *
     * @param location a code source: {@code file:/x.jar}, {@code file:/classes/}, or Spring Boot's
     *     {@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/} and {@code
     *     jar:nested:/app.jar/!BOOT-INF/classes/!/}
     * @param classesOnly whether to pack the class files into {@link #CLASSES_JAR} even where the
     *     location is a jar (directories are packed so in any case)
     */
    static Path materialise(String location, Path target, boolean classesOnly) {
        try {
            if (location.startsWith(NESTED)) {
                String rest = location.substring(NESTED.length());
                int split = rest.indexOf("/!");
                Path outer = Path.of(URI.create("file:" + rest.substring(0, split)));
                String entry = rest.substring(split + 2);
                entry = entry.endsWith("!/") ? entry.substring(0, entry.length() - 2) : entry;
                if (!entry.endsWith(".jar")) {
                    return packNested(outer, entry, target);
                }
                return classesOnly ? packNestedJar(outer, entry, target) : extract(outer, entry, target);
            }
            Path path = Path.of(URI.create(location));
            if (Files.isDirectory(path)) {
                return packDirectory(path, target);
            }
            if (classesOnly) {
                try (InputStream in = Files.newInputStream(path)) {
                    return packJar(in, target);
                }
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a jar for executors of " + location, e);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new IllegalStateException("not a usable class location: " + location, e);
        }
    }

    private static Path extract(Path outer, String entry, Path target) throws IOException {
        Path jar = target.resolve(entry.substring(entry.lastIndexOf('/') + 1));
        try (ZipFile zip = new ZipFile(outer.toFile())) {
            ZipEntry nested = zip.getEntry(entry);
            if (nested == null) {
                throw new IOException(entry + " is not in " + outer);
            }
            try (InputStream in = zip.getInputStream(nested)) {
                return write(jar, out -> in.transferTo(out));
            }
        }
    }

    /** The class files under {@code prefix} of the executable jar, into a jar of their own. */
    private static Path packNested(Path outer, String prefix, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(outer.toFile())) {
            return write(target.resolve(CLASSES_JAR), out -> {
                try (JarOutputStream jar = new JarOutputStream(out)) {
                    Enumeration<? extends ZipEntry> entries = zip.entries();
                    while (entries.hasMoreElements()) {
                        ZipEntry e = entries.nextElement();
                        if (e.getName().startsWith(prefix) && e.getName().endsWith(".class")) {
                            jar.putNextEntry(new JarEntry(e.getName().substring(prefix.length())));
                            try (InputStream in = zip.getInputStream(e)) {
                                in.transferTo(jar);
                            }
                            jar.closeEntry();
                        }
                    }
                }
            });
        }
    }

    /** The class files of a jar in the executable jar, into a jar of their own. */
    private static Path packNestedJar(Path outer, String entry, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(outer.toFile())) {
            ZipEntry nested = zip.getEntry(entry);
            if (nested == null) {
                throw new IOException(entry + " is not in " + outer);
            }
            try (InputStream in = zip.getInputStream(nested)) {
                return packJar(in, target);
            }
        }
    }

    /** The class files of a jar read from {@code in}, into a jar of their own (no manifest). */
    private static Path packJar(InputStream in, Path target) throws IOException {
        return write(target.resolve(CLASSES_JAR), out -> {
            try (ZipInputStream source = new ZipInputStream(in);
                    JarOutputStream jar = new JarOutputStream(out)) {
                for (ZipEntry e = source.getNextEntry(); e != null; e = source.getNextEntry()) {
                    if (!e.isDirectory() && e.getName().endsWith(".class")) {
                        jar.putNextEntry(new JarEntry(e.getName()));
                        source.transferTo(jar);
                        jar.closeEntry();
                    }
                }
            }
        });
    }

    private static Path packDirectory(Path dir, Path target) throws IOException {
        List<Path> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(f -> f.toString().endsWith(".class")).sorted().forEach(classes::add);
        }
        return write(target.resolve(CLASSES_JAR), out -> {
            try (JarOutputStream jar = new JarOutputStream(out)) {
                for (Path c : classes) {
                    jar.putNextEntry(new JarEntry(dir.relativize(c).toString().replace('\\', '/')));
                    Files.copy(c, jar);
                    jar.closeEntry();
                }
            }
        });
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Written beside the file and moved over it, so an executor never fetches half a jar. */
    private static Path write(Path jar, Content content) throws IOException {
        Files.createDirectories(jar.getParent());
        Path partial = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                content.writeTo(out);
            }
            Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return jar;
    }
}
