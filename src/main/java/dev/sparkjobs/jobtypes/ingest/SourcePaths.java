package dev.sparkjobs.jobtypes.ingest;

import dev.sparkjobs.guardrails.PathRoots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;

/**
 * Where ingest sources may be read from ({@code jobservice.ingest.allowed-roots}, by default {@code
 * <data-dir>/landing} and {@code <data-dir>/samples}), with the guardrails' semantics ({@link PathRoots}).
 * A relative path is relative to the data directory. The service's own directories of the data directory
 * (the warehouse with every tenant's tables, the job database, Spark's scratch, the plug-ins) are never
 * readable, whatever the roots say: a tenant reads tables through SQL, which holds it to its schemas.
 *
 * <p>Checked twice. At submit, on the text: a plain path must lie in a root; a glob by its part before
 * the first wildcard, and its pattern may not be able to make a {@code ..} or a {@code /} (Hadoop expands
 * {@code {a/..}} before it matches and unescapes {@code \.\.} into a real {@code ..}, so backslashes are
 * refused outright). At run time, on the file system: the glob is expanded on the driver and every match
 * checked with its links resolved, and Spark is given the matches, not the glob.
 */
final class SourcePaths {

    static final List<String> DEFAULT_ROOTS = List.of("landing", "samples");
    static final List<String> SERVICE_DIRS = List.of("warehouse", "db", "spark", "plugins");

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final String GLOB_CHARS = "*?[{";
    private static final String SPECIAL = "*?[]{}\\";

    private final PathRoots roots;
    private final PathRoots serviceDirs;
    private final List<String> serviceDirList;
    private final Path dataDir;

    SourcePaths(List<String> allowedRoots, Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        List<String> configured = (allowedRoots.isEmpty() ? DEFAULT_ROOTS : allowedRoots)
                .stream().map(this::resolve).toList();
        this.roots = PathRoots.of(configured, List.of(this.dataDir));
        this.serviceDirList = SERVICE_DIRS.stream().map(this::resolve).toList();
        this.serviceDirs = PathRoots.of(serviceDirList, List.of(this.dataDir));
    }

    /** The roots as compared, for messages. */
    List<String> describe() {
        return roots.describe();
    }

    /** Whether {@code path} (as the job gives it) may be read, as far as its text tells. */
    boolean allows(String path) {
        if (path == null || path.isBlank() || hasEscape(path)) {
            return false;
        }
        int glob = firstGlobChar(path);
        if (glob < 0) {
            return readable(path, true);
        }
        String pattern = path.substring(glob);
        if (pattern.contains("..") || !staysInOneName(pattern)) {
            return false;
        }
        int slash = path.lastIndexOf('/', glob);
        if (slash < 0 && SCHEME.matcher(path).find()) {
            return false; // file:*.csv: relative to whatever the file system takes as its base
        }
        String prefix = slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
        return !prefix.endsWith(":") && readable(prefix, true);
    }

    /**
     * The files and directories {@code path} stands for now, each checked with its links resolved: what
     * Spark is to read, with glob characters of their names escaped, so Spark reads exactly these.
     *
     * @return empty when nothing matches
     * @throws SecurityException when the path, or anything it matches, may not be read
     */
    List<String> expand(String path, Configuration conf) throws IOException {
        if (!allows(path)) {
            throw new SecurityException("'" + path + "' is outside the directories ingest may read");
        }
        org.apache.hadoop.fs.Path pattern = new org.apache.hadoop.fs.Path(resolve(path));
        FileStatus[] matches = pattern.getFileSystem(conf).globStatus(pattern);
        if (matches == null) {
            return List.of();
        }
        List<String> expanded = new ArrayList<>(matches.length);
        for (FileStatus match : matches) {
            org.apache.hadoop.fs.Path p = match.getPath();
            // a local match by its plain path: PathRoots resolves its links; a URI would not parse with a space
            String checked = "file".equals(p.toUri().getScheme())
                    ? p.toUri().getPath()
                    : p.toUri().toString();
            if (!readable(checked, match.isDirectory())) {
                throw new SecurityException("'" + path + "' matches " + checked
                        + ", which is outside the directories ingest may read (through a link?)");
            }
            expanded.add(escape(p.toString()));
        }
        return expanded;
    }

    /** The path to give Spark: relative ones resolved against the data directory. */
    String resolve(String path) {
        if (SCHEME.matcher(path).find() || path.startsWith("/")) {
            return path;
        }
        return dataDir.resolve(path).toString();
    }

    /**
     * In a root and not in a service directory; nor above one, if it may be a directory ({@code directory}):
     * a directory is read with what lies beneath it, and a glob's prefix is where its matches lie.
     */
    private boolean readable(String path, boolean directory) {
        if (!roots.contains(path) || serviceDirs.contains(path)) {
            return false;
        }
        if (!directory) {
            return true;
        }
        PathRoots beneath = PathRoots.of(List.of(resolve(path)), List.of(dataDir));
        return serviceDirList.stream().noneMatch(beneath::contains);
    }

    /** A backslash (Hadoop's escape), also %-encoded since some readers decode. */
    private static boolean hasEscape(String path) {
        return path.indexOf('\\') >= 0 || path.toLowerCase(Locale.ROOT).contains("%5c");
    }

    /**
     * Whether every match of {@code pattern} stays one name per component: no {@code {…}} group with a
     * {@code /} (Hadoop splits those into separate paths before matching, {@code {/.,}.} making {@code /..}),
     * and no {@code […]} class that could match {@code .} or {@code /}: negated ones, and any holding
     * either, directly or in a range.
     */
    private static boolean staysInOneName(String pattern) {
        int depth = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth = Math.max(0, depth - 1);
            } else if (c == '/' && depth > 0) {
                return false;
            } else if (c == '[') {
                int end = pattern.indexOf(']', i + 1);
                if (end < 0 || !safeClass(pattern.substring(i + 1, end))) {
                    return false;
                }
                i = end;
            }
        }
        return true;
    }

    private static boolean safeClass(String members) {
        if (members.isEmpty() || members.charAt(0) == '^' || members.charAt(0) == '!') {
            return false;
        }
        for (int i = 0; i < members.length(); i++) {
            char c = members.charAt(i);
            if (c == '.' || c == '/') {
                return false;
            }
            if (c == '-' && i > 0 && i < members.length() - 1) {
                char from = members.charAt(i - 1);
                char to = members.charAt(i + 1);
                if (from <= '/' && to >= '.') {
                    return false;
                }
            }
        }
        return true;
    }

    private static String escape(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (SPECIAL.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
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
