package dev.sparkjobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;

class MeterNamesTest {

    private final MeterNames names = new MeterNames();

    @Test
    void filterChainMetersNamedAfterAClassBecomeSnakeCase() {
        assertThat(mapped("spring.security.filterchains.ApiKeyFilter.before"))
                .isEqualTo("spring.security.filterchains.api_key_filter.before");
        assertThat(mapped("spring.security.filterchains.OAuth2ProtectedResourceMetadataFilter.after"))
                .isEqualTo("spring.security.filterchains.o_auth2_protected_resource_metadata_filter.after");
    }

    @Test
    void otherMetersKeepTheirNames() {
        assertThat(mapped("jobservice.jobs.submitted")).isEqualTo("jobservice.jobs.submitted");
        assertThat(mapped("http.server.requests")).isEqualTo("http.server.requests");
        assertThat(mapped("someLibrary.CamelCase")).isEqualTo("someLibrary.CamelCase");
    }

    private String mapped(String name) {
        return names.snakeCaseFilterChainMeters()
                .map(new Meter.Id(name, Tags.empty(), null, null, Meter.Type.COUNTER))
                .getName();
    }
}
