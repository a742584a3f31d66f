package till.account;

/** Who is calling: the admin, or one account through its key. */
public sealed interface Caller {
    record Admin() implements Caller {}

    record OfAccount(String accountId) implements Caller {}

    /** Whether this caller may see and act on the given account. */
    default boolean mayUse(String accountId) {
        return this instanceof Admin || (this instanceof OfAccount own && own.accountId().equals(accountId));
    }
}
