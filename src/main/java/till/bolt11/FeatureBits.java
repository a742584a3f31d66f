package till.bolt11;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.Set;

/** The {@code 9} field: a bit field in 5-bit groups, bit 0 being the last bit of the last group. */
final class FeatureBits {

    /**
     * BOLT #9 invoice features this reader understands: var_onion_optin (8/9), payment_secret (14/15),
     * basic_mpp (16/17), route_blinding (24/25) and payment_metadata (48/49). An even (mandatory) bit
     * outside this set means the payee requires something we cannot do.
     */
    private static final Set<Integer> KNOWN = Set.of(8, 9, 14, 15, 16, 17, 24, 25, 48, 49);

    private FeatureBits() {
    }

    /** Hex as Core Lightning's {@code decode} prints it: big-endian, right-aligned, ceil(5n/8) bytes. */
    static String toHex(byte[] groups) {
        int byteLength = (groups.length * 5 + 7) / 8;
        byte[] minimal = value(groups).toByteArray();
        byte[] out = new byte[byteLength];
        int copy = Math.min(minimal.length, byteLength);
        System.arraycopy(minimal, minimal.length - copy, out, byteLength - copy, copy);
        return HexFormat.of().formatHex(out);
    }

    /** The fewest 5-bit groups that hold every set bit of {@code hex}. */
    static byte[] toGroups(String hex) {
        BigInteger bits = new BigInteger(1, HexFormat.of().parseHex(hex));
        int length = (bits.bitLength() + 4) / 5;
        byte[] groups = new byte[length];
        for (int i = 0; i < length; i++) {
            groups[i] = (byte) bits.shiftRight(5 * (length - 1 - i)).intValue();
            groups[i] &= 31;
        }
        return groups;
    }

    static OptionalInt firstUnknownMandatory(byte[] groups) {
        BigInteger bits = value(groups);
        for (int bit = 0; bit < bits.bitLength(); bit += 2) {
            if (bits.testBit(bit) && !KNOWN.contains(bit)) {
                return OptionalInt.of(bit);
            }
        }
        return OptionalInt.empty();
    }

    private static BigInteger value(byte[] groups) {
        BigInteger bits = BigInteger.ZERO;
        for (byte g : groups) {
            bits = bits.shiftLeft(5).or(BigInteger.valueOf(g));
        }
        return bits;
    }
}
