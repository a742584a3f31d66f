package till.invoice;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import till.Await;
import till.TestTill;
import till.TillClient.Shop;
import till.account.AccountService;
import till.node.NodeInvoice;
import till.node.cln.SimLightning;
import till.store.Database;

/**
 * Money the node reports for an invoice Till already considers paid (settled internally by a Till before the node's
 * invoice was deleted first: the node's copy stayed payable) is recorded, credited once, counted and listed.
 */
class UnmatchedPaymentTest {
    @TempDir
    Path dir;

    @Test
    void aSecondPaymentOfAnInvoiceSettledWithoutTheNodeIsCreditedOnceEvenWhenReplayed() {
        Clock clock = Clock.systemUTC();
        try (InvoiceCoreHarness harness = InvoiceCoreHarness.start(dir, clock, 10_000, true)) {
            AccountService accounts = harness.accounts;
            InvoiceCore invoices = harness.core;
            String account = accounts.createAccount("shop", null).id();
            Invoice invoice = invoices.issuer().create(new NewInvoice(accounts.createBpt(account, "till", 100, null).id(), 5000,
                    null, 600, null, null, null));
            // Settled between accounts, the node never told: what an internal payment did before delinvoice.
            harness.database.jdbi().useTransaction(handle -> invoices.settlement().apply(handle,
                    List.of(IncomingPayment.internal(invoice, "an internal payment", 5000, clock.instant()))));
            assertEquals(4950, balance(accounts, account), "credited minus the 1% fee");

            NodeInvoice paidOnNode = SimLightning.pay(harness.node, harness.client, invoice.invoiceHash());
            assertTrue(invoices.nodePayments().record(paidOnNode).isEmpty(), "not a settlement: the invoice was paid already");
            invoices.nodePayments().record(paidOnNode);  // a replay: reconciliation, or the watcher after a restart

            List<UnmatchedPayment> unmatched = invoices.unmatched().newest(10);
            assertEquals(1, unmatched.size());
            assertEquals(invoice.id(), unmatched.get(0).transactionId());
            assertEquals(account, unmatched.get(0).accountId());
            assertEquals(5000, unmatched.get(0).amountMsat());
            assertEquals(paidOnNode.payIndex(), unmatched.get(0).payIndex());
            assertEquals(4950 + 5000, balance(accounts, account), "credited in full, once");
            assertEquals(balance(accounts, account), accounts.ledgerSum(account));
        }
    }

    private static long balance(AccountService accounts, String account) {
        return accounts.findAccount(account).orElseThrow().balanceMsat();
    }

    @Test
    void theWatcherRecordsItAndTheAdminAndTheMetricsSeeIt() {
        try (TestTill server = TestTill.start()) {
            Shop shop = server.createShop(0);
            String hash = server.createInvoice(shop, 7000).get("invoiceHash").asText();
            try (Database database = TestDatabase.open(server.dataDir)) {
                database.jdbi().useHandle(h -> h.createUpdate("UPDATE transactions SET status = 'paid', settled_at = 1, "
                        + "amount_received_msat = 7000, received_msat = 7000, fee_process_msat = 0 WHERE invoice_hash = :hash")
                        .bind("hash", hash).execute());
            }
            assertEquals(200, server.pay(hash).status(), "the customer's wallet pays the node's copy");

            Await.until("recorded", Duration.ofSeconds(10),
                    () -> server.get("/admin/unmatched-payments", TestTill.ADMIN_KEY).json().size() == 1);
            JsonNode listed = server.get("/admin/unmatched-payments", TestTill.ADMIN_KEY).json().get(0);
            assertEquals(hash, listed.get("invoiceHash").asText());
            assertEquals(7000, listed.get("amountMsat").asLong());
            assertEquals(shop.accountId(), listed.get("accountId").asText());
            assertEquals(7000, server.balance(shop));
            server.assertLedgerMatches(shop);
            assertEquals(403, server.get("/admin/unmatched-payments", shop.apiKey()).status());
            String metrics = server.get("/metrics", null).body();
            assertTrue(metrics.contains("till_unmatched_payments_total 1.0"), metrics);
            assertTrue(metrics.contains("till_unmatched_payments_msat_total 7000.0"), metrics);
        }
    }
}
