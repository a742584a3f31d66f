package till.invoice;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Reading invoices: by each of their keys, and in pages. */
public final class Invoices {
    private final Jdbi jdbi;

    public Invoices(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** By the internal key, as other tables reference it. */
    public Optional<Invoice> findById(String id) {
        return jdbi.withExtension(InvoiceDao.class, dao -> dao.findById(id));
    }

    /** By the internal keys, each found one under its key. */
    public Map<String, Invoice> findByIds(List<String> ids) {
        Map<String, Invoice> found = new HashMap<>();
        jdbi.useExtension(InvoiceDao.class, dao -> dao.findByIds(ids).forEach(t -> found.put(t.id(), t)));
        return found;
    }

    /** By their hashes, those found (none asked, none found). */
    List<Invoice> findByHashes(List<String> hashes) {
        return hashes.isEmpty() ? List.of() : jdbi.withExtension(InvoiceDao.class, dao -> dao.findByHashes(hashes));
    }

    /** By the public id (the JSON's {@code id}). */
    public Optional<Invoice> findBySeq(long seq) {
        return jdbi.withExtension(InvoiceDao.class, dao -> dao.findBySeq(seq));
    }

    public Optional<Invoice> findByHash(String invoiceHash) {
        return jdbi.withExtension(InvoiceDao.class, dao -> dao.findByHash(invoiceHash));
    }

    /** Newest first, one page, with the cursor of the next page when there is one. */
    public InvoicePage list(InvoiceQuery query) {
        List<Invoice> rows = jdbi.withExtension(InvoiceDao.class,
                dao -> dao.page(query.where(), query.indexOrder(), query, query.limit() + 1));
        if (rows.size() <= query.limit()) {
            return new InvoicePage(rows, null);
        }
        List<Invoice> page = rows.subList(0, query.limit());
        return new InvoicePage(List.copyOf(page), Long.toString(page.get(page.size() - 1).seq()));
    }

    /** Unpaid invoices whose expiry has passed, the longest overdue first. */
    List<Invoice> dueForExpiry(Instant now, int limit) {
        return jdbi.withExtension(InvoiceDao.class, dao -> dao.dueForExpiry(now, limit));
    }

    /** Invoices a payment could still arrive for: unpaid, or expired after {@code since}. */
    List<Invoice> openOrRecentlyExpired(Instant since) {
        return jdbi.withExtension(InvoiceDao.class, dao -> dao.openOrRecentlyExpired(since));
    }
}
