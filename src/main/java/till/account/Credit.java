package till.account;

/** An amount added to an account's balance, for the transaction or payment {@code reference}. */
public record Credit(String accountId, long amountMsat, String reference) {}
