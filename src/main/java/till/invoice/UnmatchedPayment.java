package till.invoice;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Money received for an invoice after its credit, on its {@code rail} with that rail's {@code reference}: a Lightning
 * payment of an invoice Till had settled another way ({@code payIndex}, the node's reference, is the reference), or an
 * on-chain output ({@code txid:vout}; no pay_index) that confirmed after the charge was credited. The invoice is
 * {@code transactionId} inside Till and, for the admin who reads the list, its public id {@code transactionSeq}.
 */
public record UnmatchedPayment(String id, @JsonIgnore String transactionId,
                               @JsonProperty("transactionId") long transactionSeq, String accountId,
                               @JsonProperty("invoiceHash") String paymentHash, Long payIndex, Rail rail, String reference,
                               long amountMsat, @JsonProperty("paidAtUtc") Instant paidAt,
                               @JsonProperty("recordedAtUtc") Instant recordedAt) {

    static UnmatchedPayment lightning(String id, Invoice invoice, long payIndex, long amountMsat, Instant paidAt, Instant recordedAt) {
        return new UnmatchedPayment(id, invoice.id(), invoice.seq(), invoice.accountId(), invoice.invoiceHash(), payIndex,
                Rail.lightning, Long.toString(payIndex), amountMsat, paidAt, recordedAt);
    }

    /** {@code reference}: the output, {@code txid:vout}; {@code paidAt}: when it confirmed. */
    static UnmatchedPayment onchain(String id, Invoice invoice, String reference, long amountMsat, Instant paidAt, Instant recordedAt) {
        return new UnmatchedPayment(id, invoice.id(), invoice.seq(), invoice.accountId(), invoice.invoiceHash(), null,
                Rail.onchain, reference, amountMsat, paidAt, recordedAt);
    }
}
