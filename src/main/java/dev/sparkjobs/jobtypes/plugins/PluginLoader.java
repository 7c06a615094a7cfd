package dev.sparkjobs.jobtypes.plugins;

import dev.sparkjobs.plugin.api.JobPlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@link JobPlugin}s with {@link ServiceLoader}: on the application's class path, and in each
 * {@code *.jar} of the plug-ins directory. Every jar gets a class loader of its own whose parent is
 * the application's, so the plug-in API, Spark, SLF4J, Jackson's annotations and Bean Validation are
 * the service's (parent first: a copy bundled in the jar is never used), and two plug-ins cannot see
 * each other's classes.
 *
 * <p>A plug-in that cannot be used fails start-up ({@link PluginException}, naming the jar): a class
 * that does not load, a bad name, a parameter type that is not a record, no example, a jar without a
 * plug-in. Two types of one name are refused by the registry, which knows the built-in ones too.
 */
public final class PluginLoader {

    private static final Logger log = LoggerFactory.getLogger(PluginLoader.class);

    static final String SERVICE_FILE = "META-INF/services/" + JobPlugin.class.getName();

    /** What {@code type} in a submission may be; 64 is the longest the API accepts. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final ClassLoader application;

    public PluginLoader(ClassLoader application) {
        this.application = application;
    }

    /**
     * The plug-ins on the class path, then those of the directory's jars in name order.
     *
     * @param dir need not exist: then there are none beyond the class path's
     * @throws PluginException for the first plug-in that cannot be used
     */
    public List<PluginJobType<?>> load(Path dir) {
        List<PluginJobType<?>> found = new ArrayList<>();
        for (ServiceLoader.Provider<JobPlugin> provider : providers(application, "the class path")) {
            found.add(adapt(provider, application, null));
        }
        for (Path jar : jars(dir)) {
            found.addAll(loadJar(jar));
        }
        for (PluginJobType<?> type : found) {
            log.info(
                    "plug-in job type '{}' (version {}) from {}",
                    type.name(),
                    type.version().orElse("unknown"),
                    type);
        }
        return found;
    }

    /** The directory's {@code *.jar} files, by name; none when it does not exist. */
    static List<Path> jars(Path dir) {
        if (!Files.exists(dir)) {
            log.info("no plug-ins directory at {}", dir);
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new PluginException(dir.toString(), "the plug-ins directory is not a directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plug-ins directory " + dir, e);
        }
    }

    private List<PluginJobType<?>> loadJar(Path jar) {
        String where = jar.toString();
        URLClassLoader loader;
        try {
            loader = new URLClassLoader(
                    "plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()}, application);
        } catch (MalformedURLException e) {
            throw new PluginException(where, "not a usable path", e);
        }
        if (loader.findResource(SERVICE_FILE) == null) {
            throw new PluginException(where, "the jar has no " + SERVICE_FILE + " naming its plug-in classes");
        }
        List<PluginJobType<?>> found = new ArrayList<>();
        for (ServiceLoader.Provider<JobPlugin> provider : providers(loader, where)) {
            // the loader also sees the class path's service files (its parent's); keep the jar's own
            if (load(provider, where).getClassLoader() == loader) {
                found.add(adapt(provider, loader, jar));
            }
        }
        if (found.isEmpty()) {
            throw new PluginException(
                    where, "its plug-in classes load from the application's class path, not from the jar");
        }
        return found;
    }

    @SuppressWarnings("rawtypes")
    private static List<ServiceLoader.Provider<JobPlugin>> providers(ClassLoader loader, String where) {
        try {
            return ServiceLoader.load(JobPlugin.class, loader).stream().toList();
        } catch (ServiceConfigurationError e) {
            throw new PluginException(where, "its service file cannot be read: " + e.getMessage(), e);
        }
    }

    private static Class<?> load(ServiceLoader.Provider<JobPlugin> provider, String where) {
        try {
            return provider.type();
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginException(where, "a plug-in class does not load: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static PluginJobType<?> adapt(ServiceLoader.Provider<JobPlugin> provider, ClassLoader loader, Path jar) {
        String where = jar == null ? "on the class path" : jar.toString();
        Class<?> type = load(provider, where);
        where = origin(type, jar);
        PluginJobType<?> adapted;
        try {
            adapted = new PluginJobType(provider.get(), loader, jar);
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginException(where, "cannot be made: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new PluginException(where, "failed to describe itself: " + e, e);
        }
        check(adapted, where);
        return adapted;
    }

    private static void check(PluginJobType<?> type, String where) {
        if (type.name() == null || !NAME.matcher(type.name()).matches()) {
            throw new PluginException(
                    where,
                    "its name '" + type.name() + "' is not 1 to 64 lower case letters, digits, '-' and '_'"
                            + " starting with a letter or digit");
        }
        if (type.description() == null || type.description().isBlank()) {
            throw new PluginException(where, "it has no description");
        }
        Class<?> params = type.paramsType();
        if (params == null || !params.isRecord()) {
            throw new PluginException(
                    where, "its parameter type " + (params == null ? "null" : params.getName()) + " is not a record");
        }
        if (!params.isInstance(type.exampleParams())) {
            throw new PluginException(where, "its exampleParams() is not a " + params.getName());
        }
    }

    /** {@code com.example.Plugin from /plugins/x.jar}, or from the class path's jar it was found in. */
    static String origin(Class<?> type, Path jar) {
        if (jar != null) {
            return type.getName() + " from " + jar;
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return type.getName() + " from " + (source == null ? "the class path" : source.getLocation());
    }
}
