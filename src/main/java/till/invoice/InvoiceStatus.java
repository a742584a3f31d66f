package till.invoice;

/**
 * An invoice's state; the constants are spelled as they appear in JSON and in the database. Derived from what the
 * invoice received ({@link #derive}), never counted up: replays, restarts and reorgs cannot push it wrong.
 * {@code processing} and {@code underpaid} come from on-chain payments; a Lightning payment is whole and final.
 * {@code refunded}: an underpaid charge whose outputs were sent back to the payer (never derived; final).
 */
public enum InvoiceStatus {
    unpaid, processing, underpaid, paid, expired, refunded;

    /**
     * From the sums an invoice received: paid once confirmed payments cover its amount (also after its expiry, and
     * when they exceed it: the whole sum is credited), or once a rail settled its request whole ({@code requestSettled}:
     * a Lightning invoice the node accepted a payment for is paid, whatever arrived, and takes no other); processing while unconfirmed ones are needed to cover it;
     * underpaid when something, not enough, arrived; otherwise expired once {@code closed} (its time is up and no rail
     * takes a payment for it any more), else unpaid.
     */
    public static InvoiceStatus derive(long amountMsat, long confirmedMsat, long pendingMsat, boolean requestSettled,
                                       boolean closed) {
        if (requestSettled || confirmedMsat >= amountMsat) {
            return paid;
        }
        if (confirmedMsat + pendingMsat >= amountMsat) {
            return processing;
        }
        if (confirmedMsat + pendingMsat > 0) {
            return underpaid;
        }
        return closed ? expired : unpaid;
    }
}
