package dev.sparkjobs.jobtypes.plugins;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sparkjobs.plugin.api.JobPlugin;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Plug-in jars made by a test: sources compiled against the plug-in API only (as a third party
 * would), so that their classes are on no class path but the jar's.
 */
final class PluginJars {

    private final Path dir;

    PluginJars(Path dir) {
        this.dir = dir;
    }

    /**
     * Compiles {@code sources} (class name → source) and jars them with a service file naming
     * {@code services}; a jar of this name made before is reused.
     */
    Path jar(String name, Map<String, String> sources, List<String> services, String version) {
        Path built = dir.resolve(name + ".jar");
        if (Files.exists(built)) {
            return built; // made by an earlier test: compiling is most of a test's time
        }
        try {
            Path src = Files.createDirectories(dir.resolve(name + "-src"));
            Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", apiClassPath(), "-nowarn"));
            for (var source : sources.entrySet()) {
                Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                args.add(file.toString());
            }
            int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("the test plug-in " + name + " does not compile");
            }
            Path jar = built;
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            if (version != null) {
                manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            }
            try (OutputStream out = Files.newOutputStream(jar);
                    JarOutputStream jarOut = new JarOutputStream(out, manifest);
                    Stream<Path> files = Files.walk(classes)) {
                if (!services.isEmpty()) {
                    jarOut.putNextEntry(new JarEntry(PluginLoader.SERVICE_FILE));
                    jarOut.write(String.join("\n", services).getBytes(StandardCharsets.UTF_8));
                    jarOut.closeEntry();
                }
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    jarOut.putNextEntry(
                            new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    jarOut.write(Files.readAllBytes(f));
                    jarOut.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plug-in named {@code type} in package {@code pkg}, whose record has one required field. */
    Path plugin(String jarName, String pkg, String type) {
        return jar(
                jarName,
                Map.of(pkg + ".Echo", echo(pkg, type, "public record Params(@NotBlank String word) {}")),
                List.of(pkg + ".Echo"),
                "2.3");
    }

    /** The source of a plug-in that answers with its word and whether it ran with its own context loader. */
    static String echo(String pkg, String type, String paramsDeclaration) {
        return """
                package %s;

                import dev.sparkjobs.plugin.api.JobContext;
                import dev.sparkjobs.plugin.api.JobPlugin;
                import jakarta.validation.constraints.NotBlank;
                import java.util.Map;

                public class Echo implements JobPlugin<Echo.Params> {
                    %s

                    public String name() { return "%s"; }
                    public String description() { return "Echoes a word"; }
                    public Class<Params> paramsType() { return Params.class; }
                    public Params exampleParams() { return new Params("hello"); }

                    public Map<String, Object> run(JobContext context, Params params) {
                        boolean own = Thread.currentThread().getContextClassLoader() == getClass().getClassLoader();
                        return Map.of("word", params.word(), "ownContextLoader", own);
                    }
                }
                """
                .formatted(pkg, paramsDeclaration, type);
    }

    /** The API, Bean Validation and Jackson's annotations: what a plug-in compiles against. */
    private static String apiClassPath() {
        return Stream.of(JobPlugin.class, NotBlank.class, JsonPropertyDescription.class)
                .map(c -> Path.of(toUri(c)).toString())
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static java.net.URI toUri(Class<?> c) {
        try {
            return c.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
