package dev.sparkjobs.guardrails;

import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The policy of a caller: the built-in safe set, the defaults, and the grants of each of its roles
 * and of its tenant, added up. Pure: the same caller always gets the same policy.
 */
public final class PolicyResolver {

    private final GuardrailProperties properties;
    private final Path warehouse;
    private final Path workingDir;

    /**
     * @param warehouse always an allowed root, and a base a relative path must stay inside from
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
        List<String> roots = new ArrayList<>();
        roots.add(warehouse.toString());
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
                providers);
    }
}
