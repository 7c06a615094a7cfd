package dev.sparkjobs.callbacks;

import dev.sparkjobs.callbacks.CallbackCheck.Allowed;
import dev.sparkjobs.callbacks.CallbackCheck.Reason;
import dev.sparkjobs.callbacks.CallbackCheck.Refused;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a callback URL, given by a caller, may be called from the driver host: the
 * defence against a caller making the service reach what only the service can reach (its own
 * port, sidecars, the cloud metadata service and its credentials, internal networks).
 *
 * <p>The rules, in order:
 *
 * <ol>
 *   <li>an absolute {@code http}/{@code https} URL (as configured), with a host, no user name or
 *       password, a port from 1 to 65535;
 *   <li>an IPv4 host is a standard dotted quad: other spellings ({@code 127.1}, {@code 2130706433},
 *       {@code 0x7f.1}, {@code 0177.0.0.1}) mean different addresses to different parsers;
 *   <li>{@code localhost} and the cloud metadata names are refused unless listed;
 *   <li>a name is resolved once, and <em>every</em> address it has must pass: one listed (alone or
 *       in a listed range) passes; for a listed name, a public, private or loopback one passes;
 *       otherwise, unless only listed hosts are allowed, a public one passes, and a private one
 *       when private networks are allowed. Anything else (loopback, link-local, metadata,
 *       unspecified, multicast, broadcast, reserved, and IPv6 forms embedding those) is refused.
 * </ol>
 *
 * <p>The allowed target carries the addresses checked; a sender connects to those. A check is
 * good for one delivery: checking at submit tells the caller early, checking again before each
 * delivery catches a name whose addresses have changed since.
 */
public final class CallbackPolicy {

    /** Longer is not a callback URL; also bounds the work a refusal costs. */
    static final int MAX_LENGTH = 4096;

    private static final String HOSTS_KEY = "jobservice.callbacks.allowed-hosts";

    /** Names that mean a metadata service wherever they resolve (GCP, AWS, Azure, Alibaba...). */
    private static final Set<String> METADATA_NAMES = Set.of(
            "metadata",
            "metadata.google.internal",
            "metadata.goog",
            "instance-data",
            "instance-data.ec2.internal",
            "metadata.azure.com",
            "metadata.tencentyun.com",
            "metadata.platformequinix.com");

    private final AllowList allowList;
    private final List<String> schemes;
    private final boolean allowPrivateNetworks;
    private final boolean listedHostsOnly;
    private final HostResolver resolver;

    public CallbackPolicy(CallbackProperties properties, HostResolver resolver) {
        this.allowList = properties.allowList();
        this.schemes = List.copyOf(new LinkedHashSet<>(properties.allowedSchemes()));
        this.allowPrivateNetworks = properties.allowPrivateNetworks();
        this.listedHostsOnly = properties.listedHostsOnly();
        this.resolver = resolver;
    }

    /**
     * Checks a callback URL, resolving its host if it is a name.
     *
     * @param url as the caller gave it
     * @return the target to deliver to, or the refusal and why
     */
    public CallbackCheck check(String url) {
        if (url == null || url.isBlank()) {
            return refused(Reason.MALFORMED, "a callback URL is required");
        }
        if (url.length() > MAX_LENGTH) {
            return refused(Reason.MALFORMED, "a callback URL is at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return refused(Reason.MALFORMED, "the callback URL is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            return refused(Reason.MALFORMED, "a callback URL is an absolute http or https URL with a host");
        }
        if (!schemes.contains(scheme)) {
            return refused(Reason.SCHEME, "a callback URL's scheme must be " + String.join(" or ", schemes));
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            return refused(Reason.MALFORMED, "a callback URL is an absolute http or https URL with a host");
        }
        String authority = uri.getRawAuthority();
        if (authority.contains("@")) {
            return refused(Reason.USERINFO, "a callback URL may not hold a user name or password");
        }
        if (uri.getHost() == null) {
            return unreadableHost(authority);
        }
        int port = uri.getPort() == -1 ? ("https".equals(scheme) ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65535) {
            return refused(Reason.MALFORMED, "a callback URL's port is from 1 to 65535");
        }
        return checkHost(uri, Hosts.normalize(uri.getHost()), port);
    }

    private CallbackCheck checkHost(URI uri, String host, int port) {
        if (host.startsWith("[")) {
            InetAddress v6 = Hosts.ipv6(host);
            if (v6 == null) {
                return refused(Reason.MALFORMED, host + " is not an IPv6 address this service calls (no zones)");
            }
            String literal = host.substring(1, host.length() - 1);
            return judge(uri, literal, port, List.of(v6), false, true);
        }
        byte[] quad = Hosts.dottedQuad(host);
        if (quad != null) {
            return judge(uri, host, port, List.of(v4(quad)), false, true);
        }
        if (Hosts.endsInNumber(host)) {
            return nonstandardIpv4(host);
        }
        boolean listedName = allowList.listsName(host);
        AddressClass special = specialName(host);
        if (special != null && !listedName) {
            return new Refused(
                    Reason.SPECIAL_NAME,
                    special,
                    host + " names " + special.description() + "; list it in " + HOSTS_KEY + " to allow it");
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        if (addresses.isEmpty()) {
            return refused(Reason.UNRESOLVABLE, host + " does not resolve to an address");
        }
        return judge(uri, host, port, addresses, listedName, false);
    }

    /** Allowed only if every address is: a name with one bad address is refused. */
    private CallbackCheck judge(
            URI uri, String host, int port, List<InetAddress> addresses, boolean listedName, boolean literal) {
        for (InetAddress address : addresses) {
            Refused refused = judge(host, address, listedName, literal);
            if (refused != null) {
                return refused;
            }
        }
        return new Allowed(new CallbackTarget(uri, host, port, addresses));
    }

    private Refused judge(String host, InetAddress address, boolean listedName, boolean literal) {
        if (allowList.listsAddress(address)) {
            return null;
        }
        AddressClass c = AddressClass.of(address);
        String ip = address.getHostAddress();
        String what = literal ? host + " is " : host + " resolves to " + ip + ", ";
        if (listedName) {
            if (c == AddressClass.PUBLIC || c == AddressClass.PRIVATE || c == AddressClass.LOOPBACK) {
                return null;
            }
            return new Refused(
                    Reason.ADDRESS,
                    c,
                    what + c.description() + ": a listed name may reach public, private and loopback addresses"
                            + " only; list the address itself in " + HOSTS_KEY + " to allow it");
        }
        if (listedHostsOnly) {
            return refused(Reason.NOT_LISTED, host + " is not in " + HOSTS_KEY);
        }
        if (c == AddressClass.PUBLIC || (c == AddressClass.PRIVATE && allowPrivateNetworks)) {
            return null;
        }
        String remedy = c == AddressClass.PRIVATE
                ? "set jobservice.callbacks.allow-private-networks or list it in " + HOSTS_KEY
                : "list it in " + HOSTS_KEY + " to allow it";
        return new Refused(Reason.ADDRESS, c, what + c.description() + "; " + remedy);
    }

    /** {@code java.net.URI} reads hosts such as {@code 127.1} or {@code bücher.de} as no host. */
    private static CallbackCheck unreadableHost(String authority) {
        String host = authority;
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && !host.startsWith("[")) {
            host = host.substring(0, colon);
        }
        String normalized = Hosts.normalize(host);
        if (!normalized.isEmpty() && Hosts.endsInNumber(normalized)) {
            return nonstandardIpv4(normalized);
        }
        return refused(
                Reason.MALFORMED,
                "a callback URL's host is a DNS name of letters, digits and hyphens (international names"
                        + " written as xn--) or an IP address");
    }

    private static CallbackCheck nonstandardIpv4(String host) {
        return refused(
                Reason.NONSTANDARD_IPV4,
                host + " may be read as an IPv4 address; write an IPv4 address as four decimal numbers"
                        + " without a trailing dot (203.0.113.7)");
    }

    private static AddressClass specialName(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return AddressClass.LOOPBACK;
        }
        return METADATA_NAMES.contains(host) ? AddressClass.CLOUD_METADATA : null;
    }

    private static InetAddress v4(byte[] quad) {
        try {
            return InetAddress.getByAddress(quad);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static Refused refused(Reason reason, String message) {
        return new Refused(reason, null, message);
    }
}
