package dev.sparkjobs.guardrails;

import static dev.sparkjobs.guardrails.Members.addIfDefined;
import static dev.sparkjobs.guardrails.Members.field;
import static dev.sparkjobs.guardrails.Members.firstLine;
import static dev.sparkjobs.guardrails.Members.strings;
import static dev.sparkjobs.guardrails.Members.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.analysis.ExpressionWithUnresolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.NamedParameter;
import org.apache.spark.sql.catalyst.analysis.PlanWithUnresolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedExecuteImmediate;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import org.apache.spark.sql.execution.command.SetCommand;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Option;
import scala.Product;
import scala.Tuple2;

/**
 * Walks a parsed (unresolved) plan and refuses the first thing the policy forbids. It goes
 * everywhere the analyzer could: every member of every node, not only its children, so that
 * expressions, subqueries, CTE definitions, view bodies, command arguments, options maps and
 * script bodies are all seen. Fields are recognised by their Scala names, so a command Spark or
 * Delta adds later that takes a {@code location} or {@code path} is checked like the ones known
 * today. Text that Spark parses later (a SQL function's body, EXECUTE IMMEDIATE's string, VACUUM's
 * inventory query) is parsed here and checked the same way.
 */
final class PlanInspector {

    /** Functions that call any static Java method in the driver. */
    private static final Set<String> REFLECTION = Set.of("reflect", "java_method", "try_reflect");

    /** Table functions that read files. */
    private static final Set<String> FILE_FUNCTIONS = Set.of("read_files");

    private static final Set<String> LOCATION_FIELDS = Set.of("location", "targetLocation", "locationUri", "path");
    private static final Set<String> OPTION_FIELDS = Set.of(
            "options", "optionExpression", "properties", "writeOptions", "tablePropertyOverrides", "serdeProperties");
    private static final Pattern OPTION_KEY = Pattern.compile(
            "^(fs|dfs|spark|hadoop|mapreduce|mapred|yarn)\\.|class|impl|jar|plugin|factory", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final int MAX_DEPTH = 1_000;
    private static final int MAX_NESTED_TEXT = 4;

    /** A refusal, before it is given the statement's index. */
    static final class Refusal extends RuntimeException {
        final SqlRule rule;

        Refusal(SqlRule rule, String message) {
            super(message, null, false, false);
            this.rule = rule;
        }
    }

    private final SqlPolicy policy;
    private final ParserInterface parser;
    private final Predicate<String> isDataSource;
    private final Map<String, Object> args;
    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Deque<String> plans = new ArrayDeque<>();
    private int nestedText;

    PlanInspector(SqlPolicy policy, ParserInterface parser, Predicate<String> isDataSource, Map<String, Object> args) {
        this.policy = policy;
        this.parser = parser;
        this.isDataSource = isDataSource;
        this.args = args;
    }

    void check(LogicalPlan plan) {
        visit(plan, 0);
    }

    private void visit(Object o, int depth) {
        if (o == null
                || o instanceof String
                || o instanceof Number
                || o instanceof Boolean
                || o instanceof UTF8String) {
            return;
        }
        if (depth > MAX_DEPTH) {
            throw new Refusal(SqlRule.PARSE_ERROR, "the statement is nested too deeply to be checked");
        }
        if (!seen.add(o)) {
            return;
        }
        if (o instanceof TreeNode<?> node) {
            boolean isPlan = node instanceof LogicalPlan;
            if (isPlan) {
                plans.push(node.getClass().getSimpleName());
            }
            inspectNode(node, depth);
            members((Product) node, depth);
            for (var it = node.children().iterator(); it.hasNext(); ) {
                visit(it.next(), depth + 1);
            }
            for (var it = node.innerChildren().iterator(); it.hasNext(); ) {
                visit(it.next(), depth + 1);
            }
            if (isPlan) {
                plans.pop();
            }
        } else if (o instanceof Option<?> option) {
            if (option.isDefined()) {
                visit(option.get(), depth + 1);
            }
        } else if (o instanceof scala.collection.Iterable<?> items) {
            for (var it = items.iterator(); it.hasNext(); ) {
                visit(it.next(), depth + 1);
            }
        } else if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                visit(k, depth + 1);
                visit(v, depth + 1);
            });
        } else if (o instanceof Iterable<?> items) {
            items.forEach(item -> visit(item, depth + 1));
        } else if (o instanceof Object[] items) {
            for (Object item : items) {
                visit(item, depth + 1);
            }
        } else if (o instanceof Product product) {
            inspectProduct(product);
            members(product, depth);
        }
    }

    /** Checks each member by its name, then walks into it. */
    private void members(Product product, int depth) {
        for (int i = 0; i < product.productArity(); i++) {
            Object value = product.productElement(i);
            String name;
            try {
                name = product.productElementName(i);
            } catch (RuntimeException e) {
                name = "";
            }
            member(product, name, value);
            visit(value, depth + 1);
        }
    }

    private void member(Product owner, String name, Object value) {
        String ownerName = owner.getClass().getSimpleName();
        if (LOCATION_FIELDS.contains(name)) {
            String path = text(value);
            if (path != null) {
                location(path);
            }
        } else if (name.equals("provider")) {
            String provider = text(value);
            if (provider != null && !policy.allowsProvider(provider)) {
                throw new Refusal(SqlRule.PROVIDER, "the data source format '" + provider + "' is not allowed");
            }
        } else if (OPTION_FIELDS.contains(name)) {
            options(value);
        } else if (name.equals("multipartIdentifier") || name.equals("nameParts") || name.equals("name")) {
            List<String> parts = strings(value);
            if (parts != null) {
                if (isFunctionCall(ownerName)) {
                    function(parts);
                } else if (isRelation(ownerName)) {
                    relation(parts);
                }
            }
        } else if (name.equals("queryText") || name.equals("inventoryQuery")) {
            String sql = text(value);
            if (sql != null) {
                nested(sql, false, ownerName);
            }
        } else if (name.equals("exprText")) {
            String sql = text(value);
            if (sql != null) {
                nested(sql, true, ownerName);
            }
        }
    }

    private static boolean isFunctionCall(String ownerName) {
        return ownerName.startsWith("Unresolved")
                && (ownerName.contains("Function") || ownerName.contains("Generator"))
                && !ownerName.equals("UnresolvedFunctionName");
    }

    /** Names of tables, views and of what CREATE makes; not of columns, functions or namespaces. */
    private static boolean isRelation(String ownerName) {
        return ownerName.equals("UnresolvedIdentifier")
                || ownerName.startsWith("Unresolved")
                        && (ownerName.contains("Table")
                                || ownerName.contains("Relation")
                                || ownerName.contains("View"));
    }

    /** Nodes whose meaning is in their class, not in a member's name. */
    private void inspectNode(TreeNode<?> node, int depth) {
        String name = node.getClass().getSimpleName();
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
        if (node instanceof UnresolvedExecuteImmediate execute) {
            String sql = stringValue(execute.sqlStmtStr());
            if (sql == null) {
                throw new Refusal(
                        SqlRule.EXECUTE_IMMEDIATE,
                        "EXECUTE IMMEDIATE can be checked only for a string literal or a bound parameter");
            }
            nested(sql, false, "EXECUTE IMMEDIATE");
        } else if (node instanceof PlanWithUnresolvedIdentifier identifier) {
            scala.collection.immutable.Seq<String> parts = identifierName(identifier.identifierExpr());
            visit(identifier.planBuilder().apply(parts, identifier.children()), depth + 1);
        } else if (node instanceof ExpressionWithUnresolvedIdentifier identifier) {
            scala.collection.immutable.Seq<String> parts = identifierName(identifier.identifierExpr());
            visit(identifier.exprBuilder().apply(parts, identifier.otherExprs()), depth + 1);
        }
    }

    /** Members that are not tree nodes: table and function identifiers, storage formats. */
    private void inspectProduct(Product product) {
        String name = product.getClass().getSimpleName();
        if (name.equals("TableIdentifier")) {
            List<String> parts = new ArrayList<>();
            addIfDefined(parts, field(product, "catalog"));
            addIfDefined(parts, field(product, "database"));
            parts.add(text(field(product, "table")));
            relation(parts);
        } else if (name.equals("FunctionIdentifier")) {
            function(List.of(String.valueOf(text(field(product, "funcName")))));
        } else if (name.equals("SerdeInfo")) {
            if (!policy.allowsProvider("hive")) {
                throw new Refusal(SqlRule.PROVIDER, "Hive tables (STORED AS, ROW FORMAT) are not allowed");
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
                if (!policy.roots().contains(p.trim())) {
                    throw new Refusal(rule, "the option " + key + " '" + p.trim() + "' is " + outside());
                }
            }
        } else if (OPTION_KEY.matcher(k).find()) {
            throw new Refusal(SqlRule.OPTION, "the option '" + key + "' may not be set from SQL");
        }
    }

    private void location(String path) {
        String plan = plans.isEmpty() ? "" : plans.peek();
        if (plan.contains("PathBased") || plan.equals("RefreshResource")) {
            // Delta's VACUUM '/p', OPTIMIZE '/p', DESCRIBE HISTORY '/p'; REFRESH '/p'
            fileRelation(path);
            return;
        }
        if (!policy.roots().contains(path)) {
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

    /** A table name that is a data source and a path: {@code parquet.`/x`}, {@code delta.`/p`}. */
    private void relation(List<String> parts) {
        if (parts.size() < 2) {
            return;
        }
        String last = parts.get(parts.size() - 1);
        String namespace = parts.get(parts.size() - 2);
        if (last.contains("/") || last.contains("\\") || last.contains(":") || isDataSource.test(namespace)) {
            fileRelation(last);
        }
    }

    private void fileRelation(String path) {
        if (!policy.allowFileRelations()) {
            throw new Refusal(
                    SqlRule.FILE_RELATION,
                    "files may not be queried by path" + (path == null ? "" : " ('" + path + "'); use a table"));
        }
        if (path == null || !policy.roots().contains(path)) {
            throw new Refusal(SqlRule.FILE_RELATION, "'" + path + "' is " + outside());
        }
    }

    private void function(List<String> parts) {
        if (parts.isEmpty()) {
            return;
        }
        String name = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
        if (REFLECTION.contains(name) && !policy.allowReflection()) {
            throw new Refusal(SqlRule.REFLECTION, "the function " + name + " calls Java methods and is not allowed");
        }
        if (FILE_FUNCTIONS.contains(name)) {
            fileRelation(null);
        }
    }

    private scala.collection.immutable.Seq<String> identifierName(Expression expr) {
        String name = stringValue(expr);
        if (name == null) {
            throw new Refusal(
                    SqlRule.IDENTIFIER, "IDENTIFIER() can be checked only for a string literal or a bound parameter");
        }
        try {
            return parser.parseMultipartIdentifier(name);
        } catch (Exception e) {
            throw new Refusal(SqlRule.IDENTIFIER, "IDENTIFIER('" + name + "') is not a name");
        }
    }

    /** SQL text Spark parses later: parsed and checked now, with the same policy. */
    private void nested(String sql, boolean expression, String where) {
        if (++nestedText > MAX_NESTED_TEXT) {
            throw new Refusal(SqlRule.EXECUTE_IMMEDIATE, "SQL nested in SQL too deeply to be checked");
        }
        Object parsed;
        try {
            parsed = expression ? parser.parseExpression(sql) : parser.parsePlan(sql);
        } catch (Exception e) {
            SqlRule rule = where.equals("EXECUTE IMMEDIATE") ? SqlRule.PARSE_ERROR : SqlRule.CREATE_FUNCTION;
            throw new Refusal(rule, "the SQL of " + where + " does not parse: " + firstLine(e.getMessage()));
        }
        visit(parsed, 0);
        nestedText--;
    }

    /** A string literal's value, or the value bound to a named parameter; null for anything else. */
    private String stringValue(Expression e) {
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
