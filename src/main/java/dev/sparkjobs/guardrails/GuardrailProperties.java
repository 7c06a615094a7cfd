package dev.sparkjobs.guardrails;

import dev.sparkjobs.security.Role;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What SQL jobs may do with the shared driver. {@code defaults} applies to every caller, admins
 * included; an entry of {@code roles} applies to callers holding that role, an entry of {@code
 * tenants} to callers of that tenant. Grants only add up: a caller gets what the defaults, each of
 * its roles and its tenant allow together, so no entry can take away what another gives. The one
 * restriction, {@code schemas}, belongs to a tenant alone: it is refused in {@code defaults} and
 * {@code roles}, where it would silently mean nothing.
 *
 * @param defaults what every caller may do beyond the built-in safe set
 * @param roles additions per role, e.g. {@code admin}
 * @param tenants additions per tenant
 */
@ConfigurationProperties("jobservice.security.sql")
@Validated
public record GuardrailProperties(@DefaultValue Grants defaults, Map<Role, Grants> roles, Map<String, Grants> tenants) {

    public GuardrailProperties {
        defaults = defaults == null ? Grants.NONE : defaults;
        roles = roles == null ? Map.of() : Map.copyOf(roles);
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        if (!defaults.schemas().isEmpty()
                || roles.values().stream().anyMatch(g -> !g.schemas().isEmpty())) {
            throw new IllegalArgumentException(
                    "schemas is a tenant's setting: jobservice.security.sql.tenants.<tenant>.schemas");
        }
    }

    /**
     * One set of grants. Everything is off by default; the warehouse is always an allowed root.
     *
     * @param allowedRoots directories (or URIs such as {@code s3a://bucket/prefix}) besides the
     *     warehouse where LOCATION, OPTIONS (path), INSERT OVERWRITE DIRECTORY and LOAD DATA may point
     * @param allowFileRelations queries of files by path, e.g. {@code parquet.`/data/x`}, still only
     *     under an allowed root
     * @param allowReflection {@code reflect}, {@code java_method}, {@code try_reflect}: any static Java
     *     method in the driver's JVM
     * @param allowAddResources {@code ADD JAR|FILE|ARCHIVE}, {@code CREATE FUNCTION ... USING}
     * @param allowClassFunctions {@code CREATE [TEMPORARY] FUNCTION f AS 'a.Class'}
     * @param allowedSetKeys configuration keys {@code SET} may change besides the built-in safe ones; a
     *     key ending in {@code .*} allows every key under that prefix. Keys that load code, name
     *     files or weaken a safety check are refused whatever this says.
     * @param allowedProviders data source formats {@code USING} may name besides the built-in ones
     * @param schemas for a tenant only: the schemas of the session catalog its SQL may name (case
     *     does not matter); empty, the default, for any. Admins are never held to it.
     */
    public record Grants(
            List<String> allowedRoots,
            @DefaultValue("false") boolean allowFileRelations,
            @DefaultValue("false") boolean allowReflection,
            @DefaultValue("false") boolean allowAddResources,
            @DefaultValue("false") boolean allowClassFunctions,
            List<String> allowedSetKeys,
            List<String> allowedProviders,
            List<String> schemas) {

        public static final Grants NONE = new Grants(null, false, false, false, false, null, null, null);

        public Grants {
            allowedRoots = allowedRoots == null ? List.of() : List.copyOf(allowedRoots);
            allowedSetKeys = allowedSetKeys == null ? List.of() : List.copyOf(allowedSetKeys);
            allowedProviders = allowedProviders == null ? List.of() : List.copyOf(allowedProviders);
            schemas = schemas == null ? List.of() : List.copyOf(schemas);
        }
    }
}
