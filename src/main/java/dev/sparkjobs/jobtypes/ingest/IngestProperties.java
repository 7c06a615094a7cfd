package dev.sparkjobs.jobtypes.ingest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code ingest} job type's settings: the JDBC servers jobs may read from, known by name so that no
 * URL or secret travels in a job's params, and the directories source files may be read from.
 *
 * @param connections by name, the name jobs give as {@code source.jdbc.connection}
 * @param allowedRoots directories (or URIs) source files must lie in; empty means the data directory
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
     */
    public record Connection(
            @NotBlank String url,
            String user,
            String password,
            @DefaultValue Map<String, String> properties,
            @DefaultValue List<String> tenants) {

        public Connection {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
            tenants = tenants == null ? List.of() : List.copyOf(tenants);
        }

        /** Whether jobs of {@code tenant} may read through this connection. */
        public boolean allows(String tenant) {
            return tenants.isEmpty() || tenants.contains(tenant);
        }

        /** The values a message must never show: the password and every driver property's value. */
        List<String> secrets() {
            List<String> secrets = new ArrayList<>(properties.values());
            if (password != null) {
                secrets.add(password);
            }
            return secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
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
