package dev.multimodal.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which addresses an {@code imageUrl} may reach: none of loopback, private, carrier-grade NAT,
 * link-local (cloud metadata lives at 169.254.169.254), unique-local IPv6, multicast, broadcast
 * or unspecified — unless an operator allows a range explicitly.
 */
public final class AddressPolicy {

    /** An address range in CIDR notation, e.g. {@code 10.20.0.0/16}. */
    public record Cidr(byte[] network, int prefix) {

        public static Cidr parse(String cidr) {
            int slash = cidr.indexOf('/');
            if (!isLiteral(cidr, slash)) { // checked first: a name would be looked up in DNS
                throw new IllegalArgumentException("not a CIDR range: " + cidr);
            }
            try {
                InetAddress address = InetAddress.getByName(slash < 0 ? cidr : cidr.substring(0, slash));
                byte[] bytes = address.getAddress();
                int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("not a CIDR range: " + cidr);
                }
                return new Cidr(bytes, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR range: " + cidr);
            }
        }

        private static boolean isLiteral(String cidr, int slash) {
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }

    private static final List<Cidr> RESERVED = List.of(
            Cidr.parse("0.0.0.0/8"),
            Cidr.parse("100.64.0.0/10"),
            Cidr.parse("192.0.0.0/24"),
            Cidr.parse("198.18.0.0/15"),
            Cidr.parse("240.0.0.0/4"),
            Cidr.parse("fc00::/7"),
            Cidr.parse("64:ff9b::/96"));

    private final List<Cidr> allowed;

    public AddressPolicy(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Why {@code address} may not be reached, or null when it may. */
    public String refusal(InetAddress address) {
        InetAddress plain = unmapped(address);
        for (Cidr cidr : allowed) {
            if (cidr.contains(plain)) {
                return null;
            }
        }
        if (plain.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (plain.isAnyLocalAddress()) {
            return "an unspecified address";
        }
        if (plain.isLinkLocalAddress()) {
            return "a link-local address (cloud metadata services live there)";
        }
        if (plain.isSiteLocalAddress()) {
            return "a private address";
        }
        if (plain.isMulticastAddress()) {
            return "a multicast address";
        }
        for (Cidr cidr : RESERVED) {
            if (cidr.contains(plain)) {
                return "a reserved or private range";
            }
        }
        return null;
    }

    /** ::ffff:a.b.c.d is judged as a.b.c.d. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }
}
