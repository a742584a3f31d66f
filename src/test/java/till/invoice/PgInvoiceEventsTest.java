package till.invoice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import till.Await;
import till.FirstRunOnly;
import till.TestPostgres;
import till.TestTill;
import till.account.AccountService;
import till.account.Bpt;
import till.bench.ThrowawayPostgres;
import till.node.LightningNode;
import till.node.cln.SimLightning;
import till.node.sim.SimNode;
import till.store.Database;
import till.store.DatabaseSetting;
import till.webhook.WebhookOutbox;
import till.webhook.WebhookUrlGuard;

/**
 * The events of two invoice cores ("processes") on one PostgreSQL database, seen from their listeners: each change
 * told once everywhere, also across a broken listening connection and the catch-up after it, and the local listeners
 * (metrics) told only of their own process's changes. B connects as a role of its own, which the test can shut out.
 */
@FirstRunOnly
class PgInvoiceEventsTest {
    private static final Duration QUICK = Duration.ofSeconds(10);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private ThrowawayPostgres pg;
    private String db;
    private String roleB;
    private SimNode node;
    private Peer a;
    private Peer b;
    private Bpt terminal;

    /** One "process": its node client, its invoice core, and what its listeners were told. */
    private record Peer(LightningNode client, InvoiceCore core, Recorder everyone, Recorder local) {}

    /** Records the changes it is told, as "hash status", and waits for the invoices it is given. */
    private static final class Recorder implements InvoiceEvents.Listener {
        final List<String> told = new CopyOnWriteArrayList<>();
        final Set<String> awaited = ConcurrentHashMap.newKeySet();

        @Override
        public void invoiceChanged(Invoice transaction) {
            told.add(transaction.invoiceHash() + " " + transaction.status());
        }

        @Override
        public Collection<String> awaited() {
            return awaited;
        }
    }

    @BeforeEach
    void start() throws SQLException {
        assumeTrue(TestPostgres.available());
        pg = TestPostgres.cluster();
        db = pg.newDatabase();
        roleB = db + "_b";
        sql("CREATE ROLE " + roleB + " LOGIN SUPERUSER");
        node = open(SimNode.start(0, TestTill.tempDir()));
        a = process(ThrowawayPostgres.USER);
        b = process(roleB);
        AccountService accounts = new AccountService(a.core.jdbi(), Clock.systemUTC(), 0);
        terminal = accounts.createBpt(accounts.createAccount("shop", 0).id(), "till", 100, null);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void eachChangeIsToldOnceInEveryProcessAndCountedInItsOwn() throws Exception {
        String x = newInvoice();
        String z = newInvoice();
        b.everyone.awaited.addAll(List.of(x, z));
        settle(a, x);
        Await.until("B told of A's change", QUICK, () -> b.everyone.told.contains(x + " paid"));
        settle(b, z);
        Await.until("B told of its own change", QUICK, () -> b.everyone.told.contains(z + " paid"));

        // B's listening connection breaks while A settles y: B reads the invoices waited on again once it is back.
        String y = newInvoice();
        b.everyone.awaited.add(y);
        sql("ALTER ROLE " + roleB + " NOLOGIN");
        try {
            assertEquals(1, terminateListenersOf(roleB));
            settle(a, y);
        } finally {
            sql("ALTER ROLE " + roleB + " LOGIN");
        }
        Await.until("B caught up", Duration.ofSeconds(20), () -> b.everyone.told.contains(y + " paid"));
        // v is told after that catch-up read has ended (one thread does both), so x and z have been read again by then.
        String v = newInvoice();
        settle(a, v);
        Await.until("B told of v", QUICK, () -> b.everyone.told.contains(v + " paid"));

        assertEquals(List.of(x + " paid", z + " paid", y + " paid", v + " paid"), b.everyone.told, "each once");
        Await.until("A told of all", QUICK, () -> a.everyone.told.size() == 4);
        assertEquals(Set.of(x + " paid", z + " paid", y + " paid", v + " paid"), Set.copyOf(a.everyone.told), "each once");
        assertEquals(List.of(x + " paid", y + " paid", v + " paid"), a.local.told, "A's own changes");
        assertEquals(List.of(z + " paid"), b.local.told, "B's own changes");
    }

    @Test
    void aChangeRolledBackIsToldNowhere() throws Exception {
        String x = newInvoice();
        String y = newInvoice();
        a.core.events().addHook((handle, invoice) -> {
            if (invoice.invoiceHash().equals(x)) {
                throw new IllegalStateException("this change rolls back");
            }
        });
        node.pay(x, null);
        try {
            a.core.nodePayments().record(a.client.findInvoice(x).orElseThrow());
        } catch (RuntimeException expected) {
            // its transaction, and the NOTIFY in it, rolled back
        }
        settle(a, y);
        Await.until("B told of y", QUICK, () -> b.everyone.told.contains(y + " paid"));
        assertEquals(List.of(y + " paid"), b.everyone.told);
    }

    private String newInvoice() {
        return a.core.issuer().create(new NewInvoice(terminal.id(), 1000, null, 600, null, null, null)).invoiceHash();
    }

    /** Paid on the node, then settled by {@code by} (as its watcher would). */
    private void settle(Peer by, String hash) {
        node.pay(hash, null);
        assertTrue(by.core.nodePayments().record(by.client.findInvoice(hash).orElseThrow()).isPresent());
    }

    private Peer process(String role) {
        Database database = open(Database.open(TestTill.tempDir(), new DatabaseSetting(pg.url(db), role, null)));
        LightningNode client = open(SimLightning.node(node));
        Clock clock = Clock.systemUTC();
        InvoiceCore core = open(InvoiceCore.wire(database, client, new AccountService(database.jdbi(), clock, 0),
                new WebhookOutbox(clock), new WebhookUrlGuard(false), clock).start());
        Peer process = new Peer(client, core, new Recorder(), new Recorder());
        core.events().addListener(process.everyone);
        core.events().addLocalListener(process.local);
        return process;
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private int terminateListenersOf(String role) throws SQLException {
        try (Connection c = pg.connect(db);
             PreparedStatement s = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE usename = ? AND application_name = ?")) {
            s.setString(1, role);
            s.setString(2, PgInvoiceEvents.APPLICATION_NAME);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
