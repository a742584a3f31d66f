package till.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import till.FirstRunOnly;
import till.ChildProcess;
import till.TestTill;
import till.TillClient;
import till.TillClient.Shop;

/** backup FILE, through the running server and on a stopped one; the zip restores into a Till with the data in it. */
@FirstRunOnly
class BackupTest {

    @Test
    void backupOfARunningTillRestoresIntoANewDataDirectory() throws IOException {
        Path dir = TestTill.tempDir();
        Path zip = TestTill.tempDir().resolve("backup.zip");
        Paid paid;
        int port = ChildProcess.freePort();
        try (ChildProcess running = CliRun.runningTill(dir, port)) {
            TillClient till = new TillClient("http://127.0.0.1:" + port);
            paid = Paid.on(till);
            assertEquals(403, till.post("/admin/backup", "", paid.shop().apiKey()).status());
            // TILL_PORT as the server has it: the command finds the server by itself.
            CliRun backup = CliRun.on(dir, Map.of("TILL_ADMIN_KEY", TestTill.ADMIN_KEY, "TILL_PORT", Integer.toString(port)),
                    "backup", zip.toString());
            assertEquals(0, backup.exitCode(), backup.err());
            assertTrue(backup.out().contains("by the running Till"), backup.out());
            CliRun noKey = CliRun.on(dir, "backup", zip.toString(), "--url", till.url);
            assertTrue(Files.size(zip) > 1000);
            assertEquals(1, noKey.exitCode());
            assertTrue(noKey.err().contains("needs the admin key"), noKey.err());
        }
        assertRestores(zip, paid);
    }

    @Test
    void backupOfAStoppedTillOpensTheDatabaseItself() throws IOException {
        Path dir = TestTill.tempDir();
        Path zip = TestTill.tempDir().resolve("stopped.zip");
        Paid paid;
        try (TestTill till = TestTill.start(dir, Map.of())) {
            paid = Paid.on(till);
        }
        CliRun backup = CliRun.on(dir, "backup", zip.toString());
        assertEquals(0, backup.exitCode(), backup.err());
        assertRestores(zip, paid);
        assertEquals(1, CliRun.on(TestTill.tempDir(), "backup", zip.toString()).exitCode(), "no database there");
    }

    /** A shop with one paid invoice: what a restored backup must still have. */
    record Paid(Shop shop, String hash) {
        static Paid on(TillClient till) {
            Shop shop = till.createShop(0);
            String hash = till.createInvoice(shop, 7000).get("invoiceHash").asText();
            till.pay(hash);
            return new Paid(shop, hash);
        }
    }

    private static void assertRestores(Path zip, Paid paid) throws IOException {
        Path restored = TestTill.tempDir();
        unzip(zip, restored);
        try (TestTill till = TestTill.start(restored, Map.of())) {
            assertEquals(200, till.get("/accounts/" + paid.shop().accountId(), paid.shop().apiKey()).status());
            assertEquals("paid", till.get("/invoice/from-hash/" + paid.hash(), paid.shop().apiKey()).text("status"));
        }
    }

    private static void unzip(Path zip, Path dir) throws IOException {
        try (InputStream file = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(file)) {
            ZipEntry entry = in.getNextEntry();
            assertEquals("invoices.mv.db", entry.getName());
            Files.copy(in, dir.resolve(entry.getName()));
        }
    }
}
