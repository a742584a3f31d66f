package till.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import till.TestAddresses;
import till.onchain.Bip21;

/** The unified BIP21 QR code holds the upper-case URI when that is the smaller code. */
class UnifiedQrTest {
    private static final String ADDRESS = TestAddresses.regtest(7);
    private static final String BOLT11 = "lnbcrt15u1pnexample0dp9xycrqvpqw35x2grjv4mhxtmzvdu8gu3qwdshgmmndp5ssp5q"
            + "qqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqs9qyysgq";

    @Test
    void theQrHoldsTheUpperCaseUriWhenThatIsTheSmallerCode() {
        Bip21 uri = new Bip21(ADDRESS, 15_000, "Order 42", BOLT11);
        String content = QrCodes.content(uri);
        assertEquals(uri.uri(true), content);
        assertTrue(QrCodes.matrix(uri.uri(true)).getWidth() < QrCodes.matrix(uri.uri(false)).getWidth(),
                "upper case makes the unified code smaller");
    }
}
