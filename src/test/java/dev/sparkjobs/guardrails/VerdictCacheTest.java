package dev.sparkjobs.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerdictCacheTest {

    private static final SqlPolicy POLICY = new PolicyResolver(
                    new GuardrailProperties(null, null, null), Path.of("/srv/warehouse"), Path.of("/srv"))
            .resolve(new dev.sparkjobs.security.Caller("ann", "sales", Set.of()));

    private static VerdictCache.Key key(String sql) {
        return VerdictCache.key(POLICY, "sales", List.of(sql), true, Map.of());
    }

    @Test
    void keepsAllowedAndRefusedVerdictsAndThrowsAFreshRefusalEachTime() {
        VerdictCache cache = new VerdictCache();
        cache.put(key("SELECT 1"), VerdictCache.Verdict.ALLOWED);
        cache.put(
                key("SET x=1"),
                VerdictCache.Verdict.of(new VerdictCache.Refused(SqlRule.PARSE_ERROR, null, "sql does not parse")));

        assertThat(cache.get(key("SELECT 1")).refused()).isNull();
        VerdictCache.Refused refused = cache.get(key("SET x=1")).refused();
        SqlRefusedException first = refused.exception();
        SqlRefusedException second = refused.exception();
        assertThat(first).isNotSameAs(second);
        assertThat(second.rule()).isEqualTo(SqlRule.PARSE_ERROR);
        assertThat(second.statement()).isNull();
        assertThat(second).hasMessage("sql does not parse");
        assertThat(cache.get(key("SELECT 2"))).isNull();
    }

    @Test
    void forgetsTheLeastRecentlyUsedPastItsBound() {
        VerdictCache cache = new VerdictCache(2);
        cache.put(key("SELECT 1"), VerdictCache.Verdict.ALLOWED);
        cache.put(key("SELECT 2"), VerdictCache.Verdict.ALLOWED);
        cache.get(key("SELECT 1"));
        cache.put(key("SELECT 3"), VerdictCache.Verdict.ALLOWED);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(key("SELECT 2"))).isNull();
        assertThat(cache.get(key("SELECT 1"))).isNotNull();
        assertThat(cache.get(key("SELECT 3"))).isNotNull();
    }

    @Test
    void theKeyTellsPolicyTenantStatementsFormAndParametersApart() {
        SqlPolicy other = new PolicyResolver(
                        new GuardrailProperties(null, null, null), Path.of("/srv/other"), Path.of("/srv"))
                .resolve(new dev.sparkjobs.security.Caller("ann", "sales", Set.of()));
        VerdictCache.Key base = key("SELECT :a");

        assertThat(VerdictCache.key(POLICY, "sales", List.of("SELECT :a"), true, Map.of()))
                .isEqualTo(base);
        assertThat(VerdictCache.key(other, "sales", List.of("SELECT :a"), true, Map.of()))
                .isNotEqualTo(base);
        assertThat(VerdictCache.key(POLICY, "ops", List.of("SELECT :a"), true, Map.of()))
                .isNotEqualTo(base);
        assertThat(VerdictCache.key(POLICY, "sales", List.of("SELECT :a"), false, Map.of()))
                .isNotEqualTo(base);
        assertThat(VerdictCache.key(POLICY, "sales", List.of("SELECT :a"), true, Map.of("a", 1)))
                .isNotEqualTo(base);
    }

    @Test
    void theKeyIsACopyAndLongStatementsAreNotKept() {
        List<String> statements = new ArrayList<>(List.of("SELECT 1"));
        Map<String, Object> args = new HashMap<>();
        args.put("a", null);
        VerdictCache.Key k = VerdictCache.key(POLICY, "sales", statements, false, args);
        statements.set(0, "DROP TABLE t");
        args.put("a", 2);
        assertThat(k.statements()).containsExactly("SELECT 1");
        assertThat(k.args()).containsEntry("a", null);

        String longSql = "SELECT '" + "x".repeat(VerdictCache.MAX_CHARS) + "'";
        VerdictCache cache = new VerdictCache();
        VerdictCache.Key none = VerdictCache.key(POLICY, "sales", List.of(longSql), true, Map.of());
        assertThat(none).isNull();
        cache.put(none, VerdictCache.Verdict.ALLOWED);
        assertThat(cache.get(none)).isNull();
        assertThat(cache.size()).isZero();
    }

    /** The parameters count toward the bound too: a short statement with large arguments is not kept. */
    @Test
    void largeParametersAreNotKept() {
        Map<String, Object> large = Map.of("a", "x".repeat(VerdictCache.MAX_CHARS));
        assertThat(VerdictCache.key(POLICY, "sales", List.of("SELECT :a"), true, large))
                .isNull();
        assertThat(VerdictCache.key(POLICY, "sales", List.of("SELECT :a"), true, Map.of("a", "small")))
                .isNotNull();
    }
}
