package till.node.cln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import till.node.Liquidity;
import till.node.NodeChannel;
import till.node.NodeUnreachableException;
import till.node.Outpoint;
import till.node.SweepRefusedException;
import till.node.WalletOutput;

/**
 * {@link ClnNode} as a {@link till.node.NodeWallet} reads every on-chain answer recorded from a real Core Lightning
 * v24.11 node ({@code cln/onchain/NN-method.json}, replayed over HTTP with the recorded status: 201, or 500 for errors).
 */
class ClnWalletRecordingsTest {
    private static final String DESTINATION = "bcrt1qu0g5g00z6j4rmdm9tsz0rgwhsawrmssey0x2kh";
    private static final Outpoint DEPOSIT = Outpoint.parse("cbb727213e13b760ab9cd9126d8ed210b32a3ebb13fd3ec59b7297494e97d352:1");

    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private HttpServer server;
    private ClnNode node;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/", exchange -> {
            String method = exchange.getRequestURI().getPath().substring("/v1/".length());
            exchange.getRequestBody().readAllBytes();
            byte[] body = recording(answers.get(method));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(new String(body).contains("\"code\"") ? 500 : 201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        node = new ClnNode(new ClnRestClient(new ClnRestClient.Config(
                "http://127.0.0.1:" + server.getAddress().getPort(), "rune", null, false)));
    }

    @AfterEach
    void stop() {
        node.close();
        server.stop(0);
    }

    private static byte[] recording(String file) {
        try (InputStream in = ClnWalletRecordingsTest.class.getResourceAsStream("/cln/onchain/" + file)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("no recording " + file));
        }
    }

    @Test
    void newAddressTakesTheBech32OneAndRefusesAnAnswerWithout() {
        answers.put("newaddr", "02-newaddr.json");
        assertEquals("bcrt1q3z4eslg9uaxvjunuh8cdyycvwmg0tsx6eyxmtl", node.newAddress());
        answers.put("newaddr", "05-newaddr.json"); // "all": both encodings
        assertEquals("bcrt1qdvx64xmygjp7du65vvsr3y5saaewnl6479dhdn", node.newAddress());
        answers.put("newaddr", "04-newaddr.json"); // p2tr only
        assertThrows(NodeUnreachableException.class, node::newAddress);
    }

    @Test
    void outputsKeepTheirStatesHeightsAndAmounts() {
        answers.put("listfunds", "11-listfunds.json");
        List<WalletOutput> outputs = node.outputs(false);
        assertEquals(3, outputs.size());
        WalletOutput reorgedOut = outputs.get(0);
        assertEquals(Outpoint.parse("fac7d56ad18fa5cdeaee0efae63a26cb35b73b81c913ace229871fa777183cfb:0"), reorgedOut.outpoint());
        assertEquals(WalletOutput.State.UNCONFIRMED, reorgedOut.state());
        assertNull(reorgedOut.blockHeight());
        assertEquals(80_000_000L, reorgedOut.amountMsat());
        assertEquals("bcrt1qljgwhwty6c8avnwuykaavt27a5cw8wlujggj88", reorgedOut.address());
        assertEquals(new WalletOutput(Outpoint.parse("cb159c5a33f5df549fe00d4e6dbc657bb367be3b04019cd4626e1a1721d3f831:1"),
                "bcrt1pztjnz6la8034hrt9dwgn9v9u3dd5pg8xtr063fkqe82q3f05c4tsjdd69s", 25_000_000L,
                WalletOutput.State.CONFIRMED, 164), outputs.get(1));

        answers.put("listfunds", "14-listfunds.json");
        WalletOutput deposit = node.outputs(false).stream().filter(o -> o.outpoint().equals(DEPOSIT)).findFirst().orElseThrow();
        assertEquals(new WalletOutput(DEPOSIT, "bcrt1q9hg775a73fw06mgqp5jfz73z28rsp8tnpuuhw5", 250_000_000L,
                WalletOutput.State.CONFIRMED, 166), deposit);

        answers.put("listfunds", "30-listfunds.json"); // one output reserved by a failed withdraw: still confirmed
        assertEquals(List.of(WalletOutput.State.UNCONFIRMED, WalletOutput.State.CONFIRMED, WalletOutput.State.CONFIRMED),
                node.outputs(false).stream().map(WalletOutput::state).toList());

        answers.put("listfunds", "36-listfunds.json");
        Map<WalletOutput.State, Long> states = node.outputs(true).stream()
                .collect(Collectors.groupingBy(WalletOutput::state, Collectors.counting()));
        assertEquals(Map.of(WalletOutput.State.SPENT, 103L, WalletOutput.State.UNCONFIRMED, 1L,
                WalletOutput.State.CONFIRMED, 1L), states);
        assertEquals(WalletOutput.State.SPENT, node.outputs(true).stream()
                .filter(o -> o.outpoint().equals(DEPOSIT)).findFirst().orElseThrow().state());
    }

    @Test
    void blockHeightAndItsWait() {
        answers.put("getinfo", "13-getinfo.json");
        assertEquals(166, node.blockHeight());
        answers.put("waitblockheight", "19-waitblockheight.json");
        assertEquals(172, node.awaitBlockHeight(172, 60));
        answers.put("waitblockheight", "17-waitblockheight.json"); // "Timed out.": the height now, from getinfo
        assertEquals(166, node.awaitBlockHeight(172, 5));
    }

    @Test
    void aSweepAnswersTheTxidAndEveryRecordedRefusalHasItsReason() {
        answers.put("withdraw", "21-withdraw.json");
        assertEquals("99c0c476e3ad3fd5715ad31dd55e056c3d83204d76d26cb95354300f17fa38c6",
                node.sweep(DESTINATION, List.of(DEPOSIT)));
        answers.put("withdraw", "34-withdraw.json");
        assertEquals("e1977ca82ed17d0826f2352e54a38f8d933577011c701debd073954d4f1da325",
                node.sweep(DESTINATION, List.of(DEPOSIT)));

        Function<String, SweepRefusedException.Reason> refusal = file -> {
            answers.put("withdraw", file);
            return assertThrows(SweepRefusedException.class, () -> node.sweep(DESTINATION, List.of(DEPOSIT))).reason();
        };
        assertEquals(SweepRefusedException.Reason.OUTPUTS_UNAVAILABLE, refusal.apply("24-withdraw.json")); // reserved
        assertEquals(SweepRefusedException.Reason.OUTPUTS_UNAVAILABLE, refusal.apply("28-withdraw.json")); // spent
        assertEquals(SweepRefusedException.Reason.OUTPUTS_UNAVAILABLE, refusal.apply("33-withdraw.json")); // unknown
        assertEquals(SweepRefusedException.Reason.TOO_SMALL, refusal.apply("25-withdraw.json")); // cannot afford
        assertEquals(SweepRefusedException.Reason.TOO_SMALL, refusal.apply("29-withdraw.json")); // dust, not broadcast
        assertEquals(SweepRefusedException.Reason.BAD_ADDRESS, refusal.apply("26-withdraw.json")); // malformed
        assertEquals(SweepRefusedException.Reason.BAD_ADDRESS, refusal.apply("27-withdraw.json")); // mainnet on regtest
    }

    @Test
    void theWalletsTransactionSpendingAnOutputAndWhetherOutputsAreFree() {
        answers.put("listtransactions", "16-listtransactions.json");
        Outpoint spentThere = Outpoint.parse("e9a9e41c8708781dd253e6eefd60836d168f92d56bafc91670df721c62fb27b2:1");
        assertEquals(Optional.of("847999898efafb7220a967a9b1ef87dc062ac55d9ad84351b08566421fcfda76"),
                node.spender(List.of(DEPOSIT, spentThere)));
        assertEquals(Optional.empty(), node.spender(List.of(DEPOSIT)), "not spent yet when this was recorded");

        answers.put("listfunds", "30-listfunds.json"); // a withdraw bitcoind refused left 55437ccc…:1 reserved
        Outpoint unreserved = Outpoint.parse("d987d510b30e1040cbeed148937bcc7a34801df4c418affaaccf07ff674d6f50:1");
        Outpoint reserved = Outpoint.parse("55437cccf615b8b3ad0f7f34679c054c7e770387828c0e77a85753b9ee2577e9:1");
        assertTrue(node.free(List.of(unreserved)));
        assertFalse(node.free(List.of(unreserved, reserved)));
        assertFalse(node.free(List.of(Outpoint.parse("00".repeat(32) + ":0"))), "not the wallet's");
        answers.put("listfunds", "36-listfunds.json");
        assertFalse(node.free(List.of(DEPOSIT)), "spent");
    }

    @Test
    void everyRecordedListfundsHasTheOneOpenChannelAndItsLiquidity() {
        NodeChannel recorded = new NodeChannel("03f96f33086fde5c5d36f9ed298cd585e8a9a07cee9f050ece990c5495e555d595",
                NodeChannel.State.NORMAL, true, 5_000_000_000L, 1_001_810_000L);
        for (String file : List.of("11-listfunds.json", "14-listfunds.json", "30-listfunds.json", "36-listfunds.json")) {
            answers.put("listfunds", file);
            assertEquals(List.of(recorded), node.channels(), file);
        }
        assertEquals(3_998_190_000L, recorded.theirMsat());
        assertEquals(new Liquidity(3_998_190_000L, 1_001_810_000L, 3_998_190_000L, 1), Liquidity.of(node.channels()));
    }
}
