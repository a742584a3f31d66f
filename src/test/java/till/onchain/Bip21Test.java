package till.onchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import till.TestAddresses;

/** The unified BIP21 URI: exact amounts, a valid label, upper case only where case does not matter. */
class Bip21Test {
    private static final String ADDRESS = TestAddresses.regtest(7);
    private static final String BOLT11 = "lnbcrt15u1pnexample0dp9xycrqvpqw35x2grjv4mhxtmzvdu8gu3qwdshgmmndp5ssp5q"
            + "qqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqs9qyysgq";

    @Test
    void theUriCarriesTheAmountInBtcAndAPercentEncodedLabel() {
        assertEquals("0.00015", Bip21.btc(15_000));
        assertEquals("1", Bip21.btc(100_000_000));
        assertEquals("0.00000001", Bip21.btc(1));
        assertEquals("bitcoin:" + ADDRESS + "?amount=0.00015&label=Order%20%2342%20caf%C3%A9&lightning=" + BOLT11,
                new Bip21(ADDRESS, 15_000, "Order #42 café", BOLT11).uri());
        assertEquals("bitcoin:" + ADDRESS + "?amount=0.00015", Bip21.onchain(ADDRESS, 15_000).uri());
    }

    @Test
    void upperCaseTouchesOnlyTheCaseInsensitiveParts() {
        Bip21 uri = new Bip21(ADDRESS, 15_000, "Order 42", BOLT11);
        assertEquals("BITCOIN:" + ADDRESS.toUpperCase() + "?amount=0.00015&label=Order%2042&lightning=" + BOLT11.toUpperCase(),
                uri.uri(true));
        String base58 = "mkHS9ne12qx9pS9VojpwU5xtRd4T7X7ZUt";
        assertTrue(new Bip21(base58, 1000, "", "").uri(true).startsWith("BITCOIN:" + base58 + "?"),
                "a base58 address keeps its case");
    }
}
