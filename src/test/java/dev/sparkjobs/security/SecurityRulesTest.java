package dev.sparkjobs.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

class SecurityRulesTest {

    private static String sha(String key) {
        return HexFormat.of().formatHex(ApiKeys.sha256(key));
    }

    @Test
    void anApiKeyMatchesOnlyItsOwnHashWhateverTheCaseOfTheHex() {
        ApiKeys keys = new ApiKeys(List.of(
                new SecurityProperties.ApiKey("a", sha("key-a"), "t1", Set.of(Role.VIEWER)),
                new SecurityProperties.ApiKey("b", sha("key-b").toUpperCase(), "t2", Set.of(Role.ADMIN))));

        assertThat(keys.match("key-a")).map(Caller::name).contains("a");
        assertThat(keys.match("key-b")).map(Caller::tenant).contains("t2");
        assertThat(keys.match("key-c")).isEmpty();
        assertThat(keys.match("")).isEmpty();
        assertThat(keys.match(sha("key-a"))).as("the hash itself is no key").isEmpty();
    }

    @Test
    void aCallerSeesItsTenantAndAnAdminEveryTenant() {
        Caller viewer = new Caller("v", "t1", Set.of(Role.VIEWER));
        Caller admin = new Caller("a", "ops", Set.of(Role.ADMIN));
        assertThat(viewer.sees("t1")).isTrue();
        assertThat(viewer.sees("t2")).isFalse();
        assertThat(viewer.may(Role.SUBMITTER)).isFalse();
        assertThat(admin.sees("t2")).isTrue();
        assertThat(admin.may(Role.SUBMITTER)).isTrue();
        assertThat(Caller.UNAUTHENTICATED.roles()).isEqualTo(EnumSet.allOf(Role.class));
    }

    @Test
    void jwtClaimsBecomeACallerFromConfigurablePaths() {
        JwtCallers callers =
                new JwtCallers(new SecurityProperties.Jwt("preferred_username", "org", "realm_access.roles", null));
        Caller c = callers.caller(Map.of(
                "preferred_username", "dora",
                "org", "team-d",
                "realm_access", Map.of("roles", List.of("Submitter", "viewer", "offline_access"))));
        assertThat(c).isEqualTo(new Caller("dora", "team-d", Set.of(Role.SUBMITTER, Role.VIEWER)));

        JwtCallers spaced = new JwtCallers(new SecurityProperties.Jwt("sub", "tenant", "scope", "shared"));
        assertThat(spaced.caller(Map.of("sub", "x", "scope", "openid admin")))
                .isEqualTo(new Caller("x", "shared", Set.of(Role.ADMIN)));
        assertThatThrownBy(() -> callers.caller(Map.of("preferred_username", "dora")))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("'org'");
        assertThatThrownBy(() -> callers.caller(Map.of("org", "t")))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("'preferred_username'");
    }

    @Test
    void withoutAuthenticationOnlyLoopbackIsServedUnlessExplicitlyAllowed() {
        SecurityConfiguration.checkExposure(new MockEnvironment()); // default: loopback
        SecurityConfiguration.checkExposure(new MockEnvironment().withProperty("server.address", "localhost"));
        SecurityConfiguration.checkExposure(new MockEnvironment().withProperty("server.address", "::1"));
        assertThatThrownBy(() ->
                        SecurityConfiguration.checkExposure(new MockEnvironment().withProperty("server.address", "")))
                .as("Boot binds a blank address to every interface")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SecurityConfiguration.checkExposure(new MockEnvironment()
                        .withProperty("management.server.port", "9090")
                        .withProperty("management.server.address", "0.0.0.0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("management.server.address=0.0.0.0");
        SecurityConfiguration.checkExposure(new MockEnvironment().withProperty("management.server.port", "9090"));
        assertThatThrownBy(() -> SecurityConfiguration.checkExposure(
                        new MockEnvironment().withProperty("server.address", "0.0.0.0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jobservice.security.allow-unauthenticated=true");
        SecurityConfiguration.checkExposure(new MockEnvironment()
                .withProperty("server.address", "0.0.0.0")
                .withProperty("jobservice.security.allow-unauthenticated", "true"));
        SecurityConfiguration.checkExposure(new MockEnvironment()
                .withProperty("server.address", "0.0.0.0")
                .withProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "https://issuer.example"));
        SecurityConfiguration.checkExposure(new MockEnvironment()
                .withProperty("server.address", "0.0.0.0")
                .withProperty("jobservice.security.api-keys[0].name", "a")
                .withProperty("jobservice.security.api-keys[0].sha256", sha("k"))
                .withProperty("jobservice.security.api-keys[0].tenant", "t")
                .withProperty("jobservice.security.api-keys[0].roles[0]", "viewer"));
    }
}
