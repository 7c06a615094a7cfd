package dev.sparkjobs.callbacks;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * A callback URL that passed the rules, with the addresses it was checked against. A sender
 * connects to one of {@code addresses} (and sends {@code host} as the Host header and TLS server
 * name), never to whatever a second DNS lookup returns: a name whose answer changes between the
 * check and the connection (DNS rebinding) would otherwise reach an address that was never checked.
 *
 * @param uri the parsed URL, to send as is
 * @param host the host, lower case, without brackets or trailing dot: a DNS name or an IP literal
 * @param port the port to connect to; the scheme's default when the URL names none
 * @param addresses every address the host had when checked, each one allowed; never empty
 */
public record CallbackTarget(URI uri, String host, int port, List<InetAddress> addresses) {

    public CallbackTarget {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a callback target has at least one address");
        }
    }
}
