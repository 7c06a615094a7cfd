package dev.sparkjobs.guardrails;

import static dev.sparkjobs.guardrails.Members.field;
import static dev.sparkjobs.guardrails.Members.member;
import static dev.sparkjobs.guardrails.Members.strings;
import static dev.sparkjobs.guardrails.Members.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import scala.Product;

/**
 * A tenant's schema allow-list: every table, view, function and schema its SQL names must be in
 * one of its schemas of the session catalog. One instance checks all statements of one job, in
 * order, because what a statement may name depends on what the ones before it created.
 *
 * <p>How names are placed, as Spark would resolve them: {@code s.t} and {@code spark_catalog.s.t}
 * are in {@code s}; an unqualified {@code t} is in the current schema, {@code default}, because USE
 * and SET CATALOG/SCHEMA are refused; a name in another catalog, or of more parts, cannot be placed
 * and is refused. Not catalog objects, so always allowed: a CTE's name where it is in scope (read
 * only: a write names a table), built-in functions, and temporary views and functions created by an
 * earlier statement of the same job. Such a temporary view shadows a table of the same name for an
 * unqualified read or write, as in Spark; it counts only when created by a statement of its own (not
 * inside a script, where it may not run), the name matches exactly (case too, whatever {@code
 * spark.sql.caseSensitive} says), and only until a DROP or RENAME names it anywhere. Global
 * temporary views are in the schema {@code global_temp}, shared by every session.
 */
final class SchemaCheck {

    private static final String SESSION_CATALOG = "spark_catalog";
    private static final String CURRENT_SCHEMA = "default";
    private static final String GLOBAL_TEMP = "global_temp";

    private final Set<String> schemas;
    private final String tenant;
    private final Set<String> catalogs;
    private final Predicate<String> isBuiltinFunction;
    private final JobNames names = new JobNames();
    private final Set<Object> writeTargets = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Object> placed = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param schemas lower case; empty for a caller who may name any
     * @param catalogs the names of the catalogs besides the session catalog, lower case
     * @param isBuiltinFunction whether a name is one of Spark's built-in functions
     */
    SchemaCheck(Set<String> schemas, String tenant, Set<String> catalogs, Predicate<String> isBuiltinFunction) {
        this.schemas = new TreeSet<>(schemas);
        this.tenant = tenant;
        this.catalogs = Set.copyOf(catalogs);
        this.isBuiltinFunction = isBuiltinFunction;
    }

    /** The job's own names so far, and the CTEs in scope. */
    JobNames names() {
        return names;
    }

    private boolean restricted() {
        return !schemas.isEmpty();
    }

    /** {@code node} is what a command writes to: a CTE of its name does not hide a table. */
    void writeTarget(Object node) {
        if (restricted()) {
            writeTargets.add(node);
        }
    }

    /** {@code built} stands for {@code node} (IDENTIFIER's plan): a write target if it was one. */
    void sameTarget(Object node, Object built) {
        if (writeTargets.contains(node)) {
            writeTargets.add(built);
        }
    }

    /** Nodes whose meaning is in their class: USE, SHOW SCHEMAS, what creates temporary objects. */
    void node(TreeNode<?> node) {
        if (!restricted()) {
            return;
        }
        switch (node.getClass().getSimpleName()) {
            case "SetCatalogAndNamespace", "SetNamespaceCommand", "SetCatalogCommand" ->
                refuse("USE and SET CATALOG/SCHEMA are not allowed; qualify names with their schema instead");
            case "CurrentNamespace$" -> check(CURRENT_SCHEMA, "the current schema " + CURRENT_SCHEMA);
            case "CreateViewCommand" ->
                tempView(
                        field(node, "name"),
                        String.valueOf(field(node, "viewType")).startsWith("GlobalTempView"));
            case "CreateTempViewUsing" ->
                tempView(field(node, "tableIdent"), Boolean.TRUE.equals(field(node, "global")));
            case "CreateSQLFunctionCommand", "CreateFunctionCommand", "DropFunctionCommand" -> {
                Object identifier = field(node, "name") instanceof Product p ? p : field(node, "identifier");
                List<String> parts = identifierParts(identifier, "funcName");
                if (parts == null) {
                    refuse("a function that cannot be placed in a schema");
                }
                placed.add(identifier);
                if (!Boolean.TRUE.equals(field(node, "isTemp"))) {
                    place("the function", parts);
                } else if (node.getClass().getSimpleName().startsWith("Drop")) {
                    names.tempFunctions().remove(parts.get(parts.size() - 1));
                }
            }
            case "RenameTable" -> {
                // a one-part new name stays in the schema of the old one, which is checked as the child
                List<String> newName = strings(field(node, "newName"));
                if (newName == null || newName.size() > 1) {
                    place("the table or view", newName == null ? List.of() : newName);
                }
            }
            default -> {}
        }
    }

    private void tempView(Object identifier, boolean global) {
        if (!global && member(identifier, "database") instanceof scala.Option<?> db && db.isEmpty()) {
            placed.add(identifier); // a session's own view: checked only through its body
        } else if (global) {
            placed.add(identifier);
            place("the global temporary view", List.of(GLOBAL_TEMP, String.valueOf(text(member(identifier, "table")))));
        }
    }

    /**
     * A name a node carries: {@code owner} is the Unresolved* node, {@code parent} the simple class
     * name of the plan it belongs to.
     */
    void name(Product owner, String parent, List<String> parts) {
        if (!restricted()) {
            return;
        }
        String kind = owner.getClass().getSimpleName();
        switch (kind) {
            case "UnresolvedNamespace" -> namespace(parent, parts);
            case "UnresolvedIdentifier" -> {
                if (parent.equals("CreateVariable") || parent.equals("DropVariable")) {
                    return; // session variables live in the session
                }
                boolean temp = Boolean.TRUE.equals(field(owner, "allowTemp"));
                if (parent.contains("Function")) {
                    if (!(temp && parts.size() == 1 && names.tempFunctions().contains(parts.get(0)))) {
                        place("the function", parts);
                    }
                } else {
                    relation(parts, temp, false, parent);
                }
            }
            case "UnresolvedRelation" -> relation(parts, true, !writeTargets.contains(owner), parent);
            case "UnresolvedTableOrView" ->
                relation(parts, Boolean.TRUE.equals(field(owner, "allowTempView")), false, parent);
            case "UnresolvedView" -> relation(parts, Boolean.TRUE.equals(field(owner, "allowTemp")), false, parent);
            default -> {
                if (kind.contains("Function") || kind.contains("Generator")) {
                    function(parts);
                } else {
                    relation(parts, false, false, parent);
                }
            }
        }
    }

    /** A TableIdentifier or FunctionIdentifier not already placed with its command. */
    void identifier(Product product) {
        if (!restricted() || placed.contains(product)) {
            return;
        }
        boolean isFunction = product.getClass().getSimpleName().equals("FunctionIdentifier");
        List<String> parts = identifierParts(product, isFunction ? "funcName" : "table");
        if (parts == null) {
            refuse("a name that cannot be placed in a schema");
        } else if (isFunction) {
            function(parts);
        } else {
            place("the table or view", parts);
        }
    }

    /** After a statement of its own was checked: the temporary view or function it creates. */
    void statementDone(TreeNode<?> plan) {
        writeTargets.clear();
        placed.clear();
        names.dropCtes(0);
        if (restricted()) {
            names.created(plan);
        }
    }

    private void relation(List<String> parts, boolean tempAllowed, boolean cteAllowed, String parent) {
        if (parts.size() == 1) {
            String name = parts.get(0);
            if (cteAllowed && names.isCte(name)) {
                return;
            }
            if (tempAllowed && names.tempViews().contains(name)) {
                if (parent.startsWith("Drop") || parent.startsWith("Rename")) {
                    names.tempViews().remove(name); // from here on the name may mean the table again
                }
                return;
            }
        }
        place("the table or view", parts);
    }

    private void function(List<String> parts) {
        int n = parts.size();
        String name = n == 0 ? "" : parts.get(n - 1);
        boolean system = n == 3 && parts.get(0).equalsIgnoreCase("system");
        if ((n == 1 || system && parts.get(1).equalsIgnoreCase("builtin")) && isBuiltinFunction.test(name)) {
            return;
        }
        if ((n == 1 || system && parts.get(1).equalsIgnoreCase("session"))
                && names.tempFunctions().contains(name)) {
            return;
        }
        place("the function", parts);
    }

    private void namespace(String parent, List<String> parts) {
        if (parent.startsWith("ShowNamespaces")) {
            refuse("SHOW SCHEMAS lists the schemas of every tenant");
        }
        List<String> p =
                parts.size() == 2 && parts.get(0).equalsIgnoreCase(SESSION_CATALOG) ? parts.subList(1, 2) : parts;
        if (p.size() != 1 || isCatalog(p.get(0))) {
            refuse("the schema '" + String.join(".", parts) + "' is not a schema of the session catalog");
        }
        check(p.get(0), "the schema " + p.get(0));
    }

    /** Checks a table named outside SQL (already split into its parts). */
    void table(List<String> parts) {
        if (restricted()) {
            place("the table", parts);
        }
    }

    /** Places an object's name in a schema and checks that schema. */
    private void place(String what, List<String> parts) {
        String name = String.join(".", parts);
        List<String> p =
                parts.size() == 3 && parts.get(0).equalsIgnoreCase(SESSION_CATALOG) ? parts.subList(1, 3) : parts;
        if (p.size() == 1) {
            check(CURRENT_SCHEMA, what + " " + name + " (unqualified: in the current schema " + CURRENT_SCHEMA + ")");
        } else if (p.size() == 2 && !isCatalog(p.get(0))) {
            check(p.get(0), what + " " + name);
        } else {
            refuse(what + " '" + name + "' is not in a schema of the session catalog");
        }
    }

    private void check(String schema, String what) {
        if (!schemas.contains(schema.toLowerCase(Locale.ROOT))) {
            refuse(what + " is outside the allowed schemas");
        }
    }

    private boolean isCatalog(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals(SESSION_CATALOG) || n.equals("system") || catalogs.contains(n);
    }

    private void refuse(String what) {
        throw new Refusal(SqlRule.SCHEMA, what + "; tenant " + tenant + " may use only the schemas " + schemas);
    }

    /** {@code catalog.database.name} of a TableIdentifier or FunctionIdentifier, without the empty parts. */
    private static List<String> identifierParts(Object identifier, String nameField) {
        if (!(identifier instanceof Product product)) {
            return null;
        }
        String name = text(field(product, nameField));
        if (name == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        Members.addIfDefined(parts, field(product, "catalog"));
        Members.addIfDefined(parts, field(product, "database"));
        parts.add(name);
        return parts;
    }
}
