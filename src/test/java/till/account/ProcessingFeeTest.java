package till.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProcessingFeeTest {
    @Test
    void theApiExample() {
        assertEquals(15, ProcessingFee.of(3000, 5000));
    }

    @Test
    void roundsDownNeverUp() {
        assertEquals(0, ProcessingFee.of(199, 5000));  // 0.995 msat
        assertEquals(1, ProcessingFee.of(200, 5000));
        assertEquals(0, ProcessingFee.of(999_999, 1));
        assertEquals(1, ProcessingFee.of(1_000_000, 1));
    }

    @Test
    void noFeeAndTheWholeAmount() {
        assertEquals(0, ProcessingFee.of(123_456_789, 0));
        assertEquals(0, ProcessingFee.of(0, 5000));
        assertEquals(123_456_789, ProcessingFee.of(123_456_789, 1_000_000));
    }

    @Test
    void exactWhereTheProductOverflowsALong() {
        long supply = 2_100_000_000_000_000_000L;
        assertEquals(10_500_000_000_000_000L, ProcessingFee.of(supply, 5000));
        assertEquals(Long.MAX_VALUE, ProcessingFee.of(Long.MAX_VALUE, 1_000_000));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long received = random.nextLong(0, Long.MAX_VALUE);
            int ppm = random.nextInt(0, 1_000_001);
            long expected = BigInteger.valueOf(received).multiply(BigInteger.valueOf(ppm))
                    .divide(BigInteger.valueOf(1_000_000)).longValueExact();
            assertEquals(expected, ProcessingFee.of(received, ppm), received + " msat at " + ppm + " ppm");
        }
    }

    @Test
    void refusesWhatCannotBeAFee() {
        assertThrows(IllegalArgumentException.class, () -> ProcessingFee.of(-1, 5000));
        assertThrows(IllegalArgumentException.class, () -> ProcessingFee.of(1000, -1));
        assertThrows(IllegalArgumentException.class, () -> ProcessingFee.of(1000, 1_000_001));
    }
}
