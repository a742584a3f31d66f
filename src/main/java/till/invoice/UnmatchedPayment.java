package till.invoice;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Money the node received for an invoice Till had already settled another way (an internal payment whose node
 * invoice stayed open, as older versions left it). {@code payIndex} is the node's reference of that payment. The invoice is
 * {@code transactionId} inside Till and, for the admin who reads the list, its public id {@code transactionSeq}.
 */
public record UnmatchedPayment(String id, @JsonIgnore String transactionId,
                               @JsonProperty("transactionId") long transactionSeq, String accountId,
                               @JsonProperty("invoiceHash") String paymentHash, Long payIndex, long amountMsat,
                               @JsonProperty("paidAtUtc") Instant paidAt,
                               @JsonProperty("recordedAtUtc") Instant recordedAt) {}
