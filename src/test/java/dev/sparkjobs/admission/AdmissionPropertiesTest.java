package dev.sparkjobs.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The configuration keys as an operator writes them, bound as Spring Boot binds them at start-up. */
class AdmissionPropertiesTest {

    private static AdmissionProperties bind(Map<String, String> keys) {
        return new Binder(new MapConfigurationPropertySource(keys))
                .bindOrCreate("jobservice.admission", AdmissionProperties.class);
    }

    @Test
    void bindsTenantsTheirDefaultsAndTheDriverHealthGate() {
        AdmissionProperties p = bind(Map.of(
                "jobservice.admission.pools.etl.max-running", "2",
                "jobservice.admission.tenants.team-a.max-running", "2",
                "jobservice.admission.tenants.team-a.pools[0]", "etl",
                "jobservice.admission.tenants.team-a.pools[1]", "default",
                "jobservice.admission.tenant-defaults.max-queued", "20",
                "jobservice.admission.driver-health.max-heap-after-gc", "0.9",
                "jobservice.admission.driver-health.window", "2m"));

        assertThat(p.tenants().get("team-a"))
                .isEqualTo(new AdmissionProperties.Tenant(2, null, List.of("etl", "default")));
        assertThat(p.tenantMaxQueued("team-a")).isEqualTo(20);
        assertThat(p.tenantPools("team-a")).containsExactly("etl", "default");
        assertThat(p.driverHealth())
                .isEqualTo(new AdmissionProperties.DriverHealth(
                        true, 0.9, 0.3, 0.1, Duration.ofMinutes(2), Duration.ofSeconds(5)));
    }

    @Test
    void withNothingSetTheGateIsOnWithItsDefaultsAndNoTenantHasCapsOfItsOwn() {
        AdmissionProperties p = bind(Map.of("jobservice.admission.max-running", "3"));

        assertThat(p.driverHealth()).isEqualTo(AdmissionProperties.DriverHealth.DEFAULTS);
        assertThat(p.tenantMaxRunning("anyone")).isEqualTo(3);
        assertThat(p.tenantMaxQueued("anyone")).isEqualTo(1000);
        assertThat(p.tenantPools("anyone")).isEmpty();
    }

    @Test
    void aTenantPoolThatIsNotConfiguredStopsTheStart() {
        assertThatThrownBy(() -> bind(Map.of("jobservice.admission.tenants.team-a.pools[0]", "etl")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("tenant 'team-a' names pool 'etl', which is not configured; known pools: default");
    }

    @Test
    void aRecoveryMarginThatWouldNeverLetStartsResumeStopsTheStart() {
        assertThatThrownBy(() -> bind(Map.of(
                        "jobservice.admission.driver-health.max-gc-time-share", "0.1",
                        "jobservice.admission.driver-health.recovery-margin", "0.1")))
                .rootCause()
                .hasMessageContaining("recovery-margin (0.1) must be below both maxima");
        assertThatThrownBy(() -> bind(Map.of("jobservice.admission.driver-health.window", "5s")))
                .rootCause()
                .hasMessageContaining("must be longer than check-interval");
    }
}
