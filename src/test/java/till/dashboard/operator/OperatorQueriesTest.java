package till.dashboard.operator;

import till.TestDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import till.TestTill;
import till.account.AccountService;
import till.account.CreatedAccount;
import till.account.LedgerEntry;
import till.account.LedgerKind;
import till.store.Database;

/** The operator's view's reads on a real database: accounts with their ledger totals, pages, the webhook backlog. */
class OperatorQueriesTest {
    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    private Database database;
    private AccountService accounts;

    @BeforeEach
    void open() {
        database = TestDatabase.open(TestTill.tempDir());
        accounts = new AccountService(database.jdbi(), Clock.fixed(T0, ZoneOffset.UTC), 2_000);
    }

    /** An account made at {@code at}. */
    private CreatedAccount account(String name, Integer feePpm, Instant at) {
        return new AccountService(database.jdbi(), Clock.fixed(at, ZoneOffset.UTC), 2_000).createAccount(name, feePpm);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void accountsNewestFirstWithWhatTheyReceivedAndPaidOut() {
        CreatedAccount older = account("Older café", 0, T0);
        CreatedAccount newer = account("Newer bakery", null, T0.plusSeconds(60));
        database.jdbi().useTransaction(handle -> {
            accounts.credit(handle, List.of(new LedgerEntry(older.id(), 90_000, "t1"), new LedgerEntry(older.id(), 10_500, "t2")));
            accounts.creditUnmatched(handle, List.of(new LedgerEntry(older.id(), 1_000, "u1")));
            accounts.take(handle, older.id(), LedgerKind.RESERVE, 30_000, "p1"); // amount + fee budget
            accounts.release(handle, older.id(), 2_000, "p1"); // the unused fee budget
            accounts.take(handle, older.id(), LedgerKind.DEBIT, 5_000, "p2"); // an internal payment
        });

        AccountsPage page = new AccountTotals(database.jdbi()).page(1);
        assertEquals(new AccountsPage(List.of(
                new AccountSummary(newer.id(), "Newer bakery", 2_000, 0, T0.plusSeconds(60), 0, 0, 0),
                new AccountSummary(older.id(), "Older café", 0, 68_500, T0, 101_500, 3, 33_000)), 1, 1, 2), page);
        assertEquals(accounts.ledgerSum(older.id()), page.accounts().get(1).balanceMsat());
    }

    @Test
    void manyAccountsArePagedAndAPagePastTheLastIsTheLast() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < AccountTotals.PAGE_SIZE + 1; i++) {
            ids.add(account("Shop " + i, null, T0.plusSeconds(i)).id());
        }
        AccountTotals totals = new AccountTotals(database.jdbi());
        AccountsPage first = totals.page(1);
        assertEquals(AccountTotals.PAGE_SIZE, first.accounts().size());
        assertEquals(ids.get(ids.size() - 1), first.accounts().get(0).id(), "the newest first");
        assertEquals(2, first.pages());
        AccountsPage last = totals.page(2);
        assertEquals(List.of(ids.get(0)), last.accounts().stream().map(AccountSummary::id).toList());
        assertEquals(last, totals.page(99));
        assertEquals(first, totals.page(0));
    }

    @Test
    void theWebhookBacklogCountsWaitingAndGivenUpDeliveriesAndNamesTheFailingHosts() {
        WebhookBacklogs backlogs = new WebhookBacklogs(database.jdbi());
        assertEquals(new WebhookBacklog(0, null, 0, List.of()), backlogs.read());
        delivery("d1", "shop.example", "pending", 0, 1_000);      // waiting for its first attempt
        delivery("d2", "slow.example", "pending", 3, 2_000);
        delivery("d3", "slow.example", "pending", 1, 3_000);
        delivery("d4", null, "pending", 2, 4_000);               // queued before Till noted hosts
        delivery("d5", "gone.example", "failed", 12, 5_000);
        delivery("d6", "shop.example", "delivered", 1, 6_000);
        WebhookBacklog backlog = backlogs.read();
        assertEquals(4, backlog.pending());
        assertEquals(Instant.ofEpochMilli(1_000), backlog.oldestPending());
        assertEquals(1, backlog.failed());
        assertEquals(List.of(new FailingHost("slow.example", 2, 2_000, 3), new FailingHost(null, 1, 4_000, 2)),
                backlog.failingHosts());
    }

    private void delivery(String id, String host, String status, int attempts, long createdAt) {
        database.jdbi().useHandle(handle -> handle.createUpdate("INSERT INTO webhook_delivery (id, webhook_id, "
                        + "transaction_id, url, host, content_type, body, status, attempts, created_at, next_attempt_at) "
                        + "VALUES (:id, :id, 't', 'https://x/', :host, 'application/json', '{}', :status, :attempts, "
                        + ":createdAt, :createdAt)")
                .bind("id", id).bind("host", host).bind("status", status).bind("attempts", attempts)
                .bind("createdAt", createdAt).execute());
    }
}
