package dev.sparkjobs.guardrails;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The directories paths in SQL may point into, and the test whether one does. Paths are compared
 * in one form: scheme and authority of a URI ({@code file:} and no scheme are the local file
 * system), an absolute path with {@code .} and {@code ..} resolved, and for local paths every
 * symbolic link that exists resolved, so neither {@code ..} nor a link leads out of a root. A path
 * is inside a root when it is the root or lies beneath it, component by component ({@code
 * /warehouse-evil} is not inside {@code /warehouse}). A relative path is inside only if it is
 * inside from every base it could be resolved against. Anything that cannot be read as a path is
 * outside.
 */
public final class PathRoots {

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

    /** A path in the one form: {@code scheme} {@code file} for the local file system. */
    record Location(String scheme, String authority, Path path) {

        boolean within(Location root) {
            return scheme.equals(root.scheme) && authority.equals(root.authority) && path.startsWith(root.path);
        }
    }

    private final List<Location> roots;
    private final List<Path> bases;
    private final List<String> described;

    private PathRoots(List<Location> roots, List<Path> bases, List<String> described) {
        this.roots = roots;
        this.bases = bases;
        this.described = described;
    }

    /**
     * @param roots absolute directories or URIs; one that cannot be read is ignored
     * @param bases what a relative path may be resolved against (the driver's working directory,
     *     the warehouse)
     */
    public static PathRoots of(List<String> roots, List<Path> bases) {
        List<Path> absoluteBases =
                bases.stream().map(b -> b.toAbsolutePath().normalize()).toList();
        List<Location> parsed = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (String root : roots) {
            parse(root, absoluteBases.get(0)).ifPresent(l -> {
                parsed.add(l);
                described.add(
                        l.scheme().equals("file") && l.authority().isEmpty()
                                ? l.path().toString()
                                : l.scheme() + "://" + l.authority() + l.path());
            });
        }
        return new PathRoots(List.copyOf(parsed), absoluteBases, List.copyOf(described));
    }

    /** The roots as they are compared, for messages. */
    public List<String> describe() {
        return described;
    }

    /** Whether {@code path} (a plain path or a URI, as SQL gives it) lies inside a root. */
    public boolean contains(String path) {
        if (path == null || path.isBlank() || path.indexOf('\0') >= 0) {
            return false;
        }
        if (!containsAsWritten(path)) {
            return false;
        }
        // some readers decode %xx, some do not: inside only if inside both ways
        if (path.indexOf('%') >= 0) {
            String decoded;
            try {
                decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            return containsAsWritten(decoded);
        }
        return true;
    }

    private boolean containsAsWritten(String path) {
        for (Path base : isRelative(path) ? bases : bases.subList(0, 1)) {
            Optional<Location> location = parse(path, base);
            if (location.isEmpty() || roots.stream().noneMatch(location.get()::within)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isRelative(String path) {
        return !SCHEME.matcher(path).find() && !path.startsWith("/");
    }

    static Optional<Location> parse(String raw, Path base) {
        try {
            var scheme = SCHEME.matcher(raw);
            if (!scheme.find()) {
                return local(base.resolve(raw));
            }
            URI uri = new URI(raw);
            String name = scheme.group(1).toLowerCase(Locale.ROOT);
            if (uri.isOpaque() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
                return Optional.empty();
            }
            String authority = uri.getAuthority() == null ? "" : uri.getAuthority();
            if (name.equals("file")) {
                if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
                    return Optional.empty();
                }
                return local(Path.of(uri.getPath()));
            }
            return Optional.of(new Location(
                    name,
                    authority.toLowerCase(Locale.ROOT),
                    Path.of(uri.getPath()).normalize()));
        } catch (URISyntaxException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * Absolute, normalised, and with the links of its longest existing ancestor resolved; nothing
     * for a link that leads nowhere (where it would lead is unknown).
     */
    private static Optional<Location> local(Path path) {
        Path p = path.toAbsolutePath().normalize();
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null) {
            try {
                p = existing.toRealPath().resolve(existing.relativize(p)).normalize();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new Location("file", "", p));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathRoots other && roots.equals(other.roots) && bases.equals(other.bases);
    }

    @Override
    public int hashCode() {
        return roots.hashCode() * 31 + bases.hashCode();
    }

    @Override
    public String toString() {
        return described.toString();
    }
}
