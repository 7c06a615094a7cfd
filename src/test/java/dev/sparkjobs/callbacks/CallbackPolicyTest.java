package dev.sparkjobs.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkjobs.callbacks.CallbackCheck.Allowed;
import dev.sparkjobs.callbacks.CallbackCheck.Reason;
import dev.sparkjobs.callbacks.CallbackCheck.Refused;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackPolicyTest {

    /** DNS as the tests say: no network. */
    private final FakeDns dns = new FakeDns()
            .add("hooks.example.org", "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")
            .add("internal.example.org", "10.0.0.5")
            .add("rebind.example.org", "93.184.216.34", "127.0.0.1")
            .add("mapped.example.org", mapped("127.0.0.1"))
            .add("nat64.example.org", "64:ff9b::a9fe:a9fe")
            .add("metadata-alias.example.org", "169.254.169.254")
            .add("localhost", "127.0.0.1", "::1")
            .add("metadata.google.internal", "169.254.169.254")
            .add("hooks.example.com", "10.0.0.7")
            .add("a.b.example.com", "10.0.0.8")
            .add("example.com", "10.0.0.9")
            .add("evil-example.com", "10.0.0.7")
            .add("example.com.evil.net", "10.0.0.7")
            .add("app.corp.example.net", "10.20.3.4")
            .add("db.corp.example.net", "10.20.3.5", "10.30.0.1")
            .add("imds.example.com", "169.254.169.254")
            .add("nothing.example.org");

    // ---- allowed ----

    @Test
    void aPublicAddressIsAllowed() {
        CallbackTarget t = allowed(policy(), "https://8.8.8.8/callback");
        assertThat(t.host()).isEqualTo("8.8.8.8");
        assertThat(t.port()).isEqualTo(443);
        assertThat(t.addresses()).containsExactly(ip("8.8.8.8"));
        assertThat(t.uri()).isEqualTo(URI.create("https://8.8.8.8/callback"));
        assertThat(dns.lookups).isEmpty(); // a literal is not looked up
    }

    @Test
    void aPublicIpv6AddressIsAllowed() {
        CallbackTarget t = allowed(policy(), "http://[2606:4700:4700::1111]:8443/cb");
        assertThat(t.host()).isEqualTo("2606:4700:4700::1111");
        assertThat(t.port()).isEqualTo(8443);
        assertThat(t.addresses()).containsExactly(ip("2606:4700:4700::1111"));
    }

    @Test
    void aNameIsResolvedOnceAndTheTargetCarriesEveryAddressItWasCheckedAgainst() {
        CallbackTarget t = allowed(policy(), "HTTP://Hooks.Example.ORG./adf?sig=abc");
        assertThat(t.host()).isEqualTo("hooks.example.org");
        assertThat(t.port()).isEqualTo(80);
        assertThat(t.addresses()).containsExactly(ip("93.184.216.34"), ip("2606:2800:220:1:248:1893:25c8:1946"));
        assertThat(dns.lookups).containsExactly("hooks.example.org");
    }

    @Test
    void aNat64AddressOfAPublicIpv4AddressIsAllowed() {
        allowed(policy(), "https://[64:ff9b::8.8.8.8]/");
    }

    @Test
    void aListedLoopbackNameIsAllowed() {
        CallbackTarget t = allowed(policy("localhost"), "http://localhost:8080/cb");
        assertThat(t.addresses()).containsExactly(ip("127.0.0.1"), ip("::1"));
    }

    @Test
    void aListedLoopbackAddressIsAllowedAndOnlyThatOne() {
        CallbackPolicy p = policy("127.0.0.1", "::1");
        allowed(p, "http://127.0.0.1:9000/cb");
        allowed(p, "http://[::1]:9000/cb");
        refused(p, "http://127.0.0.2:9000/cb", Reason.ADDRESS, AddressClass.LOOPBACK);
    }

    @Test
    void aListedRangeAllowsItsAddressesWrittenOrResolved() {
        CallbackPolicy p = policy("10.20.0.0/16");
        allowed(p, "http://10.20.3.4/cb");
        allowed(p, "http://app.corp.example.net/cb");
        refused(p, "http://10.21.0.1/cb", Reason.ADDRESS, AddressClass.PRIVATE);
        // one address outside the range is enough to refuse the name
        refused(p, "http://db.corp.example.net/cb", Reason.ADDRESS, AddressClass.PRIVATE);
    }

    @Test
    void aListedIpv6RangeAllowsItsAddresses() {
        CallbackPolicy p = policy("fd00:1::/32");
        allowed(p, "http://[fd00:1:2::3]/");
        refused(p, "http://[fd00:2::3]/", Reason.ADDRESS, AddressClass.PRIVATE);
    }

    @Test
    void aWildcardAllowsNamesBeneathItsDomainButNotLookAlikes() {
        CallbackPolicy p = policy("*.example.com");
        allowed(p, "https://hooks.example.com/cb");
        allowed(p, "https://a.b.example.com/cb");
        refused(p, "https://evil-example.com/cb", Reason.ADDRESS, AddressClass.PRIVATE);
        refused(p, "https://example.com/cb", Reason.ADDRESS, AddressClass.PRIVATE);
        refused(p, "https://example.com.evil.net/cb", Reason.ADDRESS, AddressClass.PRIVATE);
    }

    @Test
    void privateNetworksAreAllowedWhenConfiguredButLoopbackAndMetadataStillAreNot() {
        CallbackPolicy p = new CallbackPolicy(new CallbackProperties(List.of(), List.of("https"), true, false), dns);
        allowed(p, "https://10.1.2.3/");
        allowed(p, "https://internal.example.org/");
        allowed(p, "https://[fd12::1]/");
        refused(p, "https://127.0.0.1/", Reason.ADDRESS, AddressClass.LOOPBACK);
        refused(p, "https://100.100.100.200/", Reason.ADDRESS, AddressClass.CLOUD_METADATA);
        refused(p, "https://[fd00:ec2::254]/", Reason.ADDRESS, AddressClass.CLOUD_METADATA);
    }

    @Test
    void aListedMetadataNameAndItsListedAddressAreAllowedTogether() {
        allowed(policy("metadata.google.internal", "169.254.169.254"), "http://metadata.google.internal/x");
    }

    // ---- refused: address classes ----

    @ParameterizedTest(name = "{0} is {2}")
    @CsvSource({
        "http://127.0.0.1/, ADDRESS, LOOPBACK",
        "http://127.8.9.10:8080/actuator, ADDRESS, LOOPBACK",
        "http://[::1]/, ADDRESS, LOOPBACK",
        "http://169.254.1.1/, ADDRESS, LINK_LOCAL",
        "http://[fe80::1]/, ADDRESS, LINK_LOCAL",
        "http://169.254.169.254/latest/meta-data/, ADDRESS, CLOUD_METADATA",
        "http://169.254.170.2/v2/credentials, ADDRESS, CLOUD_METADATA",
        "http://100.100.100.200/latest/meta-data, ADDRESS, CLOUD_METADATA",
        "http://[fd00:ec2::254]/latest/meta-data/, ADDRESS, CLOUD_METADATA",
        "http://192.0.0.192/, ADDRESS, CLOUD_METADATA",
        "http://0.0.0.0:8080/, ADDRESS, UNSPECIFIED",
        "http://0.1.2.3/, ADDRESS, UNSPECIFIED",
        "http://[::]:8080/, ADDRESS, UNSPECIFIED",
        "http://224.0.0.1/, ADDRESS, MULTICAST",
        "http://[ff02::1]/, ADDRESS, MULTICAST",
        "http://255.255.255.255/, ADDRESS, BROADCAST",
        "http://10.0.0.1/, ADDRESS, PRIVATE",
        "http://172.16.5.4/, ADDRESS, PRIVATE",
        "http://192.168.1.1/, ADDRESS, PRIVATE",
        "http://100.64.0.1/, ADDRESS, PRIVATE",
        "http://[fd12:3456::1]/, ADDRESS, PRIVATE",
        "http://[fc00::1]/, ADDRESS, PRIVATE",
        "http://192.0.2.1/, ADDRESS, RESERVED",
        "http://240.0.0.1/, ADDRESS, RESERVED",
        "http://[2001:db8::1]/, ADDRESS, RESERVED",
        "http://[2001::1]/, ADDRESS, RESERVED",
        // IPv6 spellings of refused IPv4 addresses
        "http://[::ffff:127.0.0.1]/, ADDRESS, LOOPBACK",
        "http://[::ffff:7f00:1]/, ADDRESS, LOOPBACK",
        "http://[::ffff:169.254.169.254]/, ADDRESS, CLOUD_METADATA",
        "http://[0:0:0:0:0:ffff:a00:1]/, ADDRESS, PRIVATE",
        "http://[::127.0.0.1]/, ADDRESS, LOOPBACK",
        "http://[::8.8.8.8]/, ADDRESS, RESERVED",
        "http://[64:ff9b::127.0.0.1]/, ADDRESS, LOOPBACK",
        "http://[64:ff9b::a9fe:a9fe]/, ADDRESS, CLOUD_METADATA",
        "http://[2002:7f00:1::1]/, ADDRESS, LOOPBACK",
        "http://[2002:a9fe:a9fe::]/, ADDRESS, CLOUD_METADATA",
    })
    void refusesAnAddressOfARefusedClass(String url, Reason reason, AddressClass addressClass) {
        refused(policy(), url, reason, addressClass);
        assertThat(dns.lookups).isEmpty();
    }

    @ParameterizedTest(name = "{0} resolves to {1}")
    @CsvSource({
        "http://internal.example.org/, PRIVATE",
        "http://rebind.example.org/, LOOPBACK",
        "http://mapped.example.org/, LOOPBACK",
        "http://nat64.example.org/, CLOUD_METADATA",
        "http://metadata-alias.example.org/, CLOUD_METADATA",
    })
    void refusesANameWithAnyAddressOfARefusedClass(String url, AddressClass addressClass) {
        Refused r = refused(policy(), url, Reason.ADDRESS, addressClass);
        assertThat(r.message()).contains(" resolves to ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "http://localhost/, LOOPBACK",
        "http://LOCALHOST.:8080/, LOOPBACK",
        "http://app.localhost/, LOOPBACK",
        "http://metadata/computeMetadata/v1/, CLOUD_METADATA",
        "http://metadata.google.internal/computeMetadata/v1/, CLOUD_METADATA",
        "http://Metadata.Google.Internal./computeMetadata/v1/, CLOUD_METADATA",
        "http://metadata.goog/, CLOUD_METADATA",
        "http://instance-data/latest/, CLOUD_METADATA",
        "http://instance-data.ec2.internal/latest/, CLOUD_METADATA",
    })
    void refusesTheNamesOfThisHostAndOfMetadataServicesWithoutLookingThemUp(String url, AddressClass addressClass) {
        refused(policy(), url, Reason.SPECIAL_NAME, addressClass);
        assertThat(dns.lookups).isEmpty();
    }

    @Test
    void aListedNameDoesNotReachLinkLocalOrMetadataAddresses() {
        Refused r = refused(
                policy("imds.example.com", "metadata.google.internal"),
                "http://imds.example.com/",
                Reason.ADDRESS,
                AddressClass.CLOUD_METADATA);
        assertThat(r.message()).contains("list the address itself");
        refused(
                policy("metadata.google.internal"),
                "http://metadata.google.internal/",
                Reason.ADDRESS,
                AddressClass.CLOUD_METADATA);
        refused(policy("*.example.com"), "http://imds.example.com/", Reason.ADDRESS, AddressClass.CLOUD_METADATA);
    }

    // ---- refused: the URL itself ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "http://2130706433/",
                "http://0x7f000001/",
                "http://017700000001/",
                "http://0x7f.1/",
                "http://127.1/",
                "http://127.0.1/",
                "http://0177.0.0.1/",
                "http://127.0.0.01/",
                "http://0x7F.0x0.0x0.0x1/",
                "http://169.254.43518/",
                "http://1.2.3.4.5/",
                "http://256.0.0.1/",
                "http://0x08.8.8.8/",
                "http://127.1:8080/",
                "http://127.0.0.1./",
                "http://%31%32%37.0.0.1/",
                "http://www.example.0x7f/",
                "http://www.example.123/",
            })
    void refusesIpv4AddressesInAnyButTheStandardSpellingWithoutLookingThemUp(String url) {
        refused(policy(), url, Reason.NONSTANDARD_IPV4, null);
        assertThat(dns.lookups).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "ftp://8.8.8.8/x",
                "file:///etc/passwd",
                "gopher://8.8.8.8:70/_",
                "ws://8.8.8.8/",
                "jar:http://8.8.8.8/x.jar!/",
                "javascript:alert(1)",
                "mailto:ops@example.org",
            })
    void refusesSchemesOtherThanHttpAndHttps(String url) {
        refused(policy(), url, Reason.SCHEME, null);
    }

    @Test
    void refusesPlainHttpWhenOnlyHttpsIsAllowed() {
        CallbackPolicy p = new CallbackPolicy(new CallbackProperties(List.of(), List.of("https"), false, false), dns);
        Refused r = refused(p, "http://8.8.8.8/", Reason.SCHEME, null);
        assertThat(r.message()).endsWith("must be https");
        allowed(p, "HTTPS://8.8.8.8/");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "http://user:secret@8.8.8.8/",
                "http://user@hooks.example.org/",
                "http://hooks.example.org@127.0.0.1/",
                "http://@8.8.8.8/",
                "http://a@b@8.8.8.8/",
            })
    void refusesAUserNameOrPassword(String url) {
        refused(policy(), url, Reason.USERINFO, null);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "   ",
                "not a url",
                "/relative/path",
                "hooks.example.org/cb",
                "http:/8.8.8.8/",
                "http:///x",
                "http://",
                "http://exa_mple.org/",
                "http://bücher.de/",
                "http://%6c%6fcalhost/",
                "http://-a.example.org/",
                "http://a..example.org/",
                "http://8.8.8.8:0/",
                "http://8.8.8.8:65536/",
                "http://[fe80::1%25eth0]/",
                "http://[::1%lo]/",
                "http://8.8.8.8\\@127.0.0.1/",
                "http://8.8.8.8/a b",
            })
    void refusesWhatIsNotAnAbsoluteUrlWithAHost(String url) {
        refused(policy(), url, Reason.MALFORMED, null);
    }

    @Test
    void refusesAVeryLongUrl() {
        String url = "https://8.8.8.8/" + "a".repeat(CallbackPolicy.MAX_LENGTH);
        refused(policy(), url, Reason.MALFORMED, null);
        allowed(policy(), url.substring(0, CallbackPolicy.MAX_LENGTH));
    }

    @Test
    void refusesANameThatDoesNotResolve() {
        refused(policy(), "https://nowhere.example.org/", Reason.UNRESOLVABLE, null);
        refused(policy(), "https://nothing.example.org/", Reason.UNRESOLVABLE, null);
    }

    @Test
    void onlyListedHostsAreAllowedWhenSoConfigured() {
        CallbackPolicy p = new CallbackPolicy(
                new CallbackProperties(List.of("hooks.example.org", "10.20.0.0/16"), List.of("https"), true, true),
                dns);
        allowed(p, "https://hooks.example.org/");
        allowed(p, "https://10.20.1.1/");
        allowed(p, "https://app.corp.example.net/");
        refused(p, "https://8.8.8.8/", Reason.NOT_LISTED, null);
        refused(p, "https://internal.example.org/", Reason.NOT_LISTED, null);
    }

    @Test
    void aRefusalNamesTheHostAndTheRemedyButNeverTheQuery() {
        Refused r = refused(
                policy(), "https://internal.example.org/cb?sig=SECRET123", Reason.ADDRESS, AddressClass.PRIVATE);
        assertThat(r.message())
                .isEqualTo("internal.example.org resolves to 10.0.0.5, a private network address;"
                        + " set jobservice.callbacks.allow-private-networks or list it in"
                        + " jobservice.callbacks.allowed-hosts")
                .doesNotContain("SECRET123");
        Refused literal = refused(policy(), "http://127.0.0.1/?token=SECRET123", Reason.ADDRESS, AddressClass.LOOPBACK);
        assertThat(literal.message())
                .isEqualTo(
                        "127.0.0.1 is a loopback address; list it in jobservice.callbacks.allowed-hosts to allow it");
        Refused malformed = refused(policy(), "http://8.8.8.8/?q=SECRET123 x", Reason.MALFORMED, null);
        assertThat(malformed.message()).doesNotContain("SECRET123");
    }

    @Test
    void orElseThrowGivesTheTargetOrThrowsTheRefusal() {
        assertThat(policy().check("https://8.8.8.8/").orElseThrow().host()).isEqualTo("8.8.8.8");
        assertThatThrownBy(() -> policy().check("http://127.0.0.1/").orElseThrow())
                .isInstanceOfSatisfying(
                        CallbackRefusedException.class,
                        e -> assertThat(e.refusal().addressClass()).isEqualTo(AddressClass.LOOPBACK))
                .hasMessageStartingWith("127.0.0.1 is a loopback address");
    }

    // ---- helpers ----

    private CallbackPolicy policy(String... allowedHosts) {
        return new CallbackPolicy(
                new CallbackProperties(List.of(allowedHosts), List.of("https", "http"), false, false), dns);
    }

    private static CallbackTarget allowed(CallbackPolicy policy, String url) {
        CallbackCheck check = policy.check(url);
        assertThat(check).as(url).isInstanceOf(Allowed.class);
        return ((Allowed) check).target();
    }

    private static Refused refused(CallbackPolicy policy, String url, Reason reason, AddressClass addressClass) {
        CallbackCheck check = policy.check(url);
        assertThat(check).as(url).isInstanceOf(Refused.class);
        Refused r = (Refused) check;
        assertThat(r.reason()).as(url + ": " + r.message()).isEqualTo(reason);
        assertThat(r.addressClass()).as(url + ": " + r.message()).isEqualTo(addressClass);
        assertThat(r.message()).isNotBlank();
        return r;
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: never a lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An IPv4-mapped IPv6 address kept as IPv6, as a resolver might hand it over. */
    private static InetAddress mapped(String v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(ip(v4).getAddress(), 0, b, 12, 4);
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final class FakeDns implements HostResolver {
        private final Map<String, List<InetAddress>> names = new HashMap<>();
        final List<String> lookups = new ArrayList<>();

        FakeDns add(String name, Object... addresses) {
            List<InetAddress> list = new ArrayList<>();
            for (Object a : addresses) {
                list.add(a instanceof InetAddress i ? i : ip((String) a));
            }
            names.put(name, list);
            return this;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            lookups.add(host);
            List<InetAddress> a = names.get(host);
            if (a == null) {
                throw new UnknownHostException(host);
            }
            return a;
        }
    }
}
