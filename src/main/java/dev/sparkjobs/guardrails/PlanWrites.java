package dev.sparkjobs.guardrails;

import static dev.sparkjobs.guardrails.Members.member;
import static dev.sparkjobs.guardrails.Members.strings;

import dev.sparkjobs.job.TableWrite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.trees.TreeNode;

/**
 * Reads the written tables off the driver's parse of each statement (unresolved plans: no catalog is
 * asked, so it is cheap and has no side effects). Plan nodes are recognised by their class names and
 * members by their Scala names, as {@link PlanInspector} does, so that Delta's commands need no
 * compile-time link to Delta's internals.
 *
 * <p>A submit asks twice (the job's writes, and whether a conflict may repeat it), and a scheduler
 * sends the same statements again and again: the writes of the last {@value #KEPT} statement lists
 * of up to {@value Lru#MAX_CHARS} characters are kept. They depend on the text alone: the parse asks
 * no catalog and no file system.
 */
final class PlanWrites implements SqlWrites {

    private static final String DEFAULT_DB = "default";

    static final int KEPT = 1_024;

    private final ParserInterface parser;
    private final Lru<List<String>, List<Statement>> kept = new Lru<>(KEPT);

    PlanWrites(ParserInterface parser) {
        this.parser = parser;
    }

    @Override
    public List<Statement> writes(List<String> statements) {
        if (Lru.chars(statements) > Lru.MAX_CHARS) {
            return read(statements);
        }
        // a copy: the key must not change under the map when the caller's list does
        List<String> key = Collections.unmodifiableList(new ArrayList<>(statements));
        List<Statement> known = kept.get(key);
        if (known == null) {
            known = read(statements);
            kept.put(key, known);
        }
        return known;
    }

    private List<Statement> read(List<String> statements) {
        List<Statement> out = new ArrayList<>();
        String db = DEFAULT_DB;
        for (String sql : statements) {
            LogicalPlan plan;
            try {
                plan = parser.parsePlan(sql);
            } catch (Exception e) {
                out.add(new Statement(List.of())); // the guardrails refuse it, or Spark fails it at run time
                continue;
            }
            String used = usedDatabase(plan);
            db = used == null ? db : used;
            TableWrite write = write(withoutCtes(plan), db);
            out.add(new Statement(write == null ? List.of() : List.of(write)));
        }
        return List.copyOf(out);
    }

    /** The database a {@code USE db} or {@code USE NAMESPACE db} chooses; null for any other statement. */
    private static String usedDatabase(LogicalPlan plan) {
        List<String> ns =
                switch (plan.getClass().getSimpleName()) {
                    case "SetCatalogAndNamespace" ->
                        strings(member(plan.children().head(), "multipartIdentifier"));
                    case "SetNamespaceCommand" -> strings(member(plan, "namespace"));
                    default -> null;
                };
        return ns == null || ns.isEmpty() ? null : ns.get(ns.size() - 1);
    }

    /** The statement beneath its {@code WITH} clauses ({@code WITH s AS (...) INSERT INTO t ...}). */
    private static LogicalPlan withoutCtes(LogicalPlan plan) {
        LogicalPlan p = plan;
        while (p.getClass().getSimpleName().equals("UnresolvedWith") && member(p, "child") instanceof LogicalPlan c) {
            p = c;
        }
        return p;
    }

    private static TableWrite write(LogicalPlan plan, String db) {
        return switch (plan.getClass().getSimpleName()) {
            case "InsertIntoStatement" ->
                of(
                        member(plan, "table"),
                        db,
                        Boolean.TRUE.equals(member(plan, "overwrite"))
                                ? TableWrite.Kind.OVERWRITE
                                : TableWrite.Kind.APPEND);
            // INSERT INTO t REPLACE WHERE ...
            case "OverwriteByExpression" -> of(member(plan, "table"), db, TableWrite.Kind.OVERWRITE);
            case "MergeIntoTable" -> of(member(plan, "targetTable"), db, TableWrite.Kind.MERGE);
            case "UpdateTable" -> of(member(plan, "table"), db, TableWrite.Kind.UPDATE);
            case "DeleteFromTable" -> of(member(plan, "table"), db, TableWrite.Kind.DELETE);
            case "CreateTableAsSelect", "ReplaceTableAsSelect", "ReplaceTable" ->
                of(member(plan, "name"), db, TableWrite.Kind.OVERWRITE);
            case "OptimizeTableCommand", "DeltaReorgTable" -> of(plan, db, TableWrite.Kind.OPTIMIZE);
            case "VacuumTableCommand" -> of(plan, db, TableWrite.Kind.VACUUM);
            case "AnalyzeTable", "AnalyzeColumn" -> of(plan, db, TableWrite.Kind.ANALYZE);
            default -> null;
        };
    }

    /** The write of the first table named in {@code node} or beneath it; null when none is. */
    private static TableWrite of(Object node, String db, TableWrite.Kind kind) {
        String table = tableIn(node, 0);
        return table == null ? null : new TableWrite(qualified(table, db), kind);
    }

    private static String tableIn(Object node, int depth) {
        if (!(node instanceof TreeNode<?> tree) || depth > 8) {
            return null;
        }
        String name = tree.getClass().getSimpleName();
        if (name.equals("UnresolvedPathBasedDeltaTable") || name.equals("UnresolvedPathBasedTable")) {
            Object path = member(tree, "path");
            return path instanceof String p ? "delta.`" + p + "`" : null;
        }
        for (String member : List.of("multipartIdentifier", "nameParts")) {
            List<String> parts = strings(member(tree, member));
            if (parts != null && !parts.isEmpty()) {
                return String.join("\u0000", parts);
            }
        }
        for (var it = tree.children().iterator(); it.hasNext(); ) {
            String found = tableIn(it.next(), depth + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** {@code db.table} in lower case; {@code delta.`/path`} for a path; the session catalog's name dropped. */
    static String qualified(String joinedParts, String db) {
        if (joinedParts.startsWith("delta.`")) {
            return joinedParts;
        }
        List<String> parts = new ArrayList<>(List.of(joinedParts.split("\u0000")));
        if (parts.size() == 2
                && parts.get(0).equalsIgnoreCase("delta")
                && (parts.get(1).startsWith("/") || parts.get(1).contains(":/"))) {
            return "delta.`" + parts.get(1) + "`";
        }
        if (parts.size() == 3 && parts.get(0).equalsIgnoreCase("spark_catalog")) {
            parts.remove(0);
        }
        if (parts.size() == 1) {
            parts.add(0, db);
        }
        return String.join(".", parts).toLowerCase(Locale.ROOT);
    }
}
