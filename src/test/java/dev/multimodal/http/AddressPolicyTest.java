package dev.multimodal.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Address literals only: nothing here resolves a name or opens a connection. */
class AddressPolicyTest {

    private final AddressPolicy policy = new AddressPolicy(List.of());

    @Test
    void internalAddressesAreRefused() throws Exception {
        for (String address : List.of(
                "127.0.0.1",
                "127.8.9.10",
                "::1",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "fe80::1",
                "fd00:ec2::254",
                "fc00::5",
                "100.64.0.1",
                "0.0.0.0",
                "::",
                "224.0.0.1",
                "ff02::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1",
                "240.0.0.1",
                "198.18.0.1")) {
            assertNotNull(policy.refusal(InetAddress.getByName(address)), address + " must be refused");
        }
        assertTrue(policy.refusal(InetAddress.getByName("169.254.169.254")).contains("metadata"));
    }

    @Test
    void publicAddressesPass() throws Exception {
        for (String address : List.of(
                "93.184.216.34",
                "8.8.8.8",
                "172.32.0.1",
                "2001:4860:4860::8888",
                "::ffff:93.184.216.34",
                "100.128.0.1")) {
            assertNull(policy.refusal(InetAddress.getByName(address)), address + " must pass");
        }
    }

    @Test
    void anOperatorCanAllowARange() throws Exception {
        AddressPolicy internal = new AddressPolicy(
                List.of(AddressPolicy.Cidr.parse("10.20.0.0/16"), AddressPolicy.Cidr.parse("127.0.0.1")));
        assertNull(internal.refusal(InetAddress.getByName("10.20.3.4")));
        assertNull(internal.refusal(InetAddress.getByName("127.0.0.1")));
        assertNotNull(internal.refusal(InetAddress.getByName("10.21.0.1")));
        assertNotNull(internal.refusal(InetAddress.getByName("127.0.0.2")));
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.Cidr.parse("10.0.0.0/40"));
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.Cidr.parse("intranet.example/8"));
    }
}
