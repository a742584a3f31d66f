package till.node.cln;

/** The result of Core Lightning's {@code invoice}. */
public record ClnCreatedInvoice(String paymentHash, String bolt11, long expiresAt, String paymentSecret, long createdIndex) {}
