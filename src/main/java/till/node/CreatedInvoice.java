package till.node;

/** The result of Core Lightning's {@code invoice}. */
public record CreatedInvoice(String paymentHash, String bolt11, long expiresAt, String paymentSecret, long createdIndex) {}
