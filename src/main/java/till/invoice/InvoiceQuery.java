package till.invoice;

import java.util.ArrayList;
import java.util.List;

/** Filters for listing transactions; null means "any". {@code afterSeq} is the cursor of the previous page. */
public record InvoiceQuery(String accountId, String bptId, InvoiceStatus status, int limit, Long afterSeq) {

    /** The filters given, as SQL: each names one of this record's methods, which the DAO binds by name. */
    String where() {
        List<String> where = new ArrayList<>();
        if (accountId != null) where.add("t.account_id = :accountId");
        if (bptId != null) where.add("t.bpt_id = :bptId");
        if (status != null) where.add("t.status = :status");
        if (afterSeq != null) where.add("t.seq < :afterSeq");
        return where.isEmpty() ? "" : "WHERE " + String.join(" AND ", where);
    }

    /**
     * H2 walks an index backwards and stops after the page only when ORDER BY names the index's columns from the
     * first: so the filtered column of the index that fits (a constant here, so the order is the same) comes first.
     */
    String indexOrder() {
        String indexed = bptId != null ? "t.bpt_id" : accountId != null ? "t.account_id" : status != null ? "t.status" : null;
        return indexed == null ? "" : indexed + " DESC,";
    }
}
