package till.node.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.TillClient;

/**
 * The simulated node's on-chain methods answer like the recorded Core Lightning v24.11 node: its schemas, the
 * recorded answers' member names, its error codes and messages; and the standalone node's on-chain payer routes.
 */
class SimNodeOnchainTest {
    private static final String ELSEWHERE = new ECKey().toAddress(ScriptType.P2WPKH, BitcoinNetwork.REGTEST).toString();
    private static final String MAINNET = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";

    @TempDir
    Path dir;
    private SimHttp http;

    @Test
    void onchainMethodsAnswerLikeTheRecordedNode() throws Exception {
        try (SimNode node = SimNode.start(0, dir)) {
            http = new SimHttp(node);
            SimChain chain = node.chain();
            assertEquals(SimNode.FIRST_BLOCKS, call("getinfo", "{}").get("blockheight").asInt());

            JsonNode plain = call("newaddr", "{}");
            assertSameShape(recording("02-newaddr.json"), plain);
            String bech32 = plain.get("bech32").asText();
            assertTrue(bech32.startsWith("bcrt1q"), bech32);
            String p2tr = call("newaddr", "{\"addresstype\": \"p2tr\"}").get("p2tr").asText();
            assertTrue(p2tr.startsWith("bcrt1p") && p2tr.length() == 64, p2tr);
            assertSameShape(recording("05-newaddr.json"), call("newaddr", "{\"addresstype\": \"all\"}"));
            assertRpcError("newaddr", "{\"addresstype\": \"p2sh-segwit\"}",
                    -32602, "'addresstype' should be 'p2tr', 'bech32', or 'all', not 'p2sh-segwit'");

            String deposit = chain.send(bech32, 250_000, false);
            chain.send(p2tr, 150_000, false);
            chain.send(ELSEWHERE, 70_000, false);
            assertEquals(0, call("listfunds", "{}").get("outputs").size(), "mempool outputs are not listed");
            chain.mine(1);
            int mined = chain.height();
            JsonNode funds = call("listfunds", "{}");
            assertEquals(2, funds.get("outputs").size(), "only the node's own addresses");
            assertEquals(1, funds.get("channels").size(), "the simulated channel");
            JsonNode channel = funds.at("/channels/0");
            assertSameShape(recording("14-listfunds.json").at("/channels/0"), channel);
            assertEquals(List.copyOf(iterable(recording("14-listfunds.json").at("/channels/0").fieldNames())),
                    List.copyOf(iterable(channel.fieldNames())), "the recorded member order");
            assertEquals(10_000_000_000L, channel.get("amount_msat").asLong());
            assertEquals(4_000_000_000L, channel.get("our_amount_msat").asLong());
            assertEquals(channel, call("listfunds", "{}").at("/channels/0"), "the same at every call");
            JsonNode first = funds.at("/outputs/0");
            assertSameShape(recording("14-listfunds.json").at("/outputs/1"), first);
            assertEquals(deposit, first.get("txid").asText());
            assertEquals(1, first.get("output").asInt());
            assertEquals(250_000_000L, first.get("amount_msat").asLong());
            assertEquals("confirmed", first.get("status").asText());
            assertEquals(mined, first.get("blockheight").asInt());
            assertEquals(mined, call("getinfo", "{}").get("blockheight").asInt());
            assertTrue(funds.at("/outputs/1/scriptpubkey").asText().startsWith("5120"), "p2tr script");

            JsonNode txs = call("listtransactions", "{}").get("transactions");
            assertEquals(2, txs.size());
            assertEquals(mined, txs.at("/0/blockheight").asInt());
            assertEquals(1, txs.at("/0/txindex").asInt());

            assertSameShape(recording("18-waitblockheight.json"), call("waitblockheight", "{\"blockheight\": " + mined + "}"));
            assertRpcError("waitblockheight", "{\"blockheight\": " + (mined + 1) + ", \"timeout\": 1}", 2000, "Timed out.");

            String utxo = deposit + ":1";
            assertRpcError("withdraw", withdraw("bcrt1qnotavalidaddressatall", utxo),
                    -1, "Could not parse destination address, destination should be a valid address");
            assertRpcError("withdraw", withdraw(MAINNET, utxo),
                    -1, "Could not parse destination address, destination should be a valid address");
            String unknown = "00".repeat(32) + ":0";
            assertRpcError("withdraw", withdraw(ELSEWHERE, unknown), -32602, "Unknown UTXO " + unknown);
            JsonNode sent = call("withdraw", withdraw(ELSEWHERE, utxo));
            assertSameShape(recording("21-withdraw.json"), sent);
            assertTrue(chain.mempool().stream().anyMatch(t -> t.getTxId().toString().equals(sent.get("txid").asText())));
            assertRpcError("withdraw", withdraw(ELSEWHERE, utxo), -32602, "UTXO " + utxo + " already reserved");
            JsonNode reserved = call("listfunds", "{}").at("/outputs/0");
            assertSameShape(recording("30-listfunds.json").at("/outputs/2"), reserved);
            assertTrue(reserved.get("reserved").asBoolean(), reserved.toString());
            assertEquals(mined + SimWallet.RESERVE_BLOCKS, reserved.get("reserved_to_block").asInt());

            chain.mine(1);
            assertRpcError("withdraw", withdraw(ELSEWHERE, utxo), -32602, "Already spent UTXO " + utxo);
            assertEquals(1, call("listfunds", "{}").get("outputs").size());
            JsonNode spent = call("listfunds", "{\"spent\": true}").at("/outputs/0");
            assertSameShape(recording("36-listfunds.json").at("/outputs/1"), spent);
            assertEquals("spent", spent.get("status").asText());
            assertEquals(3, call("listtransactions", "{}").get("transactions").size(), "the withdrawal too");

            String late = chain.send(call("newaddr", "{}").get("bech32").asText(), 90_000, false);
            chain.mine(1);
            chain.reorg(1, true); // its block goes, and the payer double-spends it
            JsonNode gone = null;
            for (JsonNode output : call("listfunds", "{}").get("outputs")) {
                gone = output.get("txid").asText().equals(late) ? output : gone;
            }
            assertSameShape(recording("11-listfunds.json").at("/outputs/0"), gone);
            assertEquals("unconfirmed", gone.get("status").asText());
            assertFalse(gone.has("blockheight"));
        }
    }

    @Test
    void thePayerRoutesSendBumpMineAndReorg() throws Exception {
        try (SimNode node = SimNode.start(0, dir)) {
            http = new SimHttp(node);
            TillClient.Response sent = payer("/simulator/onchain/send",
                    "{\"address\": \"" + ELSEWHERE + "\", \"amountSat\": 5000, \"replaceable\": true}");
            assertEquals(200, sent.status(), sent.body());
            String txid = sent.text("txid");
            TillClient.Response bumped = payer("/simulator/onchain/bump/" + txid, "{\"amountSat\": 6000}");
            assertEquals(200, bumped.status(), bumped.body());
            assertEquals(404, payer("/simulator/onchain/bump/" + txid, "").status());
            assertEquals("not_in_mempool", payer("/simulator/onchain/bump/" + txid, "").text("code"));
            String plain = payer("/simulator/onchain/send", "{\"address\": \"" + ELSEWHERE + "\", \"amountSat\": 5000}").text("txid");
            assertEquals("cannot_replace", payer("/simulator/onchain/bump/" + plain, "").text("code"));

            for (String bad : List.of("{\"address\": \"" + MAINNET + "\", \"amountSat\": 5000}",
                    "{\"address\": \"" + ELSEWHERE + "\", \"amountSat\": 100}",
                    "{\"address\": \"" + ELSEWHERE + "\", \"amountSat\": \"5000\"}",
                    "{\"amountSat\": 5000}", "[1]", "not json")) {
                TillClient.Response refused = payer("/simulator/onchain/send", bad);
                assertEquals(400, refused.status(), bad);
                assertEquals("invalid_field", refused.text("code"), bad);
            }
            assertEquals(2, node.chain().mempool().size(), "refused requests changed nothing");

            TillClient.Response mined = payer("/simulator/onchain/mine", "{\"blocks\": 2}");
            assertEquals(SimNode.FIRST_BLOCKS + 2, mined.json().get("height").asInt());
            assertEquals(2, mined.json().get("blockHashes").size());
            assertEquals(SimNode.FIRST_BLOCKS + 3, payer("/simulator/onchain/mine", "").json().get("height").asInt());
            assertEquals(400, payer("/simulator/onchain/mine", "{\"blocks\": 0}").status());
            assertEquals(400, payer("/simulator/onchain/mine", "{\"blocks\": 1001}").status());
            assertEquals(SimNode.FIRST_BLOCKS + 4,
                    payer("/simulator/onchain/reorg", "{\"blocks\": 1, \"doubleSpend\": true}").json().get("height").asInt());
            assertEquals(400, payer("/simulator/onchain/reorg", "{}").status());
            assertEquals(SimNode.FIRST_BLOCKS + 4, node.chain().height());
        }
    }

    private static <T> List<T> iterable(Iterator<T> it) {
        List<T> all = new java.util.ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }

    private TillClient.Response payer(String path, String body) {
        return http.post(path, null, true, body);
    }

    private static String withdraw(String destination, String utxo) {
        return "{\"destination\": \"" + destination + "\", \"satoshi\": \"all\", \"utxos\": [\"" + utxo + "\"]}";
    }

    private void assertRpcError(String method, String body, int code, String message) throws Exception {
        TillClient.Response answer = http.rpc(method, body);
        assertEquals(500, answer.status(), answer.body());
        assertEquals(SimHttp.JSON.createObjectNode().put("code", code).put("message", message), answer.json());
    }

    /** A 201 answer, valid for Core Lightning's schema of the method when the project has it. */
    private JsonNode call(String method, String body) throws Exception {
        TillClient.Response answer = http.rpc(method, body);
        assertEquals(201, answer.status(), method + " " + body + " -> " + answer.body());
        try (InputStream in = getClass().getResourceAsStream("/cln/" + method + ".json")) {
            if (in != null) {
                JsonNode schema = SimHttp.JSON.readTree(in);
                assertEquals(List.of(), ClnSchemaValidator.validate(schema.get("request"), SimHttp.JSON.readTree(body)));
                assertEquals(List.of(), ClnSchemaValidator.validate(schema.get("response"), answer.json()), answer.body());
            }
        }
        return answer.json();
    }

    private static JsonNode recording(String file) throws IOException {
        try (InputStream in = SimNodeOnchainTest.class.getResourceAsStream("/cln/onchain/" + file)) {
            return SimHttp.JSON.readTree(in);
        }
    }

    /** Same member names at every level (first element of arrays). */
    private static void assertSameShape(JsonNode real, JsonNode ours) {
        assertEquals(shape(real), shape(ours), ours.toString());
    }

    private static Object shape(JsonNode v) {
        if (v.isObject()) {
            Map<String, Object> members = new TreeMap<>();
            for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                members.put(name, shape(v.get(name)));
            }
            return members;
        }
        if (v.isArray()) {
            return v.isEmpty() ? List.of() : List.of(shape(v.get(0)));
        }
        return v.getNodeType().toString();
    }
}
