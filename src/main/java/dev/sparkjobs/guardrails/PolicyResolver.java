package dev.sparkjobs.guardrails;

import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The policy of a caller: the built-in safe set, the defaults, and the grants of each of its roles
 * and of its tenant, added up; and, for a caller that is not an admin, its tenant's schemas, which
 * also narrow the warehouse to those schemas' directories. Pure:
 * the same caller always gets the same policy.
 */
public final class PolicyResolver {

    private static final Pattern SCHEMA_DIR = Pattern.compile("[a-z0-9_]+");

    private final GuardrailProperties properties;
    private final Path warehouse;
    private final Path workingDir;

    /**
     * @param warehouse always an allowed root (for a caller held to schemas, their directories in
     *     it), and a base a relative path must stay inside from
     * @param workingDir the other base of relative paths (the driver's working directory)
     */
    public PolicyResolver(GuardrailProperties properties, Path warehouse, Path workingDir) {
        this.properties = properties;
        this.warehouse = warehouse;
        this.workingDir = workingDir;
    }

    public SqlPolicy resolve(Caller caller) {
        List<GuardrailProperties.Grants> grants = new ArrayList<>();
        grants.add(properties.defaults());
        for (Role role : Role.values()) {
            if (caller.roles().contains(role) && properties.roles().containsKey(role)) {
                grants.add(properties.roles().get(role));
            }
        }
        GuardrailProperties.Grants tenant = properties.tenants().get(caller.tenant());
        if (tenant != null) {
            grants.add(tenant);
        }
        Set<String> schemas = schemas(caller, tenant);
        List<String> roots = new ArrayList<>(warehouseRoots(schemas));
        Set<String> setKeys = new LinkedHashSet<>(SqlPolicy.SAFE_SET_KEYS);
        Set<String> providers = new LinkedHashSet<>(SqlPolicy.SAFE_PROVIDERS);
        boolean files = false, reflection = false, resources = false, classes = false;
        for (GuardrailProperties.Grants g : grants) {
            roots.addAll(g.allowedRoots());
            setKeys.addAll(g.allowedSetKeys());
            g.allowedProviders().forEach(p -> providers.add(p.toLowerCase(Locale.ROOT)));
            files |= g.allowFileRelations();
            reflection |= g.allowReflection();
            resources |= g.allowAddResources();
            classes |= g.allowClassFunctions();
        }
        return new SqlPolicy(
                PathRoots.of(roots, List.of(workingDir, warehouse)),
                files,
                reflection,
                resources,
                classes,
                setKeys,
                providers,
                schemas);
    }

    /** The tenant's schemas, lower case, unless the caller is an admin (never restricted). */
    private static Set<String> schemas(Caller caller, GuardrailProperties.Grants tenant) {
        Set<String> schemas = new LinkedHashSet<>();
        if (tenant != null && !caller.roles().contains(Role.ADMIN)) {
            for (String schema : tenant.schemas()) {
                if (schema != null && !schema.isBlank()) {
                    schemas.add(schema.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return schemas;
    }

    /**
     * The warehouse, or for a caller held to schemas only their directories in it ({@code
     * <warehouse>/<schema>.db}, where Spark puts a schema's tables; {@code default}'s tables lie in
     * the warehouse itself): else a LOCATION could point a table of its own at another schema's data.
     */
    private List<String> warehouseRoots(Set<String> schemas) {
        if (schemas.isEmpty() || schemas.contains("default")) {
            return List.of(warehouse.toString());
        }
        return schemas.stream()
                .filter(s -> SCHEMA_DIR.matcher(s).matches())
                .map(s -> warehouse.resolve(s + ".db").toString())
                .toList();
    }
}
