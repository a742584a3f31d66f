package till.account;

/** What an account's API key may do; the constants are spelled as in JSON and in the database. */
public enum KeyKind {
    /** Everything the account may: pay, manage its terminals and keys, read. */
    full,
    /**
     * Create and read the account's invoices and charges, nothing else: for a shop's plugin that keeps its key in the
     * shop's own database, where a leak must not be able to spend the balance.
     */
    receive
}
