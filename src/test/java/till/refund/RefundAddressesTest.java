package till.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.Test;
import till.TestAddresses;
import till.bolt11.Network;
import till.error.ErrorCode;
import till.error.Problem;

/** A refund address must be one of the node's own network: money sent to another network's address is lost. */
class RefundAddressesTest {

    private static ErrorCode refused(Network node, String address) {
        return assertThrows(Problem.class, () -> new RefundAddresses(() -> node).check(address)).error();
    }

    @Test
    void eachNetworkTakesItsOwnAddresses() {
        assertEquals(TestAddresses.regtest(1), new RefundAddresses(() -> Network.REGTEST).check(TestAddresses.regtest(1)));
        assertEquals(TestAddresses.testnet(1), new RefundAddresses(() -> Network.TESTNET).check(TestAddresses.testnet(1)));
        assertEquals(TestAddresses.mainnet(1), new RefundAddresses(() -> Network.BITCOIN).check(TestAddresses.mainnet(1)));
        String legacy = TestAddresses.legacy(BitcoinNetwork.MAINNET, 2);
        assertTrue(legacy.startsWith("1"), legacy);
        assertEquals(legacy, new RefundAddresses(() -> Network.BITCOIN).check(legacy));
        // Base58 cannot tell the test networks apart: a testnet P2PKH address is a regtest one too.
        assertEquals(TestAddresses.legacy(BitcoinNetwork.TESTNET, 3),
                new RefundAddresses(() -> Network.REGTEST).check(TestAddresses.legacy(BitcoinNetwork.TESTNET, 3)));
    }

    @Test
    void anotherNetworksAddressIsRefusedAsSuch() {
        assertEquals(ErrorCode.REFUND_ADDRESS_WRONG_NETWORK, refused(Network.REGTEST, TestAddresses.testnet(1)));
        assertEquals(ErrorCode.REFUND_ADDRESS_WRONG_NETWORK, refused(Network.REGTEST, TestAddresses.mainnet(1)));
        assertEquals(ErrorCode.REFUND_ADDRESS_WRONG_NETWORK, refused(Network.BITCOIN, TestAddresses.regtest(1)));
        assertEquals(ErrorCode.REFUND_ADDRESS_WRONG_NETWORK, refused(Network.BITCOIN, TestAddresses.legacy(BitcoinNetwork.TESTNET, 1)));
        assertEquals(ErrorCode.REFUND_ADDRESS_WRONG_NETWORK, refused(Network.TESTNET, TestAddresses.mainnet(1)));
        Problem problem = assertThrows(Problem.class, () -> new RefundAddresses(() -> Network.REGTEST).check(TestAddresses.mainnet(1)));
        assertEquals("address", problem.field());
        assertTrue(problem.getMessage().contains("regtest"), problem.getMessage());
    }

    @Test
    void whatIsNoAddressIsRefusedAsInvalid() {
        String valid = TestAddresses.regtest(1);
        String typo = valid.substring(0, valid.length() - 1) + (valid.endsWith("q") ? "p" : "q");
        for (String bad : new String[] {"", "hello", typo, valid + "q", "bcrt1", "lnbcrt1pjunk"}) {
            assertEquals(ErrorCode.REFUND_ADDRESS_INVALID, refused(Network.REGTEST, bad), bad);
        }
    }
}
