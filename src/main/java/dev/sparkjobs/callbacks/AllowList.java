package dev.sparkjobs.callbacks;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The hosts an operator has allowed callbacks to reach although the rules would refuse them. An
 * entry is an exact host name ({@code airflow.internal}), a wildcard for the names beneath a domain
 * ({@code *.example.com}: {@code a.example.com} and {@code a.b.example.com}, not {@code
 * example.com} itself nor {@code evil-example.com}), an IP address ({@code 127.0.0.1}, {@code ::1})
 * or a CIDR range ({@code 10.20.0.0/16}, {@code fd00:1::/64}).
 *
 * <p>A listed address or range is trusted whatever its class. A listed name trusts the name, not
 * whatever DNS answers for it: its addresses may be private or loopback, never link-local, cloud
 * metadata or any other special class, which must be listed as addresses to be reached.
 */
public final class AllowList {

    private static final AllowList EMPTY = new AllowList(Set.of(), List.of(), List.of());

    private final Set<String> names;
    private final List<String> suffixes;
    private final List<Cidr> ranges;

    private AllowList(Set<String> names, List<String> suffixes, List<Cidr> ranges) {
        this.names = Set.copyOf(names);
        this.suffixes = List.copyOf(suffixes);
        this.ranges = List.copyOf(ranges);
    }

    /** Nothing listed. */
    public static AllowList empty() {
        return EMPTY;
    }

    /**
     * Reads the entries; letters may be in either case, a name may end in a dot.
     *
     * @throws IllegalArgumentException naming the first entry that is none of the accepted forms
     */
    public static AllowList parse(List<String> entries) {
        Set<String> names = new LinkedHashSet<>();
        List<String> suffixes = new ArrayList<>();
        List<Cidr> ranges = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String raw = entries.get(i);
            try {
                read(raw == null ? "" : raw.strip(), names, suffixes, ranges);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("allowed-hosts[" + i + "] '" + raw + "': " + e.getMessage(), e);
            }
        }
        return new AllowList(names, suffixes, ranges);
    }

    private static void read(String entry, Set<String> names, List<String> suffixes, List<Cidr> ranges) {
        if (entry.isEmpty()) {
            throw new IllegalArgumentException("an entry may not be empty");
        }
        if (entry.contains("://")) {
            throw new IllegalArgumentException("an entry is a host, not a URL");
        }
        if (entry.contains("/")) {
            ranges.add(Cidr.parse(entry));
            return;
        }
        InetAddress v6 = Hosts.ipv6(entry);
        if (v6 != null) {
            ranges.add(Cidr.of(v6));
            return;
        }
        byte[] v4 = Hosts.dottedQuad(entry);
        if (v4 != null) {
            ranges.add(Cidr.parse(entry + "/32"));
            return;
        }
        String name = Hosts.normalize(entry);
        boolean wildcard = name.startsWith("*.");
        String domain = wildcard ? name.substring(2) : name;
        if (Hosts.endsInNumber(domain)) {
            throw new IllegalArgumentException("not a standard IPv4 address; write it as four decimal numbers");
        }
        if (!Hosts.isDnsName(domain)) {
            throw new IllegalArgumentException("not a host name, *.domain wildcard, IP address or CIDR range"
                    + " (names are letters, digits and hyphens; write international names as xn--)");
        }
        if (wildcard) {
            suffixes.add("." + domain);
        } else {
            names.add(domain);
        }
    }

    /** Whether the host name (normalized: lower case, no trailing dot) is listed or under a wildcard. */
    boolean listsName(String host) {
        if (names.contains(host)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (host.endsWith(suffix) && host.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the address is listed itself or lies in a listed range. */
    boolean listsAddress(InetAddress address) {
        for (Cidr range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(names);
        suffixes.forEach(s -> all.add("*" + s));
        ranges.forEach(r -> all.add(r.toString()));
        return all.toString();
    }
}
