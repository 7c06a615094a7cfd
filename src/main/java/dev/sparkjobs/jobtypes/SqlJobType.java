package dev.sparkjobs.jobtypes;

import dev.sparkjobs.guardrails.SqlGuard;
import dev.sparkjobs.guardrails.SqlWrites;
import dev.sparkjobs.job.TableWrite;
import dev.sparkjobs.plugin.api.JobContext;
import dev.sparkjobs.security.Caller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.springframework.beans.factory.annotation.Autowired;
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
    private final SqlWrites tables;

    /** A type that finds no writes in its statements. */
    public SqlJobType(ResultProperties limits, SqlGuard guard) {
        this(limits, guard, statements -> statements.stream()
                .map(s -> new SqlWrites.Statement(List.of()))
                .toList());
    }

    @Autowired
    public SqlJobType(ResultProperties limits, SqlGuard guard, SqlWrites tables) {
        this.limits = limits;
        this.guard = guard;
        this.tables = tables;
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

    /** What the statements write, read off their parsed plans. */
    @Override
    public List<TableWrite> writes(SqlParams params) {
        return tables.writes(params.statementList()).stream()
                .flatMap(s -> s.writes().stream())
                .distinct()
                .toList();
    }

    /**
     * One statement that writes one table: a conflict fails its only commit, so nothing of it was
     * written. A list of statements is never repeated, since an earlier write may have committed.
     */
    @Override
    public boolean repeatableOnConflict(SqlParams params) {
        List<String> statements = params.statementList();
        return statements.size() == 1
                && tables.writes(statements).get(0).writes().size() == 1;
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
