package till.account;

/** A bitcoin payment terminal: its id is a receive-only capability for its account. */
public record Bpt(String id, String accountId, String name, int splitBitcoinPercentage) {}
