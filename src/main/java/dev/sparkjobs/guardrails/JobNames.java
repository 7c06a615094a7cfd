package dev.sparkjobs.guardrails;

import static dev.sparkjobs.guardrails.Members.field;
import static dev.sparkjobs.guardrails.Members.member;
import static dev.sparkjobs.guardrails.Members.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import scala.Product;

/**
 * Names that are not objects of the catalog, for {@link SchemaCheck}: the temporary views and
 * functions a job's statements created so far, and the CTE names in scope where the walk is. Names
 * are kept as written: a match is exact, so it holds whatever {@code spark.sql.caseSensitive} says.
 */
final class JobNames {

    private final Set<String> tempViews = new HashSet<>();
    private final Set<String> tempFunctions = new HashSet<>();
    private final Deque<String> ctes = new ArrayDeque<>();

    /** Mutable: a DROP or RENAME takes a name out. */
    Set<String> tempViews() {
        return tempViews;
    }

    /** Mutable: a DROP TEMPORARY FUNCTION takes a name out. */
    Set<String> tempFunctions() {
        return tempFunctions;
    }

    boolean isCte(String name) {
        return ctes.contains(name);
    }

    int cteMark() {
        return ctes.size();
    }

    void addCte(String name) {
        ctes.push(name);
    }

    /** Back to the CTEs in scope at {@code mark}. */
    void dropCtes(int mark) {
        while (ctes.size() > mark) {
            ctes.pop();
        }
    }

    /** Takes every CTE out of scope, for text parsed on its own; {@link #resumeCtes} puts them back. */
    List<String> suspendCtes() {
        List<String> outer = new ArrayList<>(ctes);
        ctes.clear();
        return outer;
    }

    void resumeCtes(List<String> outer) {
        ctes.clear();
        ctes.addAll(outer);
    }

    /** What a statement of its own creates for the rest of the job: a temporary view or function. */
    void created(TreeNode<?> plan) {
        switch (plan.getClass().getSimpleName()) {
            case "CreateViewCommand" -> {
                if (String.valueOf(field(plan, "viewType")).startsWith("LocalTempView")) {
                    tempViews.add(text(member(field(plan, "name"), "table")));
                }
            }
            case "CreateTempViewUsing" -> {
                if (!Boolean.TRUE.equals(field(plan, "global"))) {
                    tempViews.add(text(member(field(plan, "tableIdent"), "table")));
                }
            }
            case "CacheTableAsSelect" -> {
                Object name = field(plan, "tempViewName");
                tempViews.add(name instanceof Literal l ? String.valueOf(l.value()) : text(name));
            }
            case "CreateSQLFunctionCommand", "CreateFunctionCommand" -> {
                if (Boolean.TRUE.equals(field(plan, "isTemp"))) {
                    Object identifier = field(plan, "name") instanceof Product p ? p : field(plan, "identifier");
                    tempFunctions.add(text(member(identifier, "funcName")));
                }
            }
            default -> {}
        }
    }
}
