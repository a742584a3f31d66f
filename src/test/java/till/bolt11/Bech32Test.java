package till.bolt11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** BIP-173's rules at their edges: the allowed characters, case, separator and checksum. */
class Bech32Test {
    private static final byte[] DATA = {0, 1, 2, 31, 30, 0, 7};

    @Test
    void theHumanReadablePartMayUseEveryPrintableCharacter() {
        for (String hrp : new String[] {"!", "~", "a!~z"}) {
            Bech32.Decoded decoded = Bech32.decode(Bech32.encode(hrp, DATA));
            assertEquals(hrp, decoded.hrp());
            assertArrayEquals(DATA, decoded.data());
        }
        assertArrayEquals(new byte[0], Bech32.decode(Bech32.encode("a", new byte[0])).data(), "data may be empty");
    }

    @Test
    void spacesAndControlOrNonAsciiCharactersAreRefused() {
        String valid = Bech32.encode("a", DATA);
        for (char bad : new char[] {' ', '\u007f', '\u0000', 'é'}) {
            Bolt11Exception e = assertThrows(Bolt11Exception.class, () -> Bech32.decode(bad + valid));
            assertTrue(e.getMessage().startsWith("invalid character at position 0"), e.getMessage());
        }
    }

    @Test
    void mixedCaseIsRefusedEvenWhenOnlyOneLetterDiffers() {
        for (String hrp : new String[] {"a", "z"}) {
            String lower = Bech32.encode(hrp, DATA);
            assertEquals(hrp, Bech32.decode(lower.toUpperCase()).hrp(), "all upper case is fine");
            String onlyHrpLower = hrp + lower.substring(1).toUpperCase();
            assertThrows(Bolt11Exception.class, () -> Bech32.decode(onlyHrpLower), onlyHrpLower);
            String onlyHrpUpper = hrp.toUpperCase() + lower.substring(1);
            assertThrows(Bolt11Exception.class, () -> Bech32.decode(onlyHrpUpper), onlyHrpUpper);
        }
    }

    @Test
    void theSeparatorAndChecksumMustBeThere() {
        assertEquals("malformed bech32 string: no '1' separator", message("qqqqqqqq"));
        assertEquals("malformed bech32 string: empty human-readable part before the '1' separator", message("1qqqqqqq"));
        assertEquals("malformed bech32 string: too short to hold a checksum", message("a1qqqqq"));
        String valid = Bech32.encode("a", DATA);
        String otherLast = valid.endsWith("q") ? "p" : "q";
        assertEquals("bech32 checksum is invalid", message(valid.substring(0, valid.length() - 1) + otherLast));
    }

    private static String message(String text) {
        return assertThrows(Bolt11Exception.class, () -> Bech32.decode(text)).getMessage();
    }
}
