package till.invoice;

/** Filters for listing transactions; null means "any". {@code afterSeq} is the cursor of the previous page. */
public record TransactionQuery(String accountId, String bptId, InvoiceStatus status, int limit, Long afterSeq) {}
