package till.invoice;

import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import till.account.AccountService;
import till.node.LightningNode;
import till.store.Database;
import till.webhook.WebhookOutbox;
import till.webhook.WebhookUrlGuard;

/**
 * The invoice parts wired together, in one place for Till and for tests: reads, events (across processes on
 * PostgreSQL), issuing, settlement (and the unmatched payments it records), the node's payments into it. The watcher
 * and the expirer are made from these ({@link #watcher}, {@link #expirer}).
 */
public record InvoiceCore(Jdbi jdbi, LightningNode node, Clock clock, Invoices invoices, InvoiceEvents events,
                          InvoiceIssuer issuer, UnmatchedPayments unmatched, Settlement settlement,
                          NodePayments nodePayments)
        implements AutoCloseable {

    /** Wired, no thread started: {@link #start()} does that. */
    public static InvoiceCore wire(Database database, LightningNode node, AccountService accounts, WebhookOutbox outbox,
                                   WebhookUrlGuard webhookGuard, Clock clock) {
        Jdbi jdbi = database.jdbi();
        Invoices invoices = new Invoices(jdbi);
        // PostgreSQL may be shared by several Till processes: each one's changes must reach the others' listeners.
        InvoiceEvents events = database.kind() == Database.Kind.POSTGRESQL
                ? new PgInvoiceEvents(database, invoices) : new LocalInvoiceEvents(invoices);
        UnmatchedPayments unmatched = new UnmatchedPayments(jdbi, accounts);
        Settlement settlement = new Settlement(jdbi, accounts, outbox, events, unmatched, clock);
        return new InvoiceCore(jdbi, node, clock, invoices, events,
                new InvoiceIssuer(jdbi, node, accounts, webhookGuard, events, clock), unmatched, settlement,
                new NodePayments(jdbi, settlement, unmatched, clock));
    }

    public InvoiceCore start() {
        settlement.start();
        events.start();
        return this;
    }

    /** Follows the node's payments into the settlement (not started). */
    public PaymentWatcher watcher(int pollSeconds) {
        return new PaymentWatcher(node, invoices, nodePayments, clock, pollSeconds);
    }

    /** Expires the invoices whose time is up (not started). */
    public InvoiceExpirer expirer() {
        return new InvoiceExpirer(jdbi, node, invoices, nodePayments, events, clock);
    }

    @Override
    public void close() {
        try {
            issuer.close();
            nodePayments.close();
        } finally {
            try {
                settlement.close();
            } finally {
                events.close();
            }
        }
    }
}
