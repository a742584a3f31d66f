package till.bolt11;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Bech32 as in BIP-173 (the original checksum constant, not bech32m), without BIP-173's 90-character
 * limit because BOLT #11 invoices are routinely longer. Data is handled as 5-bit groups, one per byte.
 */
public final class Bech32 {

    static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    private static final int CHECKSUM_LENGTH = 6;

    /** A decoded string: the lower-case human-readable part and the data groups without the checksum. */
    public record Decoded(String hrp, byte[] data) {
    }

    private Bech32() {
    }

    public static Decoded decode(String text) {
        boolean hasLower = false;
        boolean hasUpper = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 33 || c > 126) {
                throw new Bolt11Exception("invalid character at position " + i + " of the bech32 string");
            }
            hasLower |= c >= 'a' && c <= 'z';
            hasUpper |= c >= 'A' && c <= 'Z';
        }
        if (hasLower && hasUpper) {
            throw new Bolt11Exception("malformed bech32 string: mixed case");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int separator = lower.lastIndexOf('1');
        if (separator < 0) {
            throw new Bolt11Exception("malformed bech32 string: no '1' separator");
        }
        if (separator == 0) {
            throw new Bolt11Exception("malformed bech32 string: empty human-readable part before the '1' separator");
        }
        String hrp = lower.substring(0, separator);
        byte[] all = fromChars(lower.substring(separator + 1));
        if (all.length < CHECKSUM_LENGTH) {
            throw new Bolt11Exception("malformed bech32 string: too short to hold a checksum");
        }
        if (polymod(hrp, all) != 1) {
            throw new Bolt11Exception("bech32 checksum is invalid");
        }
        return new Decoded(hrp, Arrays.copyOf(all, all.length - CHECKSUM_LENGTH));
    }

    /** Encodes in lower case, the form BOLT #11 writers use. */
    public static String encode(String hrp, byte[] data) {
        String lowerHrp = hrp.toLowerCase(Locale.ROOT);
        byte[] withChecksum = Arrays.copyOf(data, data.length + CHECKSUM_LENGTH);
        int mod = polymod(lowerHrp, withChecksum) ^ 1;
        for (int i = 0; i < CHECKSUM_LENGTH; i++) {
            withChecksum[data.length + i] = (byte) ((mod >>> (5 * (CHECKSUM_LENGTH - 1 - i))) & 31);
        }
        return lowerHrp + '1' + toChars(withChecksum);
    }

    /** 5-bit groups as bech32 characters. */
    public static String toChars(byte[] groups) {
        StringBuilder out = new StringBuilder(groups.length);
        for (byte g : groups) {
            if (g < 0 || g > 31) {
                throw new IllegalArgumentException("not a 5-bit group: " + g);
            }
            out.append(CHARSET.charAt(g));
        }
        return out.toString();
    }

    /** Lower-case bech32 characters as 5-bit groups. */
    public static byte[] fromChars(String chars) {
        byte[] groups = new byte[chars.length()];
        for (int i = 0; i < groups.length; i++) {
            int value = CHARSET.indexOf(chars.charAt(i));
            if (value < 0) {
                throw new Bolt11Exception("invalid bech32 character '" + chars.charAt(i) + "'");
            }
            groups[i] = (byte) value;
        }
        return groups;
    }

    /** Bytes to 5-bit groups, zero-padding the last group. */
    public static byte[] toFiveBit(byte[] bytes) {
        return convertBits(bytes, 8, 5, true);
    }

    /** 5-bit groups to bytes, dropping trailing bits that do not fill a byte (they are padding in BOLT #11 fields). */
    public static byte[] toBytes(byte[] groups) {
        return convertBits(groups, 5, 8, false);
    }

    /** 5-bit groups to bytes, zero-padding the last byte: the form BOLT #11 signs. */
    public static byte[] toBytesPadded(byte[] groups) {
        return convertBits(groups, 5, 8, true);
    }

    /** {@code number} big-endian in exactly {@code length} groups. */
    public static byte[] fromNumber(long number, int length) {
        byte[] groups = new byte[length];
        for (int i = 0; i < length; i++) {
            groups[i] = (byte) ((number >>> (5 * (length - 1 - i))) & 31);
        }
        return groups;
    }

    /** Big-endian groups as a number; the caller keeps them within 63 bits. */
    public static long toNumber(byte[] groups) {
        long number = 0;
        for (byte g : groups) {
            number = (number << 5) | g;
        }
        return number;
    }

    private static byte[] convertBits(byte[] in, int fromBits, int toBits, boolean pad) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * fromBits / toBits + 1);
        int mask = (1 << toBits) - 1;
        int acc = 0;
        int bits = 0;
        for (byte b : in) {
            acc = (acc << fromBits) | (b & ((1 << fromBits) - 1));
            bits += fromBits;
            while (bits >= toBits) {
                bits -= toBits;
                out.write((acc >>> bits) & mask);
            }
            acc &= (1 << bits) - 1;
        }
        if (pad && bits > 0) {
            out.write((acc << (toBits - bits)) & mask);
        }
        return out.toByteArray();
    }

    /** BIP-173 checksum over the expanded hrp followed by the data groups. */
    private static int polymod(String hrp, byte[] data) {
        int chk = 1;
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) >>> 5);
        }
        chk = step(chk, 0);
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) & 31);
        }
        for (byte value : data) {
            chk = step(chk, value);
        }
        return chk;
    }

    private static int step(int chk, int value) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < GENERATOR.length; i++) {
            if (((top >>> i) & 1) != 0) {
                chk ^= GENERATOR[i];
            }
        }
        return chk;
    }
}
