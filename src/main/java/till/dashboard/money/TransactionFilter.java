package till.dashboard.money;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import till.invoice.InvoiceStatus;

/**
 * What the shop's transactions list and its CSV export show: one account's transactions, optionally of one status,
 * one terminal, created in {@code [from, to)}, and matching {@code search} (a whole invoice hash, or text in the tag).
 * Null means "any". Each filter names one of this record's methods, which the DAO binds by name.
 */
public record TransactionFilter(String accountId, InvoiceStatus status, String bptId, Instant from, Instant to,
                                String search) {
    private static final int HASH_LENGTH = 64;

    public TransactionFilter {
        if (accountId == null) {
            throw new IllegalArgumentException("a shop's transactions always belong to its account");
        }
        search = search == null || search.isBlank() ? null : search.strip();
    }

    /** The search is a payment hash: found by its unique index, whatever the other filters. */
    boolean searchesHash() {
        if (search == null || search.length() != HASH_LENGTH) {
            return false;
        }
        try {
            HexFormat.of().parseHex(search);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The hash searched for, lower-case as stored; bound as {@code :hash}. */
    public String hash() {
        return searchesHash() ? search.toLowerCase(java.util.Locale.ROOT) : null;
    }

    /** The tag search as a LIKE pattern (its own wildcards escaped with !); bound as {@code :tagPattern}. */
    public String tagPattern() {
        return search == null ? null : "%" + search.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    public Long fromMillis() {
        return from == null ? null : from.toEpochMilli();
    }

    public Long toMillis() {
        return to == null ? null : to.toEpochMilli();
    }

    public String statusName() {
        return status == null ? null : status.name();
    }

    /**
     * The filters as SQL conditions on {@code t} (transactions), {@code afterSeq} the keyset cursor, or null. Only for a
     * filter whose terminal, if any, is the account's ({@link ShopMoney} checks).
     */
    String where(Long afterSeq) {
        List<String> where = new ArrayList<>();
        // A terminal belongs to one account for good, and ShopMoney reads a terminal's rows only for its own account:
        // the terminal alone then names the account's rows, and H2 cannot pick the account's index (and sort) instead.
        if (bptId == null || status != null) where.add("t.account_id = :accountId");
        if (status != null) where.add("t.status = :statusName");
        if (bptId != null) where.add("t.bpt_id = :bptId");
        if (from != null) where.add("t.created_at >= :fromMillis");
        if (to != null) where.add("t.created_at < :toMillis");
        if (searchesHash()) {
            where.add("t.invoice_hash = :hash");
        } else if (search != null) {
            where.add("t.tag LIKE :tagPattern ESCAPE '!'");
        }
        if (afterSeq != null) where.add("t.seq < :afterSeq");
        return "WHERE " + String.join(" AND ", where);
    }

    /**
     * H2 walks an index backwards and stops after the page only when ORDER BY names the index's columns from the
     * first (constants here, so the order is unchanged): the index that fits the filters' columns comes first. A hash
     * is unique: its own index finds the one row.
     */
    String indexOrder() {
        if (searchesHash()) return "";
        if (bptId != null && status != null) return "t.account_id DESC, t.status DESC, t.bpt_id DESC,";
        if (bptId != null) return "t.bpt_id DESC,";
        if (status != null) return "t.account_id DESC, t.status DESC,";
        return "t.account_id DESC,";
    }
}
