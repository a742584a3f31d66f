package till.account;

/** Who is calling: the admin, or one account through one of its keys. */
public sealed interface Caller {
    record Admin() implements Caller {}

    record OfAccount(String accountId, String keyId, KeyKind kind) implements Caller {}

    /** Whether this caller may see and act on the given account (what its key's kind allows is the web layer's). */
    default boolean mayUse(String accountId) {
        return this instanceof Admin || (this instanceof OfAccount own && own.accountId().equals(accountId));
    }
}
