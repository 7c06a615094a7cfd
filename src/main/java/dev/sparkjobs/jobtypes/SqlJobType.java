package dev.sparkjobs.jobtypes;

import dev.sparkjobs.guardrails.SqlGuard;
import dev.sparkjobs.security.Caller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.springframework.stereotype.Component;

/**
 * Runs Spark SQL: one parameterised statement, or several in order stopping at the first failure.
 * Values are bound by Spark's parameterised {@code spark.sql(text, args)}, never spliced into the
 * text. The result previews the last statement's rows, capped in rows ({@code maxRows}) and in bytes
 * ({@link ResultProperties}). Before a job is accepted, every statement is checked by the SQL
 * guardrails ({@link SqlGuard}).
 */
@Component
public class SqlJobType implements JobType {

    static final int DEFAULT_MAX_ROWS = 100;
    static final int MAX_ROWS_LIMIT = 10_000;
    static final int MAX_STATEMENTS = 100;
    private static final Pattern ARG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final ResultProperties limits;
    private final SqlGuard guard;

    public SqlJobType(ResultProperties limits, SqlGuard guard) {
        this.limits = limits;
        this.guard = guard;
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public String description() {
        return "Runs Spark SQL: one statement with named parameters (:name), or a list of statements in "
                + "order, stopping at the first failure. Returns a preview of the last statement's rows.";
    }

    @Override
    public List<ParameterDoc> parameters() {
        return List.of(
                new ParameterDoc(
                        "sql",
                        "string",
                        false,
                        "One statement; may use named markers such as :day. Give sql or statements."),
                new ParameterDoc(
                        "statements",
                        "array of string",
                        false,
                        "Statements run in order (at most " + MAX_STATEMENTS + "). Give sql or statements."),
                new ParameterDoc(
                        "args",
                        "object",
                        false,
                        "Values for the named markers, e.g. {\"day\": \"2026-11-01\"}: strings, numbers, booleans or null."),
                new ParameterDoc(
                        "maxRows",
                        "integer",
                        false,
                        "Rows of the last statement to return, 1 to " + MAX_ROWS_LIMIT + " (default " + DEFAULT_MAX_ROWS
                                + "). The preview also stops before its rows exceed "
                                + limits.maxBytes().toBytes()
                                + " bytes of JSON, and cuts values longer than "
                                + limits.maxValueBytes().toBytes()
                                + " bytes (truncatedBy: \"bytes\")."));
    }

    @Override
    public Map<String, Object> exampleParams() {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("sql", "SELECT id, id % :mod AS bucket FROM range(0, 1000) WHERE id < :below");
        example.put("args", Map.of("mod", 7, "below", 10));
        example.put("maxRows", 5);
        return example;
    }

    @Override
    public List<ParamError> validate(Map<String, Object> params) {
        return parse(params).errors();
    }

    @Override
    public void checkPolicy(Map<String, Object> params, Caller caller) {
        Params p = parse(params);
        SqlParams sql = SqlParams.from(p);
        guard.check(sql.statements(), p.has("sql"), sql.args(), caller);
    }

    @Override
    public Map<String, Object> run(JobContext context, Map<String, Object> params) {
        SqlParams p = SqlParams.from(parse(params));
        Dataset<Row> last = null;
        for (String statement : p.statements()) {
            context.checkNotStopped();
            last = p.args().isEmpty()
                    ? context.spark().sql(statement)
                    : context.spark().sql(statement, p.args());
        }
        context.checkNotStopped();
        return RowPreview.of(last, p.maxRows(), limits);
    }

    private static Params parse(Map<String, Object> params) {
        Params p = new Params(params, Set.of("sql", "statements", "args", "maxRows"));
        boolean hasSql = p.has("sql");
        boolean hasStatements = p.has("statements");
        if (hasSql == hasStatements) {
            p.error(
                    hasSql ? "statements" : "sql",
                    hasSql ? "give sql or statements, not both" : "required: give sql or statements");
        }
        p.string("sql");
        p.strings("statements", MAX_STATEMENTS);
        p.integer("maxRows", 1, MAX_ROWS_LIMIT);
        Map<String, Object> args = p.object("args");
        if (args != null) {
            args.forEach((name, value) -> {
                if (!ARG_NAME.matcher(name).matches()) {
                    p.error(
                            "args." + name,
                            "is not a valid parameter name (letters, digits, _; not starting with a digit)");
                } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    p.error("args." + name, "must be a string, number, boolean or null");
                }
            });
        }
        return p;
    }

    /** Parameters after validation. */
    record SqlParams(List<String> statements, Map<String, Object> args, int maxRows) {

        static SqlParams from(Params p) {
            if (!p.errors().isEmpty()) {
                throw new IllegalArgumentException("invalid params: " + p.errors());
            }
            List<String> statements = p.has("sql") ? List.of(p.string("sql")) : p.strings("statements", MAX_STATEMENTS);
            Map<String, Object> args = p.object("args");
            Integer maxRows = p.integer("maxRows", 1, MAX_ROWS_LIMIT);
            return new SqlParams(
                    statements, args == null ? Map.of() : args, maxRows == null ? DEFAULT_MAX_ROWS : maxRows);
        }
    }
}
