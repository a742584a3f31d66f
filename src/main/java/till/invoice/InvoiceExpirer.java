package till.invoice;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import till.node.LightningNode;
import till.node.NodeInvoice;
import till.node.NodeInvoiceState;
import till.task.RepeatingTask;

/** Once a second, turns invoices whose time is up into expired ones, unless the node says they were paid. */
public final class InvoiceExpirer implements AutoCloseable {
    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final int PER_ROUND = 500;

    private final Jdbi jdbi;
    private final LightningNode node;
    private final Invoices invoices;
    private final NodePayments nodePayments;
    private final InvoiceEvents events;
    private final Clock clock;
    private final RepeatingTask task;

    public InvoiceExpirer(Jdbi jdbi, LightningNode node, Invoices invoices, NodePayments nodePayments, InvoiceEvents events,
                          Clock clock) {
        this.jdbi = jdbi;
        this.node = node;
        this.invoices = invoices;
        this.nodePayments = nodePayments;
        this.events = events;
        this.clock = clock;
        this.task = new RepeatingTask("invoice-expirer", EVERY, this::expireDue);
    }

    public void start() {
        task.start(EVERY);
    }

    /**
     * Settles or expires the unpaid invoices whose expiry has passed. The node decides: an invoice it reports
     * paid is settled, one it reports expired (or no longer knows) is marked expired, and while the node
     * cannot be asked nothing is marked, so a payment that raced the expiry is never lost.
     */
    public int expireDue() {
        List<Invoice> due = invoices.dueForExpiry(clock.instant(), PER_ROUND);
        return EachInvoice.alone(due, "Expiring", transaction -> {
            Optional<NodeInvoice> onNode = node.findInvoice(transaction.invoiceHash());
            if (onNode.isPresent() && onNode.get().isPaid()) {
                return nodePayments.record(onNode.get()).isPresent() ? 1 : 0;
            } else if (onNode.isEmpty() || onNode.get().state() == NodeInvoiceState.EXPIRED) {
                return markExpired(transaction) ? 1 : 0;
            }
            return 0;
        });
    }

    private boolean markExpired(Invoice transaction) {
        Optional<Invoice> expired = jdbi.inTransaction(handle -> {
            InvoiceDao dao = handle.attach(InvoiceDao.class);
            if (dao.markExpired(transaction.id()) == 0) {
                return Optional.<Invoice>empty();
            }
            Invoice now = dao.findById(transaction.id()).orElseThrow();
            events.changing(handle, now);
            return Optional.of(now);
        });
        expired.ifPresent(events::changed);
        return expired.isPresent();
    }

    @Override
    public void close() {
        task.close();
    }
}
