package dev.sparkjobs.callbacks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks a host name up in DNS. A port, so that the rules can be tested without a network and the
 * answer is had once: the addresses checked are the addresses connected to.
 */
@FunctionalInterface
public interface HostResolver {

    /** The JVM's resolver (the system's, behind the JVM's own cache). */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * Every address the name has now.
     *
     * @param host a DNS name, never an IP literal
     * @throws UnknownHostException if the name has no address
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
