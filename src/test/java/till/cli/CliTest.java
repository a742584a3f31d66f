package till.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import till.ChildProcess;
import till.config.Config;
import till.TestDatabase;
import till.TestTill;
import till.Till;
import till.TillClient;

/** The command line on a data directory: accounts, terminals, listing, the admin key, help, and refusing while Till runs. */
class CliTest {

    @Test
    void helpListsEveryCommandAndEachCommandHasItsOwn() {
        Path dir = TestTill.tempDir();
        CliRun overview = CliRun.on(dir, "--help");
        assertEquals(0, overview.exitCode());
        for (Command command : Cli.commands()) {
            assertTrue(overview.out().contains("java -jar till.jar " + command.name()), command.name());
            CliRun help = CliRun.on(dir, (command.name() + " --help").split(" "));
            assertEquals(0, help.exitCode(), command.name());
            assertTrue(help.out().startsWith("Usage: java -jar till.jar " + command.name()), help.out());
        }
        assertTrue(overview.out().contains("sim-node"));
        assertEquals(2, CliRun.on(dir, "frobnicate").exitCode());
        CliRun unknownOption = CliRun.on(dir, "account", "create", "--colour", "red");
        assertEquals(2, unknownOption.exitCode());
        assertEquals("till: unknown option --colour (try --help)\n", unknownOption.err());
        assertEquals("till: --name is required (try --help)\n", CliRun.on(dir, "account", "create").err());
        assertEquals(2, CliRun.on(dir, "account", "create", "--name", "x", "--fee-ppm", "2000000").exitCode());
    }

    @Test
    void accountsAndTerminalsMadeOnTheCommandLineWorkInTill() {
        Path dir = TestTill.tempDir();
        CliRun account = CliRun.on(dir, "account", "create", "--name", "Corner Café", "--fee-ppm", "5000");
        assertEquals(0, account.exitCode(), account.err());
        String key = account.after("API key (shown once, keep it safe): ");
        String accountId = account.out().split(" ")[1];
        CliRun bpt = CliRun.on(dir, "bpt", "create", "--account", accountId, "--name", "Counter");
        assertEquals(0, bpt.exitCode(), bpt.err());
        String bptId = bpt.out().split(" ")[2];
        assertEquals(1, CliRun.on(dir, "bpt", "create", "--account", "nope", "--name", "x").exitCode());

        CliRun receive = CliRun.on(dir, "key", "create", "--account", accountId, "--kind", "receive", "--label", "WooCommerce");
        assertEquals(0, receive.exitCode(), receive.err());
        String receiveKey = receive.after("API key (shown once, keep it safe): ");
        assertEquals(2, CliRun.on(dir, "key", "create", "--account", accountId, "--kind", "spend").exitCode());
        assertEquals(1, CliRun.on(dir, "key", "create", "--account", "nope", "--kind", "full").exitCode());

        CliRun list = CliRun.on(dir, "accounts", "list");
        assertTrue(list.out().contains(accountId + "  Corner Café"), list.out());
        assertTrue(list.out().contains("terminal " + bptId + "  Counter"), list.out());

        int port = ChildProcess.freePort();
        try (ChildProcess running = CliRun.runningTill(dir, port)) {
            TillClient till = new TillClient("http://127.0.0.1:" + port);
            assertEquals("Corner Café", till.get("/accounts/" + accountId, key).text("name"));
            TillClient.Response invoice = till.post("/invoice/add", "{\"bptId\": \"" + bptId + "\", \"amountMsat\": 1000}", null);
            assertEquals(201, invoice.status(), invoice.body());
            assertEquals(200, till.get("/transactions", receiveKey).status());
            assertEquals(403, till.get("/accounts/" + accountId, receiveKey).status(), "a receive key reads no balance");

            CliRun other = CliRun.on(dir, "account", "create", "--name", "Other");
            if (TestDatabase.postgres()) {
                // PostgreSQL is made for several processes: the command works beside the running Till, which sees it.
                assertEquals(0, other.exitCode(), other.err());
                assertEquals(200, till.get("/accounts/" + other.out().split(" ")[1], TestTill.ADMIN_KEY).status());
            } else {
                assertEquals(1, other.exitCode());
                assertTrue(other.err().startsWith("till: Till is running on " + dir + " (its database is in use): stop Till first"),
                        other.err());
                assertEquals(1, CliRun.on(dir, "admin-key", "rotate").exitCode());
            }
        }
    }

    @Test
    void rotatingTheAdminKeyPrintsANewKeyOnceAndTheOldOneStopsWorking() throws Exception {
        Path dir = TestTill.tempDir();
        String first = rotate(dir);
        String second = rotate(dir);
        assertNotEquals(first, second);
        if (!TestDatabase.postgres()) {
            assertTrue(Files.readString(dir.resolve("admin-key.sha256")).trim().matches("[0-9a-f]{64}"));
        }
        Map<String, String> env = new HashMap<>(TestDatabase.env(dir));
        env.putAll(Map.of("TILL_DATA_DIR", dir.toString(), "TILL_PORT", "0"));
        try (Till till = Till.start(Config.load(env))) {
            TillClient client = new TillClient("http://127.0.0.1:" + till.port());
            assertEquals(200, client.get("/accounts", second).status());
            assertEquals(401, client.get("/accounts", first).status());
        }
        CliRun overridden = CliRun.on(dir, Map.of("TILL_ADMIN_KEY", TestTill.ADMIN_KEY), "admin-key", "rotate");
        assertTrue(overridden.out().contains("TILL_ADMIN_KEY is set and overrides this key"), overridden.out());
    }

    private static String rotate(Path dir) {
        CliRun run = CliRun.on(dir, "admin-key", "rotate");
        assertEquals(0, run.exitCode(), run.err());
        return run.after("New admin key (shown once, keep it safe): ");
    }
}
