package dev.sparkjobs.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlPolicyTest {

    private static SqlPolicy withKeys(List<String> keys) {
        return new SqlPolicy(
                PathRoots.of(List.of("/w"), List.of(Path.of("/"))),
                false,
                false,
                false,
                false,
                Set.copyOf(keys),
                Set.copyOf(SqlPolicy.SAFE_PROVIDERS),
                Set.of());
    }

    private final SqlPolicy defaults = withKeys(SqlPolicy.SAFE_SET_KEYS);

    @Test
    void theSafeKeysMayBeSetInAnyCase() {
        assertThat(defaults.allowsSet("spark.sql.shuffle.partitions")).isTrue();
        assertThat(defaults.allowsSet("SPARK.SQL.SHUFFLE.PARTITIONS")).isTrue();
        assertThat(defaults.allowsSet("spark.sql.session.timeZone")).isTrue();
        assertThat(defaults.allowsSet("spark.sql.adaptive.enabled"))
                .as("under a prefix")
                .isTrue();
        assertThat(defaults.allowsSet("spark.sql.adaptive.coalescePartitions.minPartitionSize"))
                .isTrue();
    }

    @Test
    void aPrefixIsNotTheKeyItself() {
        assertThat(defaults.allowsSet("spark.sql.adaptive")).isFalse();
        assertThat(defaults.allowsSet("spark.sql.adaptiveX.enabled")).isFalse();
        assertThat(defaults.allowsSet("spark.sql.shuffle.partitionsX")).isFalse();
    }

    @Test
    void everythingElseIsRefused() {
        for (String key : List.of(
                "spark.sql.extensions",
                "spark.sql.catalog.spark_catalog",
                "spark.sql.warehouse.dir",
                "spark.sql.runSQLOnFiles",
                "spark.jars",
                "spark.sql.hive.metastore.jars",
                "spark.hadoop.fs.s3a.secret.key",
                "spark.driver.maxResultSize",
                "spark.executor.memory",
                "spark.sql.legacy.allowNonEmptyLocationInCTAS",
                "spark.databricks.delta.retentionDurationCheck.enabled",
                "spark.sql.sources.default",
                "spark.ui.killEnabled",
                "spark.redaction.regex",
                "hivevar:x",
                "")) {
            assertThat(defaults.allowsSet(key)).as(key).isFalse();
        }
    }

    @Test
    void aGrantCannotOpenWhatIsNeverSettable() {
        SqlPolicy wide = withKeys(List.of("spark.*", "spark.sql.*"));
        assertThat(wide.allowsSet("spark.sql.cbo.enabled")).isTrue();
        assertThat(wide.allowsSet("spark.sql.extensions")).isFalse();
        assertThat(wide.allowsSet("spark.sql.legacy.timeParserPolicy")).isFalse();
        assertThat(wide.allowsSet("spark.sql.runSQLOnFiles")).isFalse();
        assertThat(wide.allowsSet("spark.driver.maxResultSize")).isFalse();
        assertThat(wide.allowsSet("spark.sql.catalog.x")).isFalse();
    }

    @Test
    void secretsMayNotBeRead() {
        assertThat(defaults.allowsRead("spark.sql.shuffle.partitions")).isTrue();
        assertThat(defaults.allowsRead("spark.sql.extensions")).isTrue();
        assertThat(defaults.allowsRead("spark.hadoop.fs.s3a.secret.key")).isFalse();
        assertThat(defaults.allowsRead("spark.hadoop.fs.s3a.access.key")).isFalse();
        assertThat(defaults.allowsRead("spark.ssl.keyPassword")).isFalse();
    }

    @Test
    void providersAreCaseInsensitive() {
        assertThat(defaults.allowsProvider("Delta")).isTrue();
        assertThat(defaults.allowsProvider("jdbc")).isFalse();
        assertThat(defaults.allowsProvider("org.apache.spark.sql.jdbc")).isFalse();
        assertThat(defaults.allowsProvider("hive")).isFalse();
    }
}
