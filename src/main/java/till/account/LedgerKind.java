package till.account;

/**
 * What a ledger row records. The ledger has one row of a kind per transaction or payment (a unique index), so a
 * replay can neither credit an invoice twice nor reserve or release a payment twice.
 */
public enum LedgerKind {
    /** A received payment (positive). */
    CREDIT,
    /** Amount plus fee budget set aside before the node pays (negative). */
    RESERVE,
    /** The unused part of a reservation given back when the payment ends (positive, possibly zero). */
    RELEASE,
    /** An internal payment to another account of this Till (negative). */
    DEBIT,
    /** Money the node received for an invoice already settled another way (positive; see UnmatchedPayments). */
    UNMATCHED_PAYMENT;

    /** How a ledger row spells its kind. */
    public String stored() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
