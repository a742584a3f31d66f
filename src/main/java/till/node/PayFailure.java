package till.node;

/** Why a payment ended without paying anything, with nothing still trying: the node's final refusals, in Till's words. */
public enum PayFailure {
    BOLT11_REFUSED("the node refused the bolt11"),
    PAID_DIFFERENTLY("already paid with this payment hash using a different amount or destination"),
    DESTINATION_FAILED("permanent failure at the destination"),
    NO_ROUTE("no route to the destination"),
    FEE_TOO_HIGH("the route would cost more than maxFeeMsat"),
    INVOICE_EXPIRED("the invoice expired"),
    FAILED("the payment failed"),
    TIMED_OUT("timed out without a payment in progress"),
    ALREADY_PAID("the invoice has already been paid");

    private final String meaning;

    PayFailure(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
