package till.webhook;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses a webhook may reach: globally routable unicast only. IPv4 is public unless it is in the IANA
 * IPv4 Special-Purpose Address Registry (or multicast, reserved, broadcast); IPv6 must be global unicast
 * (2000::/3) outside the IANA IPv6 Special-Purpose Address Registry. The IPv6 forms that carry an IPv4 address
 * (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo) are judged by the IPv4 addresses they carry, since that is
 * where the packets end up. An allow-list, so that a range IANA adds later is refused rather than reached.
 */
final class GlobalAddresses {
    /** Not globally routable IPv4: RFC 6890 and its updates; 224/4 multicast and 240/4 reserved (with broadcast). */
    private static final List<Block> IPV4_SPECIAL = blocks(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4");
    private static final Block IPV6_GLOBAL_UNICAST = Block.of("2000::/3");
    /** Inside 2000::/3 but not globally routable: IETF protocol assignments, documentation, SRv6 SIDs. */
    private static final List<Block> IPV6_SPECIAL = blocks("2001::/23", "2001:db8::/32", "3fff::/20", "5f00::/16");
    private static final Block IPV4_COMPATIBLE = Block.of("::/96");
    private static final Block NAT64 = Block.of("64:ff9b::/96");
    private static final Block SIX_TO_FOUR = Block.of("2002::/16");
    private static final Block TEREDO = Block.of("2001::/32");

    private GlobalAddresses() {}

    static boolean isGlobal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            // Also every IPv4-mapped ::ffff:a.b.c.d: Java turns those into the Inet4Address they carry.
            return isGlobalIpv4(bytes);
        }
        // Otherwise an Inet6Address: InetAddress has no other kind.
        if (NAT64.contains(bytes) || IPV4_COMPATIBLE.contains(bytes)) {
            // IPv4-compatible includes :: and ::1, whose "IPv4 addresses" 0.0.0.0 and 0.0.0.1 are refused.
            return isGlobalIpv4(Arrays.copyOfRange(bytes, 12, 16));
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return isGlobalIpv4(Arrays.copyOfRange(bytes, 2, 6));
        }
        if (TEREDO.contains(bytes)) {
            // The Teredo server's address, then the client's, stored inverted (RFC 4380).
            byte[] client = Arrays.copyOfRange(bytes, 12, 16);
            for (int i = 0; i < client.length; i++) {
                client[i] = (byte) ~client[i];
            }
            return isGlobalIpv4(Arrays.copyOfRange(bytes, 4, 8)) && isGlobalIpv4(client);
        }
        return IPV6_GLOBAL_UNICAST.contains(bytes) && IPV6_SPECIAL.stream().noneMatch(b -> b.contains(bytes));
    }

    private static boolean isGlobalIpv4(byte[] bytes) {
        return IPV4_SPECIAL.stream().noneMatch(b -> b.contains(bytes));
    }

    private static List<Block> blocks(String... cidrs) {
        return Arrays.stream(cidrs).map(Block::of).toList();
    }

    /** An address block in CIDR notation. */
    private record Block(byte[] prefix, int bits) {
        static Block of(String cidr) {
            String[] parts = cidr.split("/");
            try {
                // Literals only: getByName parses them without any lookup.
                return new Block(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        /** {@code address} is of the block's family (callers keep IPv4 and IPv6 blocks apart). */
        boolean contains(byte[] address) {
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }
}
