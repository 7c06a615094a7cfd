package dev.sparkjobs.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.security.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The keys the documentation gives bind as it says (no application context: the binder alone). */
class GuardrailPropertiesTest {

    private static GuardrailProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("jobservice.security.sql", GuardrailProperties.class);
    }

    @Test
    void nothingConfiguredGrantsNothing() {
        GuardrailProperties p = bind(Map.of());
        assertThat(p.defaults()).isEqualTo(GuardrailProperties.Grants.NONE);
        assertThat(p.roles()).isEmpty();
        assertThat(p.tenants()).isEmpty();
    }

    @Test
    void rolesAndTenantsBindFromTheirDocumentedKeys() {
        GuardrailProperties p = bind(Map.of(
                "jobservice.security.sql.defaults.allowed-set-keys[0]", "spark.sql.cbo.*",
                "jobservice.security.sql.roles.admin.allowed-roots[0]", "/data/landing",
                "jobservice.security.sql.roles.admin.allow-file-relations", "true",
                "jobservice.security.sql.tenants.analytics.allowed-providers", "avro,xml",
                "jobservice.security.sql.tenants.analytics.allow-reflection", "true"));

        assertThat(p.defaults().allowedSetKeys()).containsExactly("spark.sql.cbo.*");
        assertThat(p.roles()).containsOnlyKeys(Role.ADMIN);
        assertThat(p.roles().get(Role.ADMIN).allowedRoots()).containsExactly("/data/landing");
        assertThat(p.roles().get(Role.ADMIN).allowFileRelations()).isTrue();
        assertThat(p.roles().get(Role.ADMIN).allowReflection()).isFalse();
        assertThat(p.tenants().get("analytics").allowedProviders()).isEqualTo(List.of("avro", "xml"));
        assertThat(p.tenants().get("analytics").allowReflection()).isTrue();
    }

    @Test
    void aTenantsSchemasBindFromTheirDocumentedKey() {
        GuardrailProperties p = bind(Map.of(
                "jobservice.security.sql.tenants.team-s.schemas[0]", "team_s",
                "jobservice.security.sql.tenants.team-s.schemas[1]", "shared_in",
                "jobservice.security.sql.tenants.analytics.allow-reflection", "true"));

        assertThat(p.tenants().get("team-s").schemas()).containsExactly("team_s", "shared_in");
        assertThat(p.tenants().get("analytics").schemas()).isEmpty();
        assertThat(p.defaults().schemas()).isEmpty();
    }

    @Test
    void schemasAreATenantsSettingOnly() {
        for (String key : List.of(
                "jobservice.security.sql.defaults.schemas", "jobservice.security.sql.roles.submitter.schemas")) {
            assertThatThrownBy(() -> bind(Map.of(key, "team_s")))
                    .as(key)
                    .isInstanceOf(BindException.class)
                    .rootCause()
                    .hasMessageContaining("tenants.<tenant>.schemas");
        }
    }
}
