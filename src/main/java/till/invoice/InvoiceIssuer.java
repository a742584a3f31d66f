package till.invoice;

import java.time.Clock;
import java.time.Instant;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import till.account.AccountService;
import till.account.Bpt;
import till.error.ErrorCode;
import till.error.Problem;
import till.node.InvoiceDescription;
import till.node.IssuedInvoice;
import till.node.LightningNode;
import till.store.GroupCommit;
import till.store.Ids;
import till.webhook.WebhookUrlGuard;

/** Issuing invoices: the request is valid already (checked at the edge); the node makes it, the database records it. */
public final class InvoiceIssuer implements AutoCloseable {
    private final LightningNode node;
    private final AccountService accounts;
    private final WebhookUrlGuard webhookGuard;
    private final InvoiceEvents events;
    private final Clock clock;
    private final GroupCommit<Invoice, Invoice> newInvoices;

    public InvoiceIssuer(Jdbi jdbi, LightningNode node, AccountService accounts, WebhookUrlGuard webhookGuard,
                         InvoiceEvents events, Clock clock) {
        this.node = node;
        this.accounts = accounts;
        this.webhookGuard = webhookGuard;
        this.events = events;
        this.clock = clock;
        // Its writer thread starts with the first invoice, not here.
        this.newInvoices = new GroupCommit<>(jdbi, "invoice-writer", (handle, batch) -> {
            InvoiceDao dao = handle.attach(InvoiceDao.class);
            long[] seqs = dao.insert(batch);
            dao.insertLightningRequests(batch);
            return IntStream.range(0, batch.size()).mapToObj(i -> batch.get(i).inserted(seqs[i])).toList();
        });
    }

    /** An invoice for a terminal's account, as {@code /invoice/add} asks; the description is the tag or the terminal's name. */
    public Invoice create(NewInvoice request) {
        Bpt bpt = accounts.findBpt(request.bptId())
                .orElseThrow(() -> Problem.at(ErrorCode.BPT_NOT_FOUND, "bptId"));
        return issue(new InvoiceOrder(bpt.accountId(), bpt.id(), bpt.splitBitcoinPercentage(), request.amountMsat(),
                request.tag(), InvoiceDescription.shown(request.tag() != null ? request.tag() : bpt.name()), request.expirationSeconds(),
                request.webhookUrl(), request.webhookSecret(), request.price()));
    }

    /** Creates the invoice on the node, then records it with the node's name for it (its {@code label}). */
    public Invoice issue(InvoiceOrder order) {
        if (order.webhookUrl() != null) {
            checkWebhookUrl("webhookUrl", order.webhookUrl());
        }
        String id = Ids.next();
        Instant now = clock.instant();
        IssuedInvoice issued = node.issueInvoice(id, order.amountMsat(), order.description(), order.expirySeconds());
        Invoice transaction = newInvoices.write(new Invoice(0, id, order.accountId(), order.bptId(),
                issued.paymentHash(), issued.bolt11(), issued.reference(), order.amountMsat(), order.tag(),
                order.webhookUrl(), order.webhookSecret(), order.splitBitcoinPercentage(), InvoiceStatus.unpaid, now,
                issued.expiresAt(), null, null, null, null, order.price()));
        events.created(transaction);
        return transaction;
    }

    /** Refuses (400) a webhook URL whose host is not public, unless private addresses are allowed. */
    public void checkWebhookUrl(String field, String url) {
        webhookGuard.checkUrl(field, url);
    }

    @Override
    public void close() {
        newInvoices.close();
    }
}
