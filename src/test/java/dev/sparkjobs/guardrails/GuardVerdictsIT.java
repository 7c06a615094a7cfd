package dev.sparkjobs.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.security.Caller;
import dev.sparkjobs.security.Role;
import dev.sparkjobs.support.AbstractIT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guardrails' kept verdicts on the shared session's parser: a kept verdict is the verdict a
 * fresh check gives, a different policy is checked afresh, and a check that read a path is not kept.
 */
class GuardVerdictsIT extends AbstractIT {

    private static final Caller ANN = new Caller("ann", "sales", Set.of(Role.SUBMITTER));
    private static final Caller BOB = new Caller("bob", "ops", Set.of(Role.SUBMITTER));

    /** Allowed, refused by a rule, and not parsing: each as sql and as statements, with parameters. */
    private static final List<List<String>> JOBS = List.of(
            List.of("SELECT id FROM range(0, 10) WHERE id < :below"),
            List.of("SET spark.sql.shuffle.partitions=4", "SELECT 1"),
            List.of("SELECT reflect('java.lang.System', 'exit', 1)"),
            List.of("SELECT 1", "SET spark.sql.cbo.enabled=true"),
            List.of("SELEC 1"),
            List.of("CREATE TABLE t (a INT) USING jdbc"));

    @TempDir
    Path dir;

    private SparkSqlGuard guard(GuardrailProperties properties) {
        return new SparkSqlGuard(spark, new PolicyResolver(properties, dir.resolve("warehouse"), dir));
    }

    private static String verdict(SqlGuard guard, List<String> statements, boolean single, Caller caller) {
        try {
            guard.check(statements, single, Map.of("below", 5), caller);
            return "allowed";
        } catch (SqlRefusedException e) {
            return e.rule().id() + "|" + e.statement() + "|" + e.getMessage();
        }
    }

    @Test
    void aKeptVerdictIsTheVerdictOfAFreshCheckAndARefusalStaysRefused() {
        SparkSqlGuard kept = guard(new GuardrailProperties(null, null, null));
        for (List<String> job : JOBS) {
            for (boolean single : job.size() == 1 ? List.of(true, false) : List.of(false)) {
                String first = verdict(kept, job, single, ANN);
                String again = verdict(kept, job, single, ANN);
                String fresh = verdict(guard(new GuardrailProperties(null, null, null)), job, single, ANN);
                assertThat(again).as("%s", job).isEqualTo(first).isEqualTo(fresh);
            }
        }
        assertThat(kept.keptVerdicts()).isEqualTo(10);
        assertThat(verdict(kept, JOBS.get(2), true, ANN)).startsWith("reflection|null|");
        assertThat(verdict(kept, JOBS.get(4), true, ANN)).startsWith("parse-error|null|");
    }

    @Test
    void anotherPolicyIsCheckedAfresh() {
        GuardrailProperties salesMayTuneCbo = new GuardrailProperties(
                null,
                null,
                Map.of(
                        "sales",
                        new GuardrailProperties.Grants(
                                null, false, false, false, false, List.of("spark.sql.cbo.*"), null, null)));
        SparkSqlGuard guard = guard(salesMayTuneCbo);
        List<String> job = List.of("SET spark.sql.cbo.enabled=true");

        assertThat(verdict(guard, job, true, ANN)).isEqualTo("allowed");
        assertThat(verdict(guard, job, true, BOB)).startsWith("set-config|");
        assertThat(verdict(guard, job, true, ANN)).isEqualTo("allowed");
        assertThat(guard.keptVerdicts()).isEqualTo(2);
    }

    @Test
    void aCheckThatReadAPathIsNotKeptSinceALinkCanMoveIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("landing"));
        Path inside = Files.createDirectories(root.resolve("in"));
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(root.resolve("link"), inside);
        SparkSqlGuard guard = guard(new GuardrailProperties(
                new GuardrailProperties.Grants(List.of(root.toString()), true, false, false, false, null, null, null),
                null,
                null));
        List<String> job = List.of("SELECT * FROM parquet.`" + link.resolve("part") + "`");

        assertThat(verdict(guard, job, true, ANN)).isEqualTo("allowed");
        Files.delete(link);
        Files.createSymbolicLink(link, outside);
        assertThat(verdict(guard, job, true, ANN)).startsWith("file-relation|");
        assertThat(guard.keptVerdicts()).isZero();
    }
}
