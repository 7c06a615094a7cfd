package dev.sparkjobs.jobtypes.ingest;

import dev.sparkjobs.guardrails.PathRoots;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where ingest sources may be read from ({@code jobservice.ingest.allowed-roots}), with the guardrails'
 * semantics ({@link PathRoots}). A relative path is relative to the data directory. A glob is checked
 * by its part before the first wildcard; a glob part that could climb ({@code ..}) is refused, since
 * Hadoop expands {@code {a/../..}} before it matches.
 */
final class SourcePaths {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final String GLOB_CHARS = "*?[{\\";

    private final PathRoots roots;
    private final Path dataDir;

    SourcePaths(List<String> allowedRoots, Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        List<String> configured = allowedRoots.isEmpty()
                ? List.of(this.dataDir.toString())
                : allowedRoots.stream().map(this::resolve).toList();
        this.roots = PathRoots.of(configured, List.of(this.dataDir));
    }

    /** The roots as compared, for messages. */
    List<String> describe() {
        return roots.describe();
    }

    /** Whether {@code path} (as the job gives it) lies inside a root. */
    boolean allows(String path) {
        if (path == null || path.isBlank()) {
            return false;
        }
        int glob = firstGlobChar(path);
        if (glob < 0) {
            return roots.contains(path);
        }
        if (path.substring(glob).contains("..")) {
            return false;
        }
        int slash = path.lastIndexOf('/', glob);
        if (slash < 0 && SCHEME.matcher(path).find()) {
            return false; // file:*.csv: relative to whatever the file system takes as its base
        }
        String prefix = slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
        return roots.contains(prefix) && !prefix.endsWith(":");
    }

    /** The path to give Spark: relative ones resolved against the data directory. */
    String resolve(String path) {
        if (SCHEME.matcher(path).find() || path.startsWith("/")) {
            return path;
        }
        return dataDir.resolve(path).toString();
    }

    private static int firstGlobChar(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (GLOB_CHARS.indexOf(path.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
