package till.bolt11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The invoice amount is money: every edge of parsing and writing it, exactly. */
class AmountTest {
    private static final long ONE_BTC = 100_000_000_000L;

    @Test
    void readsEachMultiplierToTheMillisatoshi() {
        assertNull(Amount.parseMsat(""));
        assertEquals(2 * ONE_BTC, Amount.parseMsat("2"));
        assertEquals(2_500_000_000L, Amount.parseMsat("25m"));
        assertEquals(2_500_000L, Amount.parseMsat("25u"));
        assertEquals(2_500L, Amount.parseMsat("25n"));
        assertEquals(1L, Amount.parseMsat("10p"));
    }

    @Test
    void twentyOneMillionBitcoinIsTheMostAndNothingAbove() {
        assertEquals(Amount.MAX_MSAT, Amount.parseMsat("21000000"));
        assertEquals(Amount.MAX_MSAT, Amount.parseMsat("21000000000m"));
        assertThrows(Bolt11Exception.class, () -> Amount.parseMsat("21000001"));
        assertThrows(Bolt11Exception.class, () -> Amount.parseMsat("21000000001m"));
        assertThrows(Bolt11Exception.class, () -> Amount.parseMsat("99999999999999999999999999"));
    }

    @Test
    void onlyPlainDigitsAndAKnownMultiplierAreAmounts() {
        // A sign or decimal point would make BigInteger read what no writer may send; "-5m" would be a negative amount.
        for (String bad : new String[] {"-5m", "+5m", "-5", "1.5m", "0x5m", "5 m", "m", "5x", "0", "0m", "15p", "٣m"}) {
            assertThrows(Bolt11Exception.class, () -> Amount.parseMsat(bad), bad);
        }
    }

    @Test
    void writesTheShortestFormAndRefusesWhatCannotBeAnAmount() {
        assertEquals("", Amount.format(null));
        assertEquals("1", Amount.format(ONE_BTC));
        assertEquals("21000000", Amount.format(Amount.MAX_MSAT));
        assertEquals("1m", Amount.format(100_000_000L));
        assertEquals("15u", Amount.format(1_500_000L));
        assertEquals("1500n", Amount.format(150_000L));
        assertEquals("10p", Amount.format(1L));
        assertEquals("12345670p", Amount.format(1_234_567L));
        for (long bad : new long[] {0, -1, -ONE_BTC, Amount.MAX_MSAT + 1, Long.MAX_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> Amount.format(bad), Long.toString(bad));
        }
    }

    @Test
    void everyFormReadsBackAsItsAmount() {
        for (long msat : new long[] {1, 9, 10, 99, 100, 1_000, 123_456_789, ONE_BTC - 1, ONE_BTC, ONE_BTC + 1, Amount.MAX_MSAT}) {
            assertEquals(msat, Amount.parseMsat(Amount.format(msat)), Long.toString(msat));
        }
    }
}
