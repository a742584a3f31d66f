package till.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import till.Await;
import till.TestTill;
import till.TillClient;
import till.account.AccountDao;
import till.store.Database;

/** What a mixed run ({@link MixedLoad}) must have left behind, however often Till was killed during it. */
final class MixedRunCheck {
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private MixedRunCheck() {}

    /**
     * Waits, with the load stopped, until every payment the node saw is paid in each of {@code tills}, every paid
     * invoice's webhook was accepted (under one webhook-id, however often it was retried) and no outgoing payment is
     * in flight.
     */
    static void awaitSettled(List<TillClient> tills, MixedLoad load, DeliveredWebhooks delivered) {
        for (TillClient till : tills) {
            Await.until("every payment the node saw is paid in Till at " + till.url, SETTLE, () -> load.paidOnNode.stream()
                    .allMatch(hash -> "paid".equals(till.get("/invoice/" + hash + "/status", null).text("status"))));
        }
        Await.until("every paid invoice's webhook delivered", SETTLE, () -> delivered.containsAll(load.paidOnNode));
        assertEquals(Map.of(), delivered.severalIds(), "one webhook event (webhook-id) per paid invoice");
        TillClient till = tills.get(0);
        Await.until("no outgoing payment in flight", SETTLE, () -> load.outgoing.stream()
                .map(hash -> till.get("/payment/" + hash, TestTill.ADMIN_KEY))
                .noneMatch(payment -> payment.status() == 200 && "in_flight".equals(payment.text("status"))));
    }

    /** The invoices the node reports paid ({@code listinvoices}), whoever paid them. */
    static Set<String> paidOnNode(TillClient node) {
        TillClient.Response list = node.rpc("listinvoices", "{}");
        assertEquals(201, list.status(), "listinvoices answered (clnrest's 201)");
        Set<String> paid = new HashSet<>();
        for (JsonNode invoice : list.json().get("invoices")) {
            if ("paid".equals(invoice.path("status").asText())) {
                paid.add(invoice.get("payment_hash").asText());
            }
        }
        return paid;
    }

    /**
     * Read from the database with every Till stopped: the invoices paid in Till are those the node saw paid, each
     * credited once; no outgoing payment is in flight; every balance equals its ledger.
     */
    static void assertLedger(Database database, Set<String> paidOnNode) {
        database.jdbi().useHandle(h -> {
            List<String> paid = h.createQuery("SELECT invoice_hash FROM transactions WHERE status = 'paid'")
                    .mapTo(String.class).list();
            assertEquals(paidOnNode, Set.copyOf(paid), "paid in Till = paid on the node");
            int credits = h.createQuery("SELECT COUNT(*) FROM ledger WHERE kind = 'credit'").mapTo(Integer.class).one();
            assertEquals(paid.size(), credits, "exactly one credit per paid invoice");
            int inFlight = h.createQuery("SELECT COUNT(*) FROM payment WHERE status = 'in_flight'").mapTo(Integer.class).one();
            assertEquals(0, inFlight, "no payment left in flight");
            List<String> accounts = h.createQuery("SELECT id FROM account").mapTo(String.class).list();
            for (String account : accounts) {
                long balance = h.createQuery("SELECT balance_msat FROM account WHERE id = :a").bind("a", account)
                        .mapTo(Long.class).one();
                assertEquals(h.attach(AccountDao.class).ledgerSum(account), balance, "balance = ledger sum of " + account);
            }
        });
    }
}
