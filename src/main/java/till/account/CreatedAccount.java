package till.account;

/** A new account with its API key, which exists in clear only in this answer. */
public record CreatedAccount(String id, String name, int feePpm, long balanceMsat, String apiKey) {}
