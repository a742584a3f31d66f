package till.payment;

/**
 * {@code POST /invoice/pay}: pay {@code bolt11} from {@code accountId}. {@code amountMsat} only for a bolt11 without
 * an amount (or equal to its amount); {@code maxFeeMsat} null for the default fee budget; {@code note} (nullable) is
 * stored with the payment it opens.
 */
public record PayRequest(String accountId, String bolt11, Long amountMsat, Long maxFeeMsat, PaymentNote note) {
    public PayRequest(String accountId, String bolt11, Long amountMsat, Long maxFeeMsat) {
        this(accountId, bolt11, amountMsat, maxFeeMsat, null);
    }
}
