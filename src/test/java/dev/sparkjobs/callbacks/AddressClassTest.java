package dev.sparkjobs.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressClassTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        // IPv4
        "8.8.8.8, PUBLIC",
        "1.1.1.1, PUBLIC",
        "0.0.0.0, UNSPECIFIED",
        "0.1.2.3, UNSPECIFIED",
        "127.0.0.1, LOOPBACK",
        "127.255.255.254, LOOPBACK",
        "169.254.0.1, LINK_LOCAL",
        "169.254.169.254, CLOUD_METADATA",
        "169.254.170.2, CLOUD_METADATA",
        "169.254.170.23, CLOUD_METADATA",
        "100.100.100.200, CLOUD_METADATA",
        "192.0.0.192, CLOUD_METADATA",
        "10.0.0.1, PRIVATE",
        "10.255.255.255, PRIVATE",
        "172.15.255.255, PUBLIC",
        "172.16.0.0, PRIVATE",
        "172.31.255.255, PRIVATE",
        "172.32.0.0, PUBLIC",
        "192.168.0.1, PRIVATE",
        "192.169.0.1, PUBLIC",
        "100.63.255.255, PUBLIC",
        "100.64.0.0, PRIVATE",
        "100.127.255.255, PRIVATE",
        "100.128.0.0, PUBLIC",
        "224.0.0.1, MULTICAST",
        "239.255.255.255, MULTICAST",
        "255.255.255.255, BROADCAST",
        "240.0.0.1, RESERVED",
        "255.255.255.254, RESERVED",
        "192.0.0.8, RESERVED",
        "192.0.2.1, RESERVED",
        "192.88.99.1, RESERVED",
        "198.18.0.1, RESERVED",
        "198.19.255.255, RESERVED",
        "198.20.0.1, PUBLIC",
        "198.51.100.1, RESERVED",
        "203.0.113.1, RESERVED",
        // IPv6
        "2606:4700:4700::1111, PUBLIC",
        "::, UNSPECIFIED",
        "::1, LOOPBACK",
        "fe80::1, LINK_LOCAL",
        "febf:ffff::1, LINK_LOCAL",
        "fd00:ec2::254, CLOUD_METADATA",
        "fd00:ec2::23, CLOUD_METADATA",
        "fc00::1, PRIVATE",
        "fdff:ffff::1, PRIVATE",
        "fec0::1, PRIVATE",
        "ff02::1, MULTICAST",
        "ff0e::1, MULTICAST",
        "2001:db8::1, RESERVED",
        "3fff::1, RESERVED",
        "2001::1, RESERVED", // Teredo
        "100::1, RESERVED", // discard-only
        "64:ff9b:1::1, RESERVED", // NAT64 local use
        "4000::1, RESERVED", // outside global unicast
        // IPv6 that carries IPv4
        "::127.0.0.1, LOOPBACK", // IPv4-compatible
        "::169.254.169.254, CLOUD_METADATA",
        "::10.0.0.1, PRIVATE",
        "::8.8.8.8, RESERVED",
        "64:ff9b::127.0.0.1, LOOPBACK", // NAT64
        "64:ff9b::a9fe:a9fe, CLOUD_METADATA",
        "64:ff9b::6464:64c8, CLOUD_METADATA",
        "64:ff9b::10.1.2.3, PRIVATE",
        "64:ff9b::8.8.8.8, PUBLIC",
        "2002:7f00:1::1, LOOPBACK", // 6to4
        "2002:a9fe:a9fe::, CLOUD_METADATA",
        "2002:c0a8:101::1, PRIVATE",
        "2002:808:808::1, PUBLIC",
    })
    void classifies(String literal, AddressClass expected) throws Exception {
        // a literal: Java parses it and never asks DNS
        assertThat(AddressClass.of(InetAddress.getByName(literal))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "::ffff:{0} is {1}")
    @CsvSource({
        "127.0.0.1, LOOPBACK",
        "169.254.169.254, CLOUD_METADATA",
        "10.0.0.1, PRIVATE",
        "0.0.0.0, UNSPECIFIED",
        "8.8.8.8, PUBLIC",
    })
    void anIpv4MappedAddressIsTheIpv4AddressItCarries(String v4, AddressClass expected) throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(InetAddress.getByName(v4).getAddress(), 0, mapped, 12, 4);
        // Java turns a mapped address into an Inet4Address on most paths; a resolver need not
        InetAddress asV6 = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(asV6.getAddress()).hasSize(16);
        assertThat(AddressClass.of(asV6)).isEqualTo(expected);
        assertThat(AddressClass.of(mapped)).isEqualTo(expected);
    }
}
