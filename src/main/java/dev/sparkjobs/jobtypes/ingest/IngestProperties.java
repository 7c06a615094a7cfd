package dev.sparkjobs.jobtypes.ingest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code ingest} job type's settings: the JDBC servers jobs may read from, known by name so that no
 * URL or secret travels in a job's params, and the directories source files may be read from.
 *
 * @param connections by name, the name jobs give as {@code source.jdbc.connection}
 * @param allowedRoots directories (or URIs) source files must lie in; empty means {@code <data-dir>/landing}
 *     and {@code <data-dir>/samples}
 */
@Validated
@ConfigurationProperties("jobservice.ingest")
public record IngestProperties(
        @DefaultValue Map<String, @Valid Connection> connections, @DefaultValue List<String> allowedRoots) {

    public IngestProperties {
        connections = connections == null ? Map.of() : Map.copyOf(connections);
        allowedRoots = allowedRoots == null ? List.of() : List.copyOf(allowedRoots);
    }

    /** The connection names, sorted: what an unknown name's refusal lists. */
    public List<String> connectionNames() {
        return List.copyOf(new TreeMap<>(connections).keySet());
    }

    /**
     * One JDBC server.
     *
     * @param url the JDBC URL, without credentials
     * @param user the user to connect as
     * @param password never shown: not in {@link #toString()}, results, errors or logs
     * @param properties further JDBC driver properties (e.g. {@code ssl}); their values are not shown either
     * @param tenants the tenants whose jobs may use it; empty means every tenant
     * @param readOnly whether reads ask the driver for a read-only session (default true)
     */
    public record Connection(
            @NotBlank String url,
            String user,
            String password,
            @DefaultValue Map<String, String> properties,
            @DefaultValue List<String> tenants,
            @DefaultValue("true") Boolean readOnly) {

        /** Credentials in a JDBC URL: a password-like parameter's value, a user-info's or Oracle's password. */
        private static final List<Pattern> URL_SECRETS = List.of(
                Pattern.compile("(?i)[?;&:][a-z._-]*(?:password|passwd|pwd|secret|token)[a-z._-]*=([^;&?]+)"),
                Pattern.compile("//[^/@:?;]*:([^/@?;]+)@"),
                Pattern.compile("(?i)^jdbc:oracle:[a-z]+:[^/@:]+/([^@]+)@"));

        public Connection {
            readOnly = readOnly == null || readOnly;
            properties = properties == null ? Map.of() : Map.copyOf(properties);
            tenants = tenants == null ? List.of() : List.copyOf(tenants);
        }

        /** Whether jobs of {@code tenant} may read through this connection. */
        public boolean allows(String tenant) {
            return tenants.isEmpty() || tenants.contains(tenant);
        }

        /**
         * The values a message must never show: the password, every driver property's value, and the
         * credentials a URL may carry ({@code password=…}, {@code user:password@}, {@code user/password@}),
         * as written and %-decoded, since a driver's error may echo the URL either way.
         */
        List<String> secrets() {
            List<String> secrets = new ArrayList<>(properties.values());
            if (password != null) {
                secrets.add(password);
            }
            for (Pattern p : URL_SECRETS) {
                Matcher m = p.matcher(url == null ? "" : url);
                while (m.find()) {
                    secrets.add(m.group(1));
                    try {
                        secrets.add(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        // not %-encoded: as written is enough
                    }
                }
            }
            return secrets.stream()
                    .filter(s -> s != null && !s.isEmpty())
                    .distinct()
                    .toList();
        }

        @Override
        public String toString() {
            // a URL may carry credentials in its query (?password=…): shown without it
            String shown = url == null ? null : url.replaceFirst("[?;].*", "?…");
            return "Connection[url=" + shown + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                    + ", properties=" + new TreeMap<>(properties).keySet() + ", tenants=" + tenants + "]";
        }
    }
}
