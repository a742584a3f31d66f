package till;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The first start on an empty data directory: admin key, demo account and terminal, shown once. */
class FirstRunTest {

    @Test
    void firstStartGeneratesTheAdminKeyAndADemoShopShownOnlyOnce() throws Exception {
        Path dataDir = TestTill.tempDir();
        Map<String, String> env = Map.of("TILL_ADMIN_KEY", "");
        String adminKey;
        String banner;
        try (TestTill first = TestTill.start(dataDir, env)) {
            FirstRun.Welcome welcome = first.till.welcome();
            adminKey = welcome.adminKey();
            assertNotNull(adminKey);
            assertNotNull(welcome.demoAccount());
            banner = FirstRun.banner(first.till.publicUrl(), true, welcome);
            assertTrue(banner.contains(adminKey));
            assertTrue(banner.contains(welcome.demoAccount().apiKey()));
            assertTrue(banner.contains(welcome.demoBpt().id()));
            assertTrue(banner.contains(first.till.publicUrl() + "/pos/" + welcome.demoBpt().id()), "a POS to click");
            assertTrue(banner.contains(first.till.publicUrl() + "/dashboard — paste the demo account's API key"), banner);
            assertTrue(banner.contains("SIMULATED — no real money"));

            if (!TestDatabase.postgres()) {  // on PostgreSQL the hash is in the database (ClusterAdminKeyTest)
                Path keyFile = dataDir.resolve("admin-key.sha256");
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
                assertFalse(Files.readString(keyFile).contains(adminKey), "only the hash is stored");
            }
            assertEquals(200, first.get("/accounts", adminKey).status());
            assertEquals(200, first.get("/accounts/" + welcome.demoAccount().id(), welcome.demoAccount().apiKey()).status());

            // The demo terminal takes invoices at once, as the printed curl lines promise.
            String hash = first.createInvoice(new TillClient.Shop(welcome.demoAccount().id(), welcome.demoAccount().apiKey(),
                    welcome.demoBpt().id()), 3000).get("invoiceHash").asText();
            assertEquals("paid", first.pay(hash).text("status"));
        }
        try (TestTill again = TestTill.start(dataDir, env)) {
            FirstRun.Welcome welcome = again.till.welcome();
            assertNull(welcome.adminKey());
            assertNull(welcome.demoAccount());
            assertEquals(200, again.get("/accounts", adminKey).status(), "the key survives a restart");
            assertEquals(1, again.get("/accounts", adminKey).json().size());
            assertFalse(FirstRun.banner(again.till.publicUrl(), true, welcome).contains("key"));
            assertTrue(FirstRun.banner(again.till.publicUrl(), true, welcome).contains(again.till.publicUrl() + "/dashboard\n"));
        }
    }

    @Test
    @FirstRunOnly
    void aSecondTillOnTheSameDataDirectoryStopsWithAClearLine() throws Exception {
        Path dataDir = TestTill.tempDir();
        try (TestTill first = TestTill.start(dataDir, Map.of())) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "till.Till").redirectErrorStream(true);
            builder.environment().keySet().removeIf(key -> key.startsWith("TILL_") || key.startsWith("CLN_"));
            builder.environment().put("TILL_DATA_DIR", dataDir.toString());
            builder.environment().put("TILL_PORT", "0");
            Process second = builder.start();
            String output = new String(second.getInputStream().readAllBytes());
            assertEquals(1, second.waitFor());
            assertTrue(output.contains("till: cannot start: the database " + dataDir.resolve("invoices.mv.db")
                    + " is in use by another process (is Till already running?)"), output);
            assertEquals(200, first.get("/health", null).status());
        }
    }
}
