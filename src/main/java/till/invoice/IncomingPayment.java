package till.invoice;

import java.time.Instant;

/** A payment of one of Till's invoices, about to be settled: how much arrived, when, and its node pay_index if any. */
public record IncomingPayment(Invoice invoice, long amountReceivedMsat, Instant paidAt, Long payIndex) {}
