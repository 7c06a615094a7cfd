package dev.sparkjobs.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.job.TableWrite;
import dev.sparkjobs.job.TableWrite.Kind;
import dev.sparkjobs.support.AbstractIT;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The writes read off real plans: the shared session's parser, Delta's extension included, so that
 * every plan class and member name {@link PlanWrites} matches on is the one Spark and Delta produce.
 */
class PlanWritesIT extends AbstractIT {

    private PlanWrites writes;

    @BeforeEach
    void parser() {
        writes = new PlanWrites(((org.apache.spark.sql.classic.SparkSession) spark)
                .sessionState()
                .sqlParser());
    }

    private List<TableWrite> of(String... statements) {
        return writes.writes(List.of(statements)).stream()
                .flatMap(s -> s.writes().stream())
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            INSERT INTO t VALUES (1)                                         | default.t | APPEND
            INSERT INTO TABLE db.t SELECT 1                                  | db.t      | APPEND
            INSERT INTO spark_catalog.db.t VALUES (1)                        | db.t      | APPEND
            INSERT INTO TABLE IDENTIFIER('db.t') VALUES (1)                  | db.t      | APPEND
            INSERT OVERWRITE t SELECT 1                                      | default.t | OVERWRITE
            INSERT OVERWRITE TABLE db.t PARTITION (p = 1) SELECT 1          | db.t      | OVERWRITE
            INSERT INTO db.t REPLACE WHERE a = 1 SELECT 1                    | db.t      | OVERWRITE
            WITH s AS (SELECT 1 AS k) INSERT INTO db.t SELECT * FROM s       | db.t      | APPEND
            WITH s AS (SELECT 1 AS k) INSERT OVERWRITE db.t SELECT * FROM s  | db.t      | OVERWRITE
            MERGE INTO DB.T AS x USING s ON x.k = s.k WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT * | db.t | MERGE
            MERGE INTO t USING (SELECT 1 AS k) s ON t.k = s.k WHEN MATCHED THEN DELETE | default.t | MERGE
            UPDATE db.t SET a = 1 WHERE b = 2                                | db.t      | UPDATE
            DELETE FROM db.t WHERE a = 1                                     | db.t      | DELETE
            CREATE TABLE db.t USING delta AS SELECT 1 AS a                   | db.t      | OVERWRITE
            CREATE OR REPLACE TABLE db.t USING delta AS SELECT 1 AS a        | db.t      | OVERWRITE
            REPLACE TABLE db.t USING delta AS SELECT 1 AS a                  | db.t      | OVERWRITE
            REPLACE TABLE db.t (a INT) USING delta                           | db.t      | OVERWRITE
            OPTIMIZE db.t                                                    | db.t      | OPTIMIZE
            OPTIMIZE t ZORDER BY (a)                                         | default.t | OPTIMIZE
            OPTIMIZE db.t WHERE p = 1 ZORDER BY (a)                          | db.t      | OPTIMIZE
            OPTIMIZE db.t FULL                                               | db.t      | OPTIMIZE
            REORG TABLE db.t APPLY (PURGE)                                   | db.t      | OPTIMIZE
            VACUUM db.t                                                      | db.t      | VACUUM
            VACUUM t RETAIN 168 HOURS                                        | default.t | VACUUM
            ANALYZE TABLE db.t COMPUTE STATISTICS                            | db.t      | ANALYZE
            ANALYZE TABLE db.t COMPUTE STATISTICS FOR ALL COLUMNS            | db.t      | ANALYZE
            ANALYZE TABLE t COMPUTE STATISTICS FOR COLUMNS a                 | default.t | ANALYZE
            """)
    void aStatementWritesItsTable(String sql, String table, Kind kind) {
        assertThat(of(sql)).containsExactly(new TableWrite(table, kind));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            INSERT INTO delta.`/data/p` VALUES (1)                           | APPEND
            MERGE INTO delta.`/data/p` x USING s ON x.k = s.k WHEN MATCHED THEN DELETE | MERGE
            UPDATE delta.`/data/p` SET a = 1                                 | UPDATE
            DELETE FROM delta.`/data/p`                                      | DELETE
            OPTIMIZE delta.`/data/p`                                         | OPTIMIZE
            VACUUM delta.`/data/p`                                           | VACUUM
            VACUUM '/data/p'                                                 | VACUUM
            """)
    void aPathTableIsNamedByItsPath(String sql, Kind kind) {
        assertThat(of(sql)).containsExactly(new TableWrite("delta.`/data/p`", kind));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            SELECT 1
            SELECT * FROM db.t WHERE a = 1
            WITH s AS (SELECT 1 AS k) SELECT * FROM s
            DESCRIBE HISTORY db.t
            SHOW TABLES
            ANALYZE TABLES IN db COMPUTE STATISTICS
            CREATE TEMPORARY VIEW v AS SELECT 1
            THIS IS NOT SQL
            """)
    void aStatementThatWritesNoTableAddsNothing(String sql) {
        assertThat(writes.writes(List.of(sql))).singleElement().satisfies(s -> assertThat(s.writes())
                .isEmpty());
    }

    @Test
    void oneStatementEachInOrderAndUseChoosesTheDatabaseOfLaterOneParts() {
        List<SqlWrites.Statement> out = writes.writes(List.of(
                "INSERT INTO t VALUES (1)",
                "USE sales",
                "MERGE INTO orders o USING s ON o.k = s.k WHEN MATCHED THEN DELETE",
                "SELECT * FROM orders",
                "USE spark_catalog.ops",
                "OPTIMIZE log",
                "USE NAMESPACE finance",
                "DELETE FROM ledger WHERE a = 1",
                "UPDATE other.t SET a = 1"));

        assertThat(out)
                .extracting(SqlWrites.Statement::writes)
                .containsExactly(
                        List.of(new TableWrite("default.t", Kind.APPEND)),
                        List.of(),
                        List.of(new TableWrite("sales.orders", Kind.MERGE)),
                        List.of(),
                        List.of(),
                        List.of(new TableWrite("ops.log", Kind.OPTIMIZE)),
                        List.of(),
                        List.of(new TableWrite("finance.ledger", Kind.DELETE)),
                        List.of(new TableWrite("other.t", Kind.UPDATE)));
    }

    @Test
    void theSameStatementsAreParsedOnceAndLongOnesEachTime() {
        AtomicInteger parses = new AtomicInteger();
        ParserInterface real = ((org.apache.spark.sql.classic.SparkSession) spark)
                .sessionState()
                .sqlParser();
        ParserInterface counting = (ParserInterface) Proxy.newProxyInstance(
                ParserInterface.class.getClassLoader(), new Class<?>[] {ParserInterface.class}, (proxy, m, a) -> {
                    if (m.getName().equals("parsePlan")) {
                        parses.incrementAndGet();
                    }
                    try {
                        return m.invoke(real, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        PlanWrites kept = new PlanWrites(counting);
        List<String> statements = new ArrayList<>(List.of("USE sales", "INSERT INTO t VALUES (1)"));

        List<SqlWrites.Statement> first = kept.writes(statements);
        statements.set(1, "DELETE FROM t"); // the caller's list changes: what was kept does not
        List<SqlWrites.Statement> again = kept.writes(List.of("USE sales", "INSERT INTO t VALUES (1)"));

        assertThat(again).isEqualTo(first);
        assertThat(again.get(1).writes()).containsExactly(new TableWrite("sales.t", Kind.APPEND));
        assertThat(parses).hasValue(2);
        assertThat(kept.writes(statements).get(1).writes()).containsExactly(new TableWrite("sales.t", Kind.DELETE));
        assertThat(parses).hasValue(4);

        String large = "INSERT INTO big SELECT '" + "x".repeat(Lru.MAX_CHARS) + "'";
        kept.writes(List.of(large));
        kept.writes(List.of(large));
        assertThat(parses).hasValue(6);
    }
}
