package dev.sparkjobs.jobtypes.plugins;

/** A plug-in that cannot be used; start-up fails with it, naming the jar. */
public class PluginException extends IllegalStateException {

    PluginException(String origin, String problem, Throwable cause) {
        super("plug-in " + origin + ": " + problem, cause);
    }

    PluginException(String origin, String problem) {
        this(origin, problem, null);
    }
}
