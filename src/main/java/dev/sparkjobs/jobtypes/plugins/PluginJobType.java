package dev.sparkjobs.jobtypes.plugins;

import dev.sparkjobs.jobtypes.JobType;
import dev.sparkjobs.plugin.api.JobContext;
import dev.sparkjobs.plugin.api.JobPlugin;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A {@link JobPlugin} as a {@link JobType}. Its code runs with the plug-in's class loader as the
 * thread's context class loader, so that what it (or Spark, or a library) looks up by name is found
 * in its jar; the thread's own loader is restored after each call.
 *
 * @param <P> the plug-in's parameter record
 */
public final class PluginJobType<P> implements JobType<P> {

    private final JobPlugin<P> plugin;
    private final ClassLoader loader;
    private final Path jar;
    private final String name;
    private final String description;
    private final Class<P> paramsType;
    private final P example;

    /**
     * Asks the plug-in for its name, description, record and example once, so that a plug-in that
     * cannot answer fails start-up rather than a request.
     *
     * @param jar the jar it came from, or null for the application's class path
     */
    PluginJobType(JobPlugin<P> plugin, ClassLoader loader, Path jar) throws Exception {
        this.plugin = plugin;
        this.loader = loader;
        this.jar = jar;
        this.name = within(plugin::name);
        this.description = within(plugin::description);
        this.paramsType = within(plugin::paramsType);
        this.example = within(plugin::exampleParams);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Class<P> paramsType() {
        return paramsType;
    }

    @Override
    public P exampleParams() {
        return example;
    }

    @Override
    public Map<String, Object> run(JobContext context, P params) throws Exception {
        return within(() -> plugin.run(context, params));
    }

    /** The jar the plug-in came from; empty for one on the application's class path. */
    public Optional<Path> jar() {
        return Optional.ofNullable(jar);
    }

    /** The plug-in's class loader: its jar's own, or the application's. */
    public ClassLoader classLoader() {
        return loader;
    }

    /** The {@code Implementation-Version} of the plug-in's jar manifest, if it has one. */
    public Optional<String> version() {
        return Optional.ofNullable(plugin.getClass().getPackage().getImplementationVersion());
    }

    private <T> T within(Callable<T> call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** Where it came from, as start-up failures and logs name it. */
    @Override
    public String toString() {
        return PluginLoader.origin(plugin.getClass(), jar);
    }
}
