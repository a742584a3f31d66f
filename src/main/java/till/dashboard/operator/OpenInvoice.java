package till.dashboard.operator;

/** An unpaid invoice, by its transaction's public id; times in epoch milliseconds. */
public record OpenInvoice(long transactionId, String accountName, long amountMsat, long createdAt, long expiresAt) {}
