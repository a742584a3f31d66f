package till.invoice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import till.FirstRunOnly;
import till.TestTill;
import till.TillClient;
import till.WebhookReceiver;
import till.WebhookReceiver.Answer;
import till.store.Database;

/**
 * A database of a release whose transaction ids were UUID strings upgrades to integer ids: every transaction is read by
 * its integer, and the webhooks it had queued, or that are redelivered, carry that integer. The database is
 * {@code upgrade/invoices-v6.mv.db}, a frozen copy of the {@code invoices.mv.db.sample} that release made (schema V6),
 * so this test keeps testing the upgrade after the sample is made again with integer ids.
 */
@FirstRunOnly
class TransactionIdUpgradeTest {
    private static final String ADMIN = TestTill.ADMIN_KEY;

    @Test
    void aPreUpgradeDatabaseIsReadByIntegerIdsAndItsQueuedWebhooksCarryThem() throws Exception {
        Path dir = TestTill.tempDir();
        try (InputStream before = TransactionIdUpgradeTest.class.getResourceAsStream("/upgrade/invoices-v6.mv.db")) {
            Files.copy(before, dir.resolve(Database.FILE_NAME));
        }
        try (WebhookReceiver receiver = new WebhookReceiver(r -> Answer.of(200))) {
            pointWebhooksAt(dir, receiver);
            try (TestTill till = TestTill.start(dir, Map.of("TILL_WEBHOOK_ALLOW_PRIVATE", "true"))) {
                Set<Long> ids = new HashSet<>();
                for (JsonNode listed : till.get("/transactions?limit=500", ADMIN).json().get("data")) {
                    long id = TillClient.transactionId(listed);
                    assertTrue(ids.add(id), "unique: " + id);
                    JsonNode read = till.get("/transaction/" + id, ADMIN).json();
                    assertEquals(id, TillClient.transactionId(read));
                    assertEquals(listed.get("invoiceHash"), read.get("invoiceHash"));
                }
                assertEquals(12, ids.size(), "every transaction of that database");

                // Its one pending webhook, queued before the upgrade, is sent with the integer id.
                WebhookReceiver.Received queued = receiver.next(Duration.ofSeconds(10));
                assertEquals("/pending", queued.path());
                JsonNode sent = TillClient.JSON.readTree(queued.body()).get("transaction");
                long id = TillClient.transactionId(sent);
                assertEquals(id, TillClient.transactionId(till.get("/invoice/from-hash/" + sent.get("invoiceHash").asText(), ADMIN).json()));

                // A webhook delivered before the upgrade is redelivered with the integer id and its original webhook-id.
                long delivered = ids.stream().filter(each -> !each.equals(id)).filter(each -> {
                    JsonNode log = till.get("/transaction/" + each + "/webhooks", ADMIN).json().get("data");
                    return log.size() > 0 && log.get(0).get("status").asText().equals("delivered");
                }).findFirst().orElseThrow();
                String webhookId = till.get("/transaction/" + delivered + "/webhooks", ADMIN).json()
                        .get("data").get(0).get("webhookId").asText();
                assertEquals(202, till.post("/transaction/" + delivered + "/webhooks/redeliver", "", ADMIN).status());
                WebhookReceiver.Received again = receiver.next(Duration.ofSeconds(10));
                assertEquals("/delivered", again.path());
                assertEquals(webhookId, again.header("webhook-id"));
                assertEquals(delivered, TillClient.transactionId(TillClient.JSON.readTree(again.body()).get("transaction")));
            }
        }
    }

    /** Before Till opens (and migrates) it: its webhooks go to the receiver, the pending one due now. */
    private static void pointWebhooksAt(Path dir, WebhookReceiver receiver) throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve(Database.FILE_NAME.replace(".mv.db", "")).toAbsolutePath();
        try (Connection connection = DriverManager.getConnection(url, "till", "");
             PreparedStatement update = connection.prepareStatement("UPDATE webhook_delivery SET url = ? || status,"
                     + " next_attempt_at = CASE WHEN status = 'pending' THEN 0 ELSE next_attempt_at END")) {
            update.setString(1, receiver.url("/"));
            assertEquals(3, update.executeUpdate(), "its webhooks: delivered, pending, failed");
        }
    }
}
