package dev.sparkjobs.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackPropertiesTest {

    @Test
    void byDefaultNothingIsListedBothSchemesAreAllowedAndPrivateNetworksAreNot() {
        CallbackProperties d = CallbackProperties.defaults();
        assertThat(d.allowedHosts()).isEmpty();
        assertThat(d.allowedSchemes()).containsExactly("https", "http");
        assertThat(d.allowPrivateNetworks()).isFalse();
        assertThat(d.listedHostsOnly()).isFalse();
    }

    @Test
    void unsetListsAreEmptyAndSchemesAreReadInAnyCase() {
        CallbackProperties p = new CallbackProperties(null, List.of(" HTTPS "), false, false);
        assertThat(p.allowedHosts()).isEmpty();
        assertThat(p.allowedSchemes()).containsExactly("https");
    }

    @Test
    void refusesSchemesOtherThanHttpAndHttpsAndAnEmptyList() {
        assertThatThrownBy(() -> new CallbackProperties(List.of(), List.of("https", "ftp"), false, false))
                .hasMessageContaining("jobservice.callbacks.allowed-schemes");
        assertThatThrownBy(() -> new CallbackProperties(List.of(), List.of(), false, false))
                .hasMessageContaining("jobservice.callbacks.allowed-schemes");
        assertThatThrownBy(() -> new CallbackProperties(List.of(), null, false, false))
                .hasMessageContaining("jobservice.callbacks.allowed-schemes");
        assertThatThrownBy(() -> new CallbackProperties(List.of(), Arrays.asList("https", null), false, false))
                .hasMessageContaining("jobservice.callbacks.allowed-schemes");
    }

    @Test
    void refusesABadHostEntryAtStartNamingTheKeyAndTheEntry() {
        assertThatThrownBy(() -> new CallbackProperties(List.of("localhost", "127.1"), List.of("https"), false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobservice.callbacks.allowed-hosts[1] '127.1': ");
    }

    @Test
    void theAllowListIsTheParsedEntries() {
        CallbackProperties p =
                new CallbackProperties(List.of("*.example.com", "10.0.0.0/8"), List.of("https"), false, false);
        assertThat(p.allowList()).hasToString("[*.example.com, 10.0.0.0/8]");
    }
}
