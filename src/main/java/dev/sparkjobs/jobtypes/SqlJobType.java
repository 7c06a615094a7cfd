package dev.sparkjobs.jobtypes;

import dev.sparkjobs.guardrails.SqlGuard;
import dev.sparkjobs.plugin.api.JobContext;
import dev.sparkjobs.security.Caller;
import java.util.LinkedHashMap;
import java.util.Map;
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
public class SqlJobType implements JobType<SqlParams> {

    static final int DEFAULT_MAX_ROWS = 100;

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
    public Class<SqlParams> paramsType() {
        return SqlParams.class;
    }

    @Override
    public SqlParams exampleParams() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("mod", 7);
        args.put("below", 10);
        return new SqlParams("SELECT id, id % :mod AS bucket FROM range(0, 1000) WHERE id < :below", null, args, 5);
    }

    @Override
    public void checkPolicy(SqlParams params, Caller caller) {
        guard.check(params.statementList(), params.sql() != null, params.argValues(), caller);
    }

    @Override
    public Map<String, Object> run(JobContext context, SqlParams p) {
        Dataset<Row> last = null;
        Map<String, Object> args = p.argValues();
        for (String statement : p.statementList()) {
            context.checkNotStopped();
            last = args.isEmpty()
                    ? context.spark().sql(statement)
                    : context.spark().sql(statement, args);
        }
        context.checkNotStopped();
        return RowPreview.of(last, p.maxRows() == null ? DEFAULT_MAX_ROWS : p.maxRows(), limits);
    }
}
