package dev.sparkjobs.callbacks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reading a host as text without asking DNS. Which text is an IP address differs between parsers:
 * {@code inet_aton} (and so the system resolver and many HTTP clients) takes {@code 127.1}, {@code
 * 2130706433}, {@code 0x7f.1} and {@code 0177.0.0.1} for {@code 127.0.0.1}; Java takes some of
 * these and not others. Only the standard dotted quad is read as an IPv4 address here; any other
 * host whose last label is a number is refused rather than guessed at.
 */
final class Hosts {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV6_TEXT = Pattern.compile("[0-9a-f:.]+");
    private static final Pattern DECIMAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

    private Hosts() {}

    /** Lower case, without the one trailing dot that makes a name fully qualified. */
    static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** The four bytes of a standard dotted quad ({@code 192.0.2.1}, no leading zeros), or null. */
    static byte[] dottedQuad(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!DECIMAL_OCTET.matcher(parts[i]).matches()) {
                return null;
            }
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                return null;
            }
            bytes[i] = (byte) v;
        }
        return bytes;
    }

    /**
     * Whether some parser may read the host as an IPv4 address: its last label is decimal digits or
     * a {@code 0x} hex number (the WHATWG URL standard's "ends in a number"). No top-level domain is
     * a number, so no real name is caught.
     */
    static boolean endsInNumber(String normalizedHost) {
        String last = normalizedHost.substring(normalizedHost.lastIndexOf('.') + 1);
        if (last.isEmpty()) {
            return false;
        }
        if (last.startsWith("0x")) {
            return last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return last.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** An IPv6 literal, with or without brackets; null if the text is not one. Never asks DNS. */
    static InetAddress ipv6(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!t.contains(":") || !IPV6_TEXT.matcher(t.toLowerCase(Locale.ROOT)).matches()) {
            return null; // a zone ("%eth0") is not accepted either
        }
        try {
            // in brackets, Java parses the literal or fails; it never looks the text up
            return InetAddress.getByName("[" + t + "]");
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether the normalized text is a DNS name of letters, digits and hyphens. */
    static boolean isDnsName(String normalizedHost) {
        if (normalizedHost.isEmpty() || normalizedHost.length() > 253) {
            return false;
        }
        for (String label : normalizedHost.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
