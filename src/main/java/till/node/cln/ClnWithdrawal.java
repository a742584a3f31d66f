package till.node.cln;

/** A {@code withdraw} result: the broadcast transaction's id and raw hex, and its PSBT (base64). */
public record ClnWithdrawal(String txid, String tx, String psbt) { }
