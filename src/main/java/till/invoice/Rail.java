package till.invoice;

/** A way an invoice is paid; spelled as in the database. {@code internal}: between two accounts of this Till. */
public enum Rail {
    lightning, onchain, internal;

    /** A payment on this rail, once confirmed, pays its invoice whatever arrived (the node accepted it as the payment). */
    public boolean settlesWhole() {
        return this != onchain;
    }
}
