package dev.sparkjobs.guardrails;

import dev.sparkjobs.security.Caller;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.TableFunctionRegistry$;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.sources.DataSourceRegister;

/**
 * The guardrails on the driver's own parser: the one the jobs' statements will run through, Delta's
 * extension included, so what is checked is what would run.
 */
final class SparkSqlGuard implements SqlGuard, PathPolicy, TablePolicy {

    /** Formats Spark knows by name even when their module is missing from the class path. */
    private static final Set<String> KNOWN_FORMATS = Set.of(
            "text",
            "csv",
            "json",
            "parquet",
            "orc",
            "avro",
            "delta",
            "binaryfile",
            "jdbc",
            "xml",
            "hive",
            "libsvm",
            "image",
            "noop",
            "console",
            "rate",
            "socket",
            "kafka");

    private static final int MAX_MESSAGE = 2_000;
    private static final String CATALOG_PREFIX = "spark.sql.catalog.";

    private final ParserInterface parser;
    private final PolicyResolver policies;
    private final Set<String> dataSources;
    private final Set<String> catalogs;
    private final VerdictCache verdicts = new VerdictCache();

    SparkSqlGuard(SparkSession spark, PolicyResolver policies) {
        this.parser = ((org.apache.spark.sql.classic.SparkSession) spark)
                .sessionState()
                .sqlParser();
        this.policies = policies;
        this.dataSources = dataSources(spark.getClass().getClassLoader());
        this.catalogs = catalogs(spark.conf().getAll());
    }

    @Override
    public void checkTable(String table, Caller caller) {
        List<String> parts;
        try {
            parts = scala.jdk.javaapi.CollectionConverters.asJava(parser.parseMultipartIdentifier(table));
        } catch (Exception e) {
            throw new SqlRefusedException(
                    SqlRule.PARSE_ERROR,
                    null,
                    "the table name '" + cap(table) + "' does not parse: " + cap(e.getMessage()));
        }
        SqlPolicy policy = policies.resolve(caller);
        try {
            // delta.`/p`, parquet.`/p`: a path, held to the rules SQL holds it to, not a name in a schema
            if (!new PolicyChecks(policy, this::isDataSource, Map.of()).fileRelation(parts)) {
                new SchemaCheck(policy.schemas(), caller.tenant(), catalogs, SparkSqlGuard::isBuiltin).table(parts);
            }
        } catch (Refusal r) {
            throw new SqlRefusedException(r.rule, null, "refused (" + r.rule.id() + "): " + r.getMessage());
        }
    }

    @Override
    public void check(List<String> statements, boolean single, Map<String, Object> args, Caller caller) {
        SqlPolicy policy = policies.resolve(caller);
        VerdictCache.Key key = VerdictCache.key(policy, caller.tenant(), statements, single, args);
        VerdictCache.Verdict known = verdicts.get(key);
        if (known == null) {
            PolicyChecks checks = new PolicyChecks(policy, this::isDataSource, args);
            known = VerdictCache.Verdict.of(inspect(statements, single, checks, caller.tenant()));
            if (!checks.readPaths()) {
                verdicts.put(key, known);
            }
        }
        if (known.refused() != null) {
            throw known.refused().exception();
        }
    }

    /** How many verdicts are kept now. */
    int keptVerdicts() {
        return verdicts.size();
    }

    /** The first refusal of the statements, or null when every statement passes. */
    private VerdictCache.Refused inspect(List<String> statements, boolean single, PolicyChecks checks, String tenant) {
        SchemaCheck schemas = new SchemaCheck(checks.policy().schemas(), tenant, catalogs, SparkSqlGuard::isBuiltin);
        for (int i = 0; i < statements.size(); i++) {
            Integer index = single ? null : i;
            String where = single ? "sql" : "statements[" + i + "]";
            LogicalPlan plan;
            try {
                plan = parser.parsePlan(statements.get(i));
            } catch (Exception e) { // ParseException, or the parser's own failure on odd input
                return new VerdictCache.Refused(
                        SqlRule.PARSE_ERROR, index, where + " does not parse: " + cap(e.getMessage()));
            }
            try {
                new PlanInspector(checks, schemas, parser).check(plan);
                schemas.statementDone(plan);
            } catch (Refusal r) {
                return new VerdictCache.Refused(
                        r.rule, index, where + " is refused (" + r.rule.id() + "): " + r.getMessage());
            }
        }
        return null;
    }

    @Override
    public boolean allows(String path, Caller caller) {
        return policies.resolve(caller).roots().contains(path);
    }

    /** A table name's first part that names a data source: a format, or a class. */
    private boolean isDataSource(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return dataSources.contains(n) || KNOWN_FORMATS.contains(n) || n.contains(".");
    }

    /** Spark's own functions, scalar or table-valued: not objects of any schema. */
    private static boolean isBuiltin(String name) {
        FunctionIdentifier f = FunctionIdentifier.apply(name);
        return FunctionRegistry$.MODULE$.builtin().functionExists(f)
                || TableFunctionRegistry$.MODULE$.builtin().functionExists(f);
    }

    /**
     * The catalogs the operator configured ({@code spark.sql.catalog.<name>}); a job cannot add one,
     * since SET of such keys is refused.
     */
    static Set<String> catalogs(scala.collection.immutable.Map<String, String> conf) {
        Set<String> names = new TreeSet<>();
        conf.keys().foreach(key -> {
            if (key.startsWith(CATALOG_PREFIX)) {
                names.add(key.substring(CATALOG_PREFIX.length())
                        .split("\\.", 2)[0]
                        .toLowerCase(Locale.ROOT));
            }
            return null;
        });
        return Set.copyOf(names);
    }

    /** The short names every registered data source answers to, as Spark finds them. */
    private static Set<String> dataSources(ClassLoader loader) {
        Set<String> names = new TreeSet<>();
        Iterator<DataSourceRegister> it =
                ServiceLoader.load(DataSourceRegister.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                names.add(it.next().shortName().toLowerCase(Locale.ROOT));
            } catch (ServiceConfigurationError | LinkageError e) {
                // a registered source whose classes are missing: Spark cannot use it either
            }
        }
        return Set.copyOf(names);
    }

    private static String cap(String message) {
        String m = message == null ? "" : message.strip();
        return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "…";
    }
}
