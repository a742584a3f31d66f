package till.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.TillClient;
import till.node.sim.SimChain;

/** The simulated chain's payer on Till's own port: send, bump, mine, reorg; bad input is a 400 that changes nothing. */
class SimulatedChainRoutesTest {
    private static final String ADDRESS = new ECKey().toAddress(ScriptType.P2WPKH, BitcoinNetwork.REGTEST).toString();
    static TestTill till;
    static SimChain chain;

    @BeforeAll
    static void start() {
        till = TestTill.start();
        chain = till.till.simNode().chain();
    }

    @AfterAll
    static void stop() {
        till.close();
    }

    private static TillClient.Response post(String path, String body) {
        return till.post(path, body, null);
    }

    @Test
    void aPaymentIsSentReplacedAndMined() {
        TillClient.Response sent = post("/simulator/onchain/send",
                "{\"address\": \"" + ADDRESS + "\", \"amountSat\": 20000, \"replaceable\": true}");
        assertEquals(200, sent.status(), sent.body());
        String txid = sent.text("txid");
        assertTrue(chain.mempoolTransaction(Sha256Hash.wrap(txid)).isPresent());

        TillClient.Response bumped = post("/simulator/onchain/bump/" + txid, "{\"amountSat\": 21000}");
        assertEquals(200, bumped.status(), bumped.body());
        String replacement = bumped.text("txid");
        assertTrue(chain.mempoolTransaction(Sha256Hash.wrap(txid)).isEmpty());
        TillClient.Response gone = post("/simulator/onchain/bump/" + txid, "");
        assertEquals(404, gone.status());
        assertEquals("not_in_mempool", gone.text("code"));

        int height = chain.height();
        TillClient.Response mined = post("/simulator/onchain/mine", "{\"blocks\": 2}");
        assertEquals(200, mined.status(), mined.body());
        assertEquals(height + 2, mined.json().get("height").asInt());
        assertEquals(chain.blockAt(height + 1).orElseThrow().getHashAsString(), mined.json().at("/blockHashes/0").asText());
        assertEquals(java.util.Optional.of(height + 1), chain.confirmedHeight(Sha256Hash.wrap(replacement)));
        assertEquals(height + 3, post("/simulator/onchain/mine", "").json().get("height").asInt(), "one block by default");

        TillClient.Response reorg = post("/simulator/onchain/reorg", "{\"blocks\": 3, \"doubleSpend\": true}");
        assertEquals(200, reorg.status(), reorg.body());
        assertEquals(height + 4, reorg.json().get("height").asInt());
        assertTrue(chain.confirmedHeight(Sha256Hash.wrap(replacement)).isEmpty());

        String plain = post("/simulator/onchain/send", "{\"address\": \"" + ADDRESS + "\", \"amountSat\": 20000}").text("txid");
        TillClient.Response refused = post("/simulator/onchain/bump/" + plain, "");
        assertEquals(409, refused.status());
        assertEquals("cannot_replace", refused.text("code"));
    }

    @Test
    void badInputIsA400NamingTheFieldAndChangesNothing() {
        int height = chain.height();
        int pool = chain.mempool().size();
        record Bad(String path, String body, String code, String field) { }
        for (Bad bad : List.of(
                new Bad("/simulator/onchain/send", "{\"address\": \"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq\", \"amountSat\": 20000}", "invalid_field", "address"),
                new Bad("/simulator/onchain/send", "{\"address\": \"" + ADDRESS + "\", \"amountSat\": 100}", "invalid_field", "amountSat"),
                new Bad("/simulator/onchain/send", "{\"address\": \"" + ADDRESS + "\", \"amountSat\": \"20000\"}", "invalid_field", "amountSat"),
                new Bad("/simulator/onchain/send", "{\"address\": \"" + ADDRESS + "\", \"amountSat\": 20000, \"replaceable\": 1}", "invalid_field", "replaceable"),
                new Bad("/simulator/onchain/send", "{\"amountSat\": 20000}", "missing_field", "address"),
                new Bad("/simulator/onchain/send", "nope", "invalid_json", null),
                new Bad("/simulator/onchain/mine", "{\"blocks\": 0}", "invalid_field", "blocks"),
                new Bad("/simulator/onchain/mine", "{\"blocks\": 1001}", "invalid_field", "blocks"),
                new Bad("/simulator/onchain/reorg", "{\"blocks\": 100000}", "invalid_field", "blocks"),
                new Bad("/simulator/onchain/reorg", "{}", "missing_field", "blocks"))) {
            TillClient.Response answer = post(bad.path(), bad.body());
            assertEquals(400, answer.status(), bad + " -> " + answer.body());
            assertEquals(bad.code(), answer.text("code"), answer.body());
            if (bad.field() != null) {
                assertEquals(bad.field(), answer.text("field"), answer.body());
            }
        }
        assertEquals(height, chain.height());
        assertEquals(pool, chain.mempool().size());
    }
}
