package dev.sparkjobs.callbacks;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * What an IP address reaches, as far as a callback is concerned. Only {@link #PUBLIC} is a
 * destination on the open internet; every other class is refused unless the operator lists the
 * address (or, for {@link #PRIVATE}, allows private networks).
 *
 * <p>An IPv6 address that embeds an IPv4 one (IPv4-mapped, IPv4-compatible, NAT64 {@code
 * 64:ff9b::/96}, 6to4 {@code 2002::/16}) takes the class of the IPv4 address it carries: {@code
 * [::ffff:127.0.0.1]} is loopback, whatever the URL's spelling.
 */
public enum AddressClass {
    /** Routable on the internet. */
    PUBLIC("a public address"),
    /** RFC 1918, CGNAT {@code 100.64.0.0/10}, IPv6 unique local {@code fc00::/7} and site-local. */
    PRIVATE("a private network address"),
    /** {@code 127.0.0.0/8}, {@code ::1}: this host, the service itself and its sidecars. */
    LOOPBACK("a loopback address"),
    /** {@code 169.254.0.0/16}, {@code fe80::/10}: the link, where cloud metadata services live. */
    LINK_LOCAL("a link-local address"),
    /** A cloud instance metadata endpoint: credentials and instance secrets. */
    CLOUD_METADATA("a cloud metadata address"),
    /** {@code 0.0.0.0/8}, {@code ::}: a connection to it reaches this host. */
    UNSPECIFIED("an unspecified address"),
    /** {@code 224.0.0.0/4}, {@code ff00::/8}. */
    MULTICAST("a multicast address"),
    /** {@code 255.255.255.255}. */
    BROADCAST("the broadcast address"),
    /** Documentation, benchmarking, future use, Teredo and other special-purpose ranges. */
    RESERVED("a reserved address");

    private final String description;

    AddressClass(String description) {
        this.description = description;
    }

    /** For refusals: "a loopback address". */
    public String description() {
        return description;
    }

    /**
     * Addresses the cloud providers serve instance metadata or credentials on. Most are link-local
     * anyway; the ones that are not (Alibaba's CGNAT address, AWS's unique local IPv6 ones, Oracle's
     * {@code 192.0.0.192}) would otherwise pass as merely private.
     */
    private static final byte[][] METADATA = {
        v4(169, 254, 169, 254), // AWS, Azure, GCP, Oracle, DigitalOcean, OpenStack...
        v4(169, 254, 170, 2), // AWS ECS task metadata and credentials
        v4(169, 254, 170, 23), // AWS EKS pod identity
        v4(100, 100, 100, 200), // Alibaba Cloud
        v4(192, 0, 0, 192), // Oracle Cloud (legacy)
        v6(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254), // AWS IMDS over IPv6
        v6(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0023), // AWS EKS pod identity over IPv6
    };

    /** The class of one address. */
    public static AddressClass of(InetAddress address) {
        return of(address.getAddress());
    }

    static AddressClass of(byte[] a) {
        for (byte[] m : METADATA) {
            if (Arrays.equals(a, m)) {
                return CLOUD_METADATA;
            }
        }
        return a.length == 4 ? ofV4(a) : ofV6(a);
    }

    private static AddressClass ofV4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        if (b0 == 0) {
            return UNSPECIFIED; // "this network": on Linux a connect to 0.x reaches this host
        }
        if (b0 == 127) {
            return LOOPBACK;
        }
        if (b0 == 169 && b1 == 254) {
            return LINK_LOCAL;
        }
        if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
            return PRIVATE;
        }
        if (b0 == 100 && (b1 & 0xc0) == 64) {
            return PRIVATE; // CGNAT, also what some clouds give their internal services
        }
        if (b0 >= 224 && b0 <= 239) {
            return MULTICAST;
        }
        if (b0 == 255 && b1 == 255 && b2 == 255 && (a[3] & 0xff) == 255) {
            return BROADCAST;
        }
        if (b0 >= 240 // future use
                || (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) // protocol assignments, TEST-NET-1
                || (b0 == 192 && b1 == 88 && b2 == 99) // 6to4 relay anycast
                || (b0 == 198 && (b1 & 0xfe) == 18) // benchmarking
                || (b0 == 198 && b1 == 51 && b2 == 100) // TEST-NET-2
                || (b0 == 203 && b1 == 0 && b2 == 113)) { // TEST-NET-3
            return RESERVED;
        }
        return PUBLIC;
    }

    private static AddressClass ofV6(byte[] a) {
        if (zero(a, 0, 10)) {
            int w5 = word(a, 5);
            if (w5 == 0xffff) {
                return of(tail(a, 12)); // IPv4-mapped
            }
            if (w5 == 0 && zero(a, 10, 12)) {
                if (zero(a, 12, 15)) {
                    int last = a[15] & 0xff;
                    if (last == 0) {
                        return UNSPECIFIED;
                    }
                    if (last == 1) {
                        return LOOPBACK;
                    }
                }
                return notPublic(of(tail(a, 12))); // IPv4-compatible: deprecated, never a route
            }
        }
        int w0 = word(a, 0);
        int w1 = word(a, 1);
        if (w0 == 0x0064 && w1 == 0xff9b && zero(a, 4, 12)) {
            return of(tail(a, 12)); // NAT64 well-known prefix: the IPv4 address it translates to
        }
        if (w0 == 0x2002) {
            return of(new byte[] {a[2], a[3], a[4], a[5]}); // 6to4: the IPv4 address it tunnels to
        }
        if ((w0 & 0xfe00) == 0xfc00 || (w0 & 0xffc0) == 0xfec0) {
            return PRIVATE; // unique local, deprecated site-local
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return LINK_LOCAL;
        }
        if ((w0 & 0xff00) == 0xff00) {
            return MULTICAST;
        }
        if ((w0 & 0xe000) != 0x2000 // outside global unicast: NAT64 local-use, discard-only, the rest
                || (w0 == 0x2001 && w1 == 0) // Teredo: hides an IPv4 address behind an XOR
                || (w0 == 0x2001 && w1 == 0x0db8) // documentation
                || (w0 == 0x3fff && (w1 & 0xf000) == 0)) { // documentation (RFC 9637)
            return RESERVED;
        }
        return PUBLIC;
    }

    private static AddressClass notPublic(AddressClass c) {
        return c == PUBLIC ? RESERVED : c;
    }

    private static boolean zero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int word(byte[] a, int i) {
        return ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }

    private static byte[] tail(byte[] a, int from) {
        return Arrays.copyOfRange(a, from, a.length);
    }

    private static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    private static byte[] v6(int... words) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (words[i] >> 8);
            b[2 * i + 1] = (byte) words[i];
        }
        return b;
    }
}
