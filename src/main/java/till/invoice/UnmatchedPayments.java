package till.invoice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import till.account.AccountService;
import till.account.LedgerEntry;

/**
 * The net under every settlement path: money the node reports for an invoice Till already credited (a second
 * Lightning payment, an on-chain output confirmed after the credit) is never dropped. It is credited in full to the invoice's account (an {@code unmatched_payment} ledger row: usually a
 * customer paid twice, and the shop refunds), logged as a warning, counted, and listed for the admin.
 */
public final class UnmatchedPayments {
    private static final Logger log = LoggerFactory.getLogger(UnmatchedPayments.class);

    private final Jdbi jdbi;
    private final AccountService accounts;
    private final List<Consumer<UnmatchedPayment>> listeners = new CopyOnWriteArrayList<>();

    UnmatchedPayments(Jdbi jdbi, AccountService accounts) {
        this.jdbi = jdbi;
        this.accounts = accounts;
    }

    /** Told of each unmatched payment once it is committed (the metrics). */
    public void addListener(Consumer<UnmatchedPayment> listener) {
        listeners.add(listener);
    }

    /** Newest first. */
    public List<UnmatchedPayment> newest(int limit) {
        return jdbi.withExtension(UnmatchedPaymentDao.class, dao -> dao.newest(limit));
    }

    /** Inside the settlement's database transaction: records and credits each one not recorded before. */
    void record(Handle handle, List<UnmatchedPayment> found) {
        if (found.isEmpty()) {
            return;
        }
        UnmatchedPaymentDao dao = handle.attach(UnmatchedPaymentDao.class);
        List<UnmatchedPayment> fresh = found.stream().filter(u -> dao.insertIfAbsent(u) == 1).toList();
        accounts.creditUnmatched(handle, fresh.stream()
                .map(u -> new LedgerEntry(u.accountId(), u.amountMsat(), u.id())).toList());
        handle.afterCommit(() -> fresh.forEach(this::announce));
    }

    private void announce(UnmatchedPayment u) {
        log.warn("Unmatched payment: the node received {} msat ({} {}) for invoice {} after it was credited; "
                        + "credited to account {} as unmatched payment {}", u.amountMsat(), u.rail(), u.reference(),
                u.paymentHash(), u.accountId(), u.id());
        for (Consumer<UnmatchedPayment> listener : listeners) {
            listener.accept(u);
        }
    }
}
