package till.account;

/** An account: it owns terminals, receives payments into its balance, and pays from it. */
public record Account(String id, String name, int feePpm, long balanceMsat) {}
