package till.node.cln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import till.ChildProcess;
import till.config.Config;
import till.TestTill;
import till.node.InvoiceDescription;

/** Till refuses to start with a rune that lacks a method it calls; the simulated node refuses like CLN does. */
class RunePermissionsTest {
    static final String ALL = "restrict:getinfo,invoice,listinvoices,waitanyinvoice,pay,listpays,delinvoice";
    static final String ONCHAIN = ",newaddr,listfunds,waitblockheight,withdraw,listtransactions";
    static ChildProcess simNode;
    static String nodeUrl;

    @BeforeAll
    static void startNode() throws IOException {
        int port = ChildProcess.freePort();
        Path dir = TestTill.tempDir();
        simNode = ChildProcess.start(List.of("sim-node", "--port", Integer.toString(port), "--data", dir.resolve("node").toString()),
                Map.of(), dir.resolve("sim-node.log"), "listening on");
        nodeUrl = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopNode() {
        simNode.close();
    }

    @Test
    void simulatedNodeRefusesAMethodTheRuneDoesNotListWithClnsAnswer() {
        try (ClnRestClient client = new ClnRestClient(new ClnRestClient.Config(nodeUrl, "restrict:getinfo", null, false))) {
            assertEquals("regtest", client.getInfo().network());
            ClnRpcException refused = assertThrows(ClnRpcException.class,
                    () -> client.createInvoice(1000, "x", InvoiceDescription.shown("x"), 60));
            assertEquals(401, refused.httpStatus());
            assertEquals(1502, refused.code());
            assertTrue(refused.getMessage().endsWith("Not permitted: method is not equal to getinfo"), refused.getMessage());
        }
        try (ClnRestClient client = new ClnRestClient(new ClnRestClient.Config(nodeUrl, ALL + ONCHAIN, null, false))) {
            assertEquals(new NodePermissions.Check(List.of(), List.of()), NodePermissions.check(client));
        }
    }

    @Test
    void aRuneWithoutTheOnchainMethodsLeavesOnlyOnchainPaymentsOff() {
        try (ClnRestClient client = new ClnRestClient(new ClnRestClient.Config(nodeUrl, ALL + ",listfunds", null, false))) {
            NodePermissions.Check check = NodePermissions.check(client);
            assertEquals(List.of(), check.refusedLightning());
            assertEquals(List.of("newaddr", "waitblockheight", "withdraw", "listtransactions"), check.refusedOnchain());
            assertFalse(check.onchainPermitted());
        }
        try (ClnRestClient client = new ClnRestClient(new ClnRestClient.Config(nodeUrl, ALL + ONCHAIN, null, false))) {
            assertTrue(NodePermissions.check(client).onchainPermitted());
        }
    }

    @Test
    void tillRefusesToStartNamingTheMissingMethodAndTheFix() {
        Config.Invalid refused = assertThrows(Config.Invalid.class, () -> TestTill.start(TestTill.tempDir(),
                Map.of("CLN_REST_URL", nodeUrl, "CLN_RUNE", "restrict:getinfo,listinvoices,waitanyinvoice,pay,listpays")));
        assertTrue(refused.getMessage().startsWith("CLN_RUNE does not permit invoice, delinvoice, which Till needs"), refused.getMessage());
        assertTrue(refused.getMessage().contains("lightning-cli createrune restrictions='[[\"method=getinfo\",\"method=invoice\","
                + "\"method=listinvoices\",\"method=waitanyinvoice\",\"method=pay\",\"method=listpays\",\"method=delinvoice\","
                + "\"method=newaddr\",\"method=listfunds\",\"method=waitblockheight\",\"method=withdraw\",\"method=listtransactions\"]]'"),
                refused.getMessage());
    }

    @Test
    void aRuneMadeForAnEarlierTillWithoutDelinvoiceIsRefusedAtStart() {
        Config.Invalid refused = assertThrows(Config.Invalid.class, () -> TestTill.start(TestTill.tempDir(),
                Map.of("CLN_REST_URL", nodeUrl, "CLN_RUNE", "restrict:getinfo,invoice,listinvoices,waitanyinvoice,pay,listpays")));
        assertTrue(refused.getMessage().startsWith("CLN_RUNE does not permit delinvoice, which Till needs"), refused.getMessage());
    }

    @Test
    void tillStartsWithARuneForExactlyTheMethodsItCalls() {
        try (TestTill till = TestTill.start(TestTill.tempDir(), Map.of("CLN_REST_URL", nodeUrl, "CLN_RUNE", ALL))) {
            TestTill.Shop shop = till.createShop(0);
            assertEquals("unpaid", till.createInvoice(shop, 1000).get("status").asText());
        }
    }

    @Test
    void theCommandLineShowsOneClearLine() throws IOException {
        Path dir = TestTill.tempDir();
        Path log = dir.resolve("till.log");
        try (ChildProcess till = ChildProcess.start(List.of(), Map.of("TILL_PORT", "0", "TILL_DATA_DIR", dir.toString(),
                "CLN_REST_URL", nodeUrl, "CLN_RUNE", "restrict:getinfo,invoice,pay,listpays"), log, "till: ")) {
            till.waitForExit();
            List<String> lines = Files.readAllLines(log).stream().filter(l -> l.startsWith("till: ")).toList();
            assertEquals(1, lines.size(), String.join("\n", lines));
            assertTrue(lines.get(0).startsWith("till: CLN_RUNE does not permit listinvoices, waitanyinvoice, delinvoice, which Till needs;"), lines.get(0));
            assertEquals(2, till.exitCode());
        }
    }
}
