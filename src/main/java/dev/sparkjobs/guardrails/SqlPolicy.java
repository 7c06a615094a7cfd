package dev.sparkjobs.guardrails;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one caller may do, resolved from {@link GuardrailProperties} by {@link PolicyResolver}.
 *
 * @param roots where paths may point: the warehouse first, then the granted roots
 * @param setKeys keys {@code SET} may change: exact keys, or prefixes ending in {@code .*}
 * @param providers data source formats {@code USING} may name, lower case
 * @param schemas the schemas of the session catalog the caller's SQL may name, lower case; empty for
 *     any (see {@link SchemaCheck})
 */
public record SqlPolicy(
        PathRoots roots,
        boolean allowFileRelations,
        boolean allowReflection,
        boolean allowAddResources,
        boolean allowClassFunctions,
        Set<String> setKeys,
        Set<String> providers,
        Set<String> schemas) {

    /** Keys a job may change for its own session: how it plans and what it writes, not what the driver loads. */
    public static final List<String> SAFE_SET_KEYS = List.of(
            "spark.sql.shuffle.partitions",
            "spark.sql.adaptive.*",
            "spark.sql.session.timeZone",
            "spark.sql.ansi.enabled",
            "spark.sql.autoBroadcastJoinThreshold",
            "spark.sql.files.maxPartitionBytes",
            "spark.sql.files.maxRecordsPerFile",
            "spark.sql.parquet.compression.codec",
            "spark.sql.caseSensitive",
            "spark.sql.storeAssignmentPolicy",
            "spark.sql.timestampType",
            "spark.databricks.delta.schema.autoMerge.enabled",
            "spark.databricks.delta.optimizeWrite.enabled",
            "spark.databricks.delta.autoCompact.enabled",
            "spark.databricks.delta.merge.repartitionBeforeWrite.enabled",
            "spark.databricks.delta.optimize.maxFileSize",
            "spark.databricks.delta.properties.defaults.*");

    /** Formats that read and write files only, and only where the location rules let them. */
    public static final List<String> SAFE_PROVIDERS = List.of("delta", "parquet", "csv", "json", "orc", "text");

    /**
     * Never settable by SET, whatever is granted: they load code, name files or hosts, hold secrets,
     * or switch off a check (Delta's retention check guards against VACUUM deleting live data). An
     * operator sets them through {@code jobservice.spark.conf} instead.
     */
    private static final Pattern NEVER_SET = Pattern.compile(
            "jar|class|impl|plugin|extension|catalog|warehouse|runsqlonfiles|security|credential|password|secret"
                    + "|token|hadoop|fs\\.|spark\\.driver|spark\\.executor|spark\\.ui|spark\\.files|spark\\.archives"
                    + "|legacy|redaction|retentiondurationcheck|sources\\.default|spark\\.python|spark\\.r\\.");

    /** Keys whose values are not shown to a SET that reads them. */
    private static final Pattern SECRET = Pattern.compile("secret|password|token|credential|access\\.?key");

    public SqlPolicy {
        setKeys = Set.copyOf(setKeys);
        providers = Set.copyOf(providers);
        schemas = Set.copyOf(schemas);
    }

    /** May {@code SET key=value} run. */
    public boolean allowsSet(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (NEVER_SET.matcher(lower).find()) {
            return false;
        }
        for (String allowed : setKeys) {
            String a = allowed.toLowerCase(Locale.ROOT);
            if (a.endsWith(".*") ? lower.startsWith(a.substring(0, a.length() - 1)) : lower.equals(a)) {
                return true;
            }
        }
        return false;
    }

    /** May {@code SET key} show the key's value. */
    public boolean allowsRead(String key) {
        return !SECRET.matcher(key.toLowerCase(Locale.ROOT)).find();
    }

    public boolean allowsProvider(String provider) {
        return providers.contains(provider.toLowerCase(Locale.ROOT));
    }
}
