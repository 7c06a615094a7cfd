package dev.sparkjobs.jobtypes.maintenance;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Checks an OPTIMIZE's {@code where}: it must parse as exactly one expression (so it cannot end the
 * statement it is put into and start another) and hold no subquery (a query of other tables, run by the
 * driver while it plans the OPTIMIZE).
 */
final class WherePredicate {

    private static final int MAX_MESSAGE = 300;

    private final ParserInterface parser;

    WherePredicate(ParserInterface parser) {
        this.parser = parser;
    }

    /** With the driver's own parser, Delta's extension and variable substitution included. */
    static WherePredicate of(SparkSession spark) {
        return new WherePredicate(((org.apache.spark.sql.classic.SparkSession) spark)
                .sessionState()
                .sqlParser());
    }

    /** Why {@code where} is refused, or null when it is fine. */
    String problem(String where) {
        if (where.isBlank()) {
            return "must not be blank";
        }
        Expression expression;
        try {
            expression = parser.parseExpression(where);
        } catch (Exception e) { // ParseException, checked in Java's eyes
            return "is not one Spark SQL expression: " + firstLine(e.getMessage());
        }
        Deque<Expression> todo = new ArrayDeque<>();
        todo.push(expression);
        while (!todo.isEmpty()) {
            Expression e = todo.pop();
            if (e instanceof SubqueryExpression) {
                return "must not hold a subquery";
            }
            CollectionConverters.asJava(e.children()).forEach(todo::push);
        }
        return null;
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.strip().lines().findFirst().orElse("");
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "…" : m;
    }
}
