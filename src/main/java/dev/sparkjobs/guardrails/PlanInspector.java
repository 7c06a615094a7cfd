package dev.sparkjobs.guardrails;

import static dev.sparkjobs.guardrails.Members.addIfDefined;
import static dev.sparkjobs.guardrails.Members.field;
import static dev.sparkjobs.guardrails.Members.firstLine;
import static dev.sparkjobs.guardrails.Members.isFunctionCall;
import static dev.sparkjobs.guardrails.Members.isRelation;
import static dev.sparkjobs.guardrails.Members.strings;
import static dev.sparkjobs.guardrails.Members.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.ExpressionWithUnresolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.PlanWithUnresolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedExecuteImmediate;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Option;
import scala.Product;

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

    /** Members naming what a command writes to. */
    private static final Set<String> WRITE_TARGETS = Set.of("table", "targetTable", "target");

    private static final int MAX_DEPTH = 1_000;
    private static final int MAX_NESTED_TEXT = 4;

    private final PolicyChecks checks;
    private final SchemaCheck schemas;
    private final ParserInterface parser;
    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Deque<String> plans = new ArrayDeque<>();
    private int nestedText;

    PlanInspector(PolicyChecks checks, SchemaCheck schemas, ParserInterface parser) {
        this.checks = checks;
        this.schemas = schemas;
        this.parser = parser;
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
            if (name(node).equals("UnresolvedWith")) {
                visitWith(node, depth);
            }
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
            if (WRITE_TARGETS.contains(name)) {
                schemas.writeTarget(value);
            }
            visit(value, depth + 1);
        }
    }

    private void member(Product owner, String name, Object value) {
        String ownerName = owner.getClass().getSimpleName();
        if (checks.member(name, value, plans.isEmpty() ? "" : plans.peek())) {
            return;
        }
        if (name.equals("multipartIdentifier") || name.equals("nameParts") || name.equals("name")) {
            List<String> parts = strings(value);
            if (parts != null) {
                if (isFunctionCall(ownerName)) {
                    checks.function(parts);
                    schemas.name(owner, parentPlan(), parts);
                } else if (isRelation(ownerName)) {
                    if (!checks.fileRelation(parts)) {
                        schemas.name(owner, parentPlan(), parts);
                    }
                } else if (ownerName.equals("UnresolvedFunctionName") || ownerName.equals("UnresolvedNamespace")) {
                    schemas.name(owner, parentPlan(), parts);
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

    /** The plan the current plan node belongs to, by its class's simple name. */
    private String parentPlan() {
        var it = plans.iterator();
        if (it.hasNext()) {
            it.next();
        }
        return it.hasNext() ? it.next() : "";
    }

    /**
     * A WITH's CTE names are in scope in its main query and in the definitions after theirs (and in
     * their own, when recursive); walked here first, in that order, so the schema check knows which
     * one-part names are CTEs. The walk that follows finds every node already seen.
     */
    private void visitWith(TreeNode<?> with, int depth) {
        int mark = schemas.names().cteMark();
        boolean recursive = Boolean.TRUE.equals(field(with, "allowRecursion"));
        if (field(with, "cteRelations") instanceof scala.collection.Iterable<?> ctes) {
            for (var it = ctes.iterator(); it.hasNext(); ) {
                if (it.next() instanceof Product cte && cte.productElement(0) instanceof String name) {
                    if (recursive) {
                        schemas.names().addCte(name);
                    }
                    visit(cte.productElement(1), depth + 1);
                    if (!recursive) {
                        schemas.names().addCte(name);
                    }
                }
            }
        }
        visit(field(with, "child"), depth + 1);
        schemas.names().dropCtes(mark);
    }

    private static String name(Object o) {
        return o.getClass().getSimpleName();
    }

    /** Nodes whose meaning is in their class, not in a member's name. */
    private void inspectNode(TreeNode<?> node, int depth) {
        String name = name(node);
        schemas.node(node);
        checks.node(node, name);
        if (node instanceof UnresolvedExecuteImmediate execute) {
            String sql = checks.stringValue(execute.sqlStmtStr());
            if (sql == null) {
                throw new Refusal(
                        SqlRule.EXECUTE_IMMEDIATE,
                        "EXECUTE IMMEDIATE can be checked only for a string literal or a bound parameter");
            }
            nested(sql, false, "EXECUTE IMMEDIATE");
        } else if (node instanceof PlanWithUnresolvedIdentifier identifier) {
            scala.collection.immutable.Seq<String> parts = identifierName(identifier.identifierExpr());
            LogicalPlan built = identifier.planBuilder().apply(parts, identifier.children());
            schemas.sameTarget(node, built);
            visit(built, depth + 1);
        } else if (node instanceof ExpressionWithUnresolvedIdentifier identifier) {
            scala.collection.immutable.Seq<String> parts = identifierName(identifier.identifierExpr());
            visit(identifier.exprBuilder().apply(parts, identifier.otherExprs()), depth + 1);
        }
    }

    /** Members that are not tree nodes: table and function identifiers, storage formats. */
    private void inspectProduct(Product product) {
        String name = name(product);
        if (name.equals("TableIdentifier")) {
            List<String> parts = new ArrayList<>();
            addIfDefined(parts, field(product, "catalog"));
            addIfDefined(parts, field(product, "database"));
            parts.add(text(field(product, "table")));
            if (!checks.fileRelation(parts)) {
                schemas.identifier(product);
            }
        } else if (name.equals("FunctionIdentifier")) {
            checks.function(List.of(String.valueOf(text(field(product, "funcName")))));
            schemas.identifier(product);
        } else if (name.equals("SerdeInfo")) {
            if (!checks.policy().allowsProvider("hive")) {
                throw new Refusal(SqlRule.PROVIDER, "Hive tables (STORED AS, ROW FORMAT) are not allowed");
            }
        }
    }

    private scala.collection.immutable.Seq<String> identifierName(Expression expr) {
        String name = checks.stringValue(expr);
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
        // text parsed on its own: the CTEs around the statement are not in its scope
        List<String> outer = schemas.names().suspendCtes();
        visit(parsed, 0);
        schemas.names().resumeCtes(outer);
        nestedText--;
    }
}
