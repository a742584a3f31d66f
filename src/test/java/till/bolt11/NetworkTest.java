package till.bolt11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The node's network decides which invoices Till will pay: the mapping from Core Lightning's names and prefixes. */
class NetworkTest {
    @Test
    void coreLightningNamesMapToTheirNetworks() {
        for (Network network : Network.values()) {
            assertEquals(network, Network.fromClnName(network.clnName()));
        }
        assertEquals("regtest", Network.REGTEST.clnName());
        assertEquals(Network.TESTNET, Network.fromClnName("testnet4"), "testnet4 shares testnet's prefix");
        for (String unknown : new String[] {"liquid", "", "Bitcoin", null}) {
            assertThrows(IllegalArgumentException.class, () -> Network.fromClnName(unknown), String.valueOf(unknown));
        }
    }

    @Test
    void theLongestPrefixWins() {
        assertEquals(Optional.of(Network.REGTEST), Network.matchPrefix("bcrt10u"));
        assertEquals(Optional.of(Network.BITCOIN), Network.matchPrefix("bc10u"));
        assertEquals(Optional.of(Network.SIGNET), Network.matchPrefix("tbs1m"));
        assertEquals(Optional.of(Network.TESTNET), Network.matchPrefix("tb1m"));
        assertEquals(Optional.empty(), Network.matchPrefix("xy1m"));
        assertThrows(Bolt11Exception.class, () -> HumanReadablePart.parse("lnxy1m"));
        assertThrows(Bolt11Exception.class, () -> HumanReadablePart.parse("bc1m"));
    }
}
