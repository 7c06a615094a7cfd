package dev.sparkjobs.guardrails;

import static dev.sparkjobs.guardrails.Members.field;
import static dev.sparkjobs.guardrails.Members.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.analysis.NamedParameter;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import org.apache.spark.sql.execution.command.SetCommand;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Option;
import scala.Product;
import scala.Tuple2;

/**
 * The rules {@link PlanInspector} applies to what it finds: paths, options, SET, functions that
 * reach the JVM. Each refuses with a {@link Refusal} naming its rule.
 */
final class PolicyChecks {

    /** Functions that call any static Java method in the driver. */
    private static final Set<String> REFLECTION = Set.of("reflect", "java_method", "try_reflect");

    /** Table functions that read files. */
    private static final Set<String> FILE_FUNCTIONS = Set.of("read_files");

    private static final Pattern OPTION_KEY = Pattern.compile(
            "^(fs|dfs|spark|hadoop|mapreduce|mapred|yarn)\\.|class|impl|jar|plugin|factory", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static final Set<String> LOCATION_FIELDS = Set.of("location", "targetLocation", "locationUri", "path");
    private static final Set<String> OPTION_FIELDS = Set.of(
            "options", "optionExpression", "properties", "writeOptions", "tablePropertyOverrides", "serdeProperties");

    private final SqlPolicy policy;
    private final Predicate<String> isDataSource;
    private final Map<String, Object> args;
    private boolean readPaths;

    PolicyChecks(SqlPolicy policy, Predicate<String> isDataSource, Map<String, Object> args) {
        this.policy = policy;
        this.isDataSource = isDataSource;
        this.args = args;
    }

    SqlPolicy policy() {
        return policy;
    }

    /**
     * Whether a check so far has looked a path up in the allowed roots: its answer then depends on
     * the file system's links at that moment, not on the statement alone.
     */
    boolean readPaths() {
        return readPaths;
    }

    private boolean inRoots(String path) {
        readPaths = true;
        return policy.roots().contains(path);
    }

    /**
     * Checks a member by its name: a location, a provider, options.
     *
     * @param plan the simple class name of the plan the member belongs to
     * @return whether the member was one of these
     */
    boolean member(String name, Object value, String plan) {
        if (LOCATION_FIELDS.contains(name)) {
            String path = text(value);
            if (path != null) {
                location(path, plan);
            }
        } else if (name.equals("provider")) {
            String provider = text(value);
            if (provider != null && !policy.allowsProvider(provider)) {
                throw new Refusal(SqlRule.PROVIDER, "the data source format '" + provider + "' is not allowed");
            }
        } else if (OPTION_FIELDS.contains(name)) {
            options(value);
        } else {
            return false;
        }
        return true;
    }

    /** Nodes whose meaning is in their class, {@code name}, not in a member's name. */
    void node(TreeNode<?> node, String name) {
        switch (name) {
            case "AddJarsCommand", "AddFilesCommand", "AddArchivesCommand" -> {
                if (!policy.allowAddResources()) {
                    throw new Refusal(
                            SqlRule.ADD_RESOURCE, "ADD JAR, ADD FILE and ADD ARCHIVE would load files into the driver");
                }
            }
            case "CreateFunction", "CreateFunctionCommand" -> classFunction(node);
            case "CreateUserDefinedFunction" -> {
                Object language = field(node, "language");
                if (language != null && !language.getClass().getSimpleName().contains("SQL")) {
                    throw new Refusal(SqlRule.CREATE_FUNCTION, "only SQL functions may be created");
                }
            }
            case "CreateSQLFunctionCommand" -> {
                // its body (exprText, queryText) is checked as a member
            }
            case "SetCommand" -> set((SetCommand) node);
            case "ScriptTransformation" ->
                throw new Refusal(SqlRule.SCRIPT, "TRANSFORM ... USING runs a shell command, which no job may do");
            default -> {
                if (name.startsWith("Create") && name.contains("Function")) {
                    throw new Refusal(SqlRule.CREATE_FUNCTION, "this kind of CREATE FUNCTION cannot be checked");
                }
            }
        }
    }

    private void classFunction(TreeNode<?> node) {
        boolean hasResources = field(node, "resources") instanceof scala.collection.Iterable<?> r && r.nonEmpty();
        if (hasResources && !policy.allowAddResources()) {
            throw new Refusal(SqlRule.ADD_RESOURCE, "CREATE FUNCTION ... USING would load files into the driver");
        }
        if (!policy.allowClassFunctions()) {
            throw new Refusal(SqlRule.CREATE_FUNCTION, "functions of Java classes may not be created");
        }
    }

    private void set(SetCommand set) {
        if (set.kv().isEmpty()) {
            return; // SET: lists the session's settings (Spark redacts secrets)
        }
        Tuple2<String, Option<String>> kv = set.kv().get();
        String key = kv._1().trim();
        if (kv._2().isDefined()) {
            if (!policy.allowsSet(key)) {
                throw new Refusal(SqlRule.SET_CONFIG, "SET of '" + key + "' is not allowed");
            }
        } else if (!key.equals("-v") && !policy.allowsRead(key)) {
            throw new Refusal(SqlRule.SET_CONFIG, "'" + key + "' may not be read");
        }
    }

    private void options(Object value) {
        if (value instanceof Product list && list.getClass().getSimpleName().equals("OptionList")) {
            value = list.productElement(0);
        }
        if (value instanceof CaseInsensitiveStringMap map) {
            map.forEach(this::option);
        } else if (value instanceof scala.collection.Iterable<?> entries) {
            entries.foreach(entry -> {
                if (entry instanceof Tuple2<?, ?> kv && kv._1() instanceof String key) {
                    option(key, kv._2());
                }
                return null;
            });
        }
    }

    private void option(String key, Object value) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (k.startsWith("__")) {
            return; // Spark's own markers, e.g. __required_write_privileges__
        }
        if (k.equals("path") || k.equals("paths") || k.equals("location")) {
            SqlRule rule = k.equals("location") ? SqlRule.LOCATION : SqlRule.PATH_OPTION;
            String v = value instanceof Expression e ? stringValue(e) : text(value);
            if (v == null) {
                throw new Refusal(rule, "the option '" + key + "' must be a string literal");
            }
            List<String> paths = new ArrayList<>();
            if (k.equals("paths") && v.trim().startsWith("[")) {
                Matcher m = QUOTED.matcher(v);
                while (m.find()) {
                    paths.add(m.group(1));
                }
            } else if (k.equals("paths")) {
                paths.addAll(List.of(v.split(",")));
            } else {
                paths.add(v);
            }
            for (String p : paths) {
                if (!inRoots(p.trim())) {
                    throw new Refusal(rule, "the option " + key + " '" + p.trim() + "' is " + outside());
                }
            }
        } else if (OPTION_KEY.matcher(k).find()) {
            throw new Refusal(SqlRule.OPTION, "the option '" + key + "' may not be set from SQL");
        }
    }

    /** A path a command names, checked by the rule of the command ({@code plan}) it belongs to. */
    private void location(String path, String plan) {
        if (plan.contains("PathBased") || plan.equals("RefreshResource")) {
            // Delta's VACUUM '/p', OPTIMIZE '/p', DESCRIBE HISTORY '/p'; REFRESH '/p'
            fileRelation(path);
            return;
        }
        if (!inRoots(path)) {
            SqlRule rule =
                    switch (plan) {
                        case "InsertIntoDir", "InsertIntoDataSourceDirCommand", "InsertIntoHiveDirCommand" ->
                            SqlRule.INSERT_DIRECTORY;
                        case "LoadData", "LoadDataCommand" -> SqlRule.LOAD_DATA;
                        default -> SqlRule.LOCATION;
                    };
            throw new Refusal(rule, "'" + path + "' is " + outside());
        }
    }

    /**
     * A table name that is a data source and a path: {@code parquet.`/x`}, {@code delta.`/p`}.
     *
     * @return whether the name is such a path (and allowed), not a name in the catalog
     */
    boolean fileRelation(List<String> parts) {
        if (parts.size() < 2) {
            return false;
        }
        String last = parts.get(parts.size() - 1);
        String namespace = parts.get(parts.size() - 2);
        if (last.contains("/") || last.contains("\\") || last.contains(":") || isDataSource.test(namespace)) {
            fileRelation(last);
            return true;
        }
        return false;
    }

    private void fileRelation(String path) {
        if (!policy.allowFileRelations()) {
            throw new Refusal(
                    SqlRule.FILE_RELATION,
                    "files may not be queried by path" + (path == null ? "" : " ('" + path + "'); use a table"));
        }
        if (path == null || !inRoots(path)) {
            throw new Refusal(SqlRule.FILE_RELATION, "'" + path + "' is " + outside());
        }
    }

    void function(List<String> parts) {
        if (parts.isEmpty()) {
            return;
        }
        String name = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
        if (REFLECTION.contains(name) && !policy.allowReflection()) {
            throw new Refusal(SqlRule.REFLECTION, "the function " + name + " calls Java methods and is not allowed");
        }
        if (FILE_FUNCTIONS.contains(name)) {
            fileRelation((String) null);
        }
    }

    /** A string literal's value, or the value bound to a named parameter; null for anything else. */
    String stringValue(Expression e) {
        if (e instanceof Literal literal) {
            return literal.value() instanceof UTF8String s ? s.toString() : null;
        }
        if (e instanceof NamedParameter parameter && args.get(parameter.name()) instanceof String s) {
            return s;
        }
        return null;
    }

    private String outside() {
        return "outside the allowed directories " + policy.roots().describe();
    }
}
