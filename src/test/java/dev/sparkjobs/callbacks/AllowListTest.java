package dev.sparkjobs.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowListTest {

    @Test
    void anExactNameMatchesItselfInAnyCaseAndNothingElse() {
        AllowList list = AllowList.parse(List.of("Airflow.Internal."));
        assertThat(list.listsName("airflow.internal")).isTrue();
        assertThat(list.listsName("x.airflow.internal")).isFalse();
        assertThat(list.listsName("airflow.internal.evil.net")).isFalse();
        assertThat(list.listsName("airflow")).isFalse();
    }

    @Test
    void aWildcardMatchesNamesBeneathTheDomainOnly() {
        AllowList list = AllowList.parse(List.of("*.example.com"));
        assertThat(list.listsName("hooks.example.com")).isTrue();
        assertThat(list.listsName("a.b.example.com")).isTrue();
        assertThat(list.listsName("example.com")).isFalse();
        assertThat(list.listsName("evil-example.com")).isFalse();
        assertThat(list.listsName("example.com.evil.net")).isFalse();
        assertThat(list.listsName("hooks.example.co")).isFalse();
    }

    @Test
    void addressesAndRangesMatchByAddress() throws Exception {
        AllowList list = AllowList.parse(List.of("127.0.0.1", "::1", "[fd00:1::2]", "10.20.0.0/16", "fd00:2::/32"));
        assertThat(list.listsAddress(ip("127.0.0.1"))).isTrue();
        assertThat(list.listsAddress(ip("127.0.0.2"))).isFalse();
        assertThat(list.listsAddress(ip("::1"))).isTrue();
        assertThat(list.listsAddress(ip("fd00:1::2"))).isTrue();
        assertThat(list.listsAddress(ip("10.20.0.0"))).isTrue();
        assertThat(list.listsAddress(ip("10.20.255.255"))).isTrue();
        assertThat(list.listsAddress(ip("10.21.0.0"))).isFalse();
        assertThat(list.listsAddress(ip("10.19.255.255"))).isFalse();
        assertThat(list.listsAddress(ip("fd00:2:ffff::1"))).isTrue();
        assertThat(list.listsAddress(ip("fd00:3::1"))).isFalse();
        assertThat(list.listsName("127.0.0.1")).isFalse(); // an address entry is not a name
    }

    @Test
    void aPrefixLengthOfAnyBitCountSplitsWhereItSays() throws Exception {
        AllowList list = AllowList.parse(List.of("172.16.0.0/12", "192.168.1.128/25", "2001:db8:8000::/33"));
        assertThat(list.listsAddress(ip("172.31.255.255"))).isTrue();
        assertThat(list.listsAddress(ip("172.32.0.0"))).isFalse();
        assertThat(list.listsAddress(ip("172.15.255.255"))).isFalse();
        assertThat(list.listsAddress(ip("192.168.1.128"))).isTrue();
        assertThat(list.listsAddress(ip("192.168.1.127"))).isFalse();
        assertThat(list.listsAddress(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(list.listsAddress(ip("2001:db8:7fff::1"))).isFalse();
    }

    @Test
    void anIpv4RangeHoldsNoIpv6AddressAndTheReverse() throws Exception {
        AllowList list = AllowList.parse(List.of("0.0.0.0/0"));
        assertThat(list.listsAddress(ip("203.0.113.9"))).isTrue();
        assertThat(list.listsAddress(ip("::1"))).isFalse();
        AllowList v6 = AllowList.parse(List.of("::/0"));
        assertThat(v6.listsAddress(ip("::1"))).isTrue();
        assertThat(v6.listsAddress(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void nothingIsListedByAnEmptyList() throws Exception {
        assertThat(AllowList.empty().listsName("localhost")).isFalse();
        assertThat(AllowList.empty().listsAddress(ip("127.0.0.1"))).isFalse();
        assertThat(AllowList.parse(List.of()).toString()).isEqualTo("[]");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''| may not be empty",
                "'   '| may not be empty",
                "https://example.com| a host, not a URL",
                "example.com:8443| not a host name",
                "example.com/cb| not an IPv4 or IPv6 address",
                "*| not a host name",
                "*.| not a host name",
                "a.*.com| not a host name",
                "*foo.com| not a host name",
                "exa_mple.com| not a host name",
                "bücher.de| xn--",
                "-a.com| not a host name",
                "a..com| not a host name",
                "127.1| not a standard IPv4 address",
                "2130706433| not a standard IPv4 address",
                "0x7f.0.0.1| not a standard IPv4 address",
                "0177.0.0.1| not a standard IPv4 address",
                "256.1.1.1| not a standard IPv4 address",
                "10.0.0.1/8| did you mean 10.0.0.0/8?",
                "fd00::1/8| did you mean fd00:0:0:0:0:0:0:0/8?",
                "10.0.0.0/33| from 0 to 32",
                "10.0.0.0/| from 0 to 32",
                "10.0.0.0/-1| from 0 to 32",
                "::/129| from 0 to 128",
                "fe80::1%eth0| not a host name",
                "10.0.0/8| not an IPv4 or IPv6 address",
            })
    void refusesAnEntryOfNoAcceptedFormNamingIt(String entry, String why) {
        assertThatThrownBy(() -> AllowList.parse(Arrays.asList("ok.example.com", entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("allowed-hosts[1] '" + entry + "': ")
                .hasMessageContaining(why);
    }

    @Test
    void refusesANullEntry() {
        assertThatThrownBy(() -> AllowList.parse(Arrays.asList((String) null)))
                .hasMessageContaining("allowed-hosts[0]");
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal); // a literal: never a lookup
    }
}
