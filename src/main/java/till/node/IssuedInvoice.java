package till.node;

import java.time.Instant;

/** An invoice the node has just issued: what a payer needs, and the node's own name for it ({@code reference}). */
public record IssuedInvoice(String paymentHash, String bolt11, Instant expiresAt, String reference) {}
