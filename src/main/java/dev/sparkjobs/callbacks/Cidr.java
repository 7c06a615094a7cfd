package dev.sparkjobs.callbacks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An address range: an IPv4 or IPv6 network and its prefix length. One address is a full prefix. */
final class Cidr {

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    static Cidr of(InetAddress address) {
        byte[] bytes = address.getAddress();
        return new Cidr(bytes, bytes.length * 8);
    }

    /**
     * {@code 10.0.0.0/8}, {@code fd00::/8}. The address must be the network's first one, so that
     * {@code 10.1.2.3/8} is not taken for something its writer did not mean.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String addressText = text.substring(0, slash);
        String prefixText = text.substring(slash + 1);
        byte[] bytes = Hosts.dottedQuad(addressText);
        if (bytes == null) {
            InetAddress v6 = Hosts.ipv6(addressText);
            if (v6 == null) {
                throw new IllegalArgumentException("'" + addressText + "' is not an IPv4 or IPv6 address");
            }
            bytes = v6.getAddress();
        }
        int bits = bytes.length * 8;
        if (!prefixText.matches("[0-9]{1,3}") || Integer.parseInt(prefixText) > bits) {
            throw new IllegalArgumentException("the prefix length must be a number from 0 to " + bits);
        }
        Cidr cidr = new Cidr(bytes, Integer.parseInt(prefixText));
        byte[] masked = cidr.masked(bytes);
        if (!Arrays.equals(masked, bytes)) {
            throw new IllegalArgumentException("the address has bits set beyond the prefix; did you mean "
                    + text(masked) + "/" + prefixText + "?");
        }
        return cidr;
    }

    /** Whether the address is in the range; an IPv4 range holds no IPv6 address, and the reverse. */
    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(masked(bytes), network);
    }

    private byte[] masked(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            out[i] = (byte) (bytes[i] & (0xff00 >> keep));
        }
        return out;
    }

    private static String text(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a wrong length, which cannot happen here
        }
    }

    @Override
    public String toString() {
        return text(network) + "/" + prefix;
    }
}
